import type { AirepIssue } from '../airep-issues.ts';

/** What a field parser read: the value (null when unreadable) and the problems it found. */
export interface ParsedGroup<Value> {
  value: Value | null;
  issues: AirepIssue[];
}
