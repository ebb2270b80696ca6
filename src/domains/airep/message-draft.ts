import type { AirepIssue } from './airep-issues.ts';
import { emptyFields, type AirepFields, type AirepMessageType } from './airep-report.ts';

export type GroupKind = 'position' | 'level' | 'temperature' | 'wind' | 'turbulence' | 'icing';

/** A message as its parser fills it in: fields, issues, and which groups it has read already. */
export interface MessageDraft {
  type: AirepMessageType | null;
  fields: AirepFields;
  issues: AirepIssue[];
  seen: Set<GroupKind>;
  /** True when the position and time were read without a problem (usable for the ground speed check). */
  positionUsable: boolean;
  timeUsable: boolean;
}

export function newDraft(type: AirepMessageType | null): MessageDraft {
  return { type, fields: emptyFields(), issues: [], seen: new Set(), positionUsable: false, timeUsable: false };
}
