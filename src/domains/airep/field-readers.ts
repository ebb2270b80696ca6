import { airepIssue } from './airep-issues.ts';
import type { MessageDraft } from './message-draft.ts';
import { parseLevel } from './parsers/level-parser.ts';
import { readPosition, type PositionOptions } from './parsers/position-parser.ts';
import { parseTime } from './parsers/time-parser.ts';
import type { TokenCursor } from './tokenizer.ts';

/** Reads a position at the cursor into the draft; false (nothing consumed) when there is none there. */
export function readPositionInto(draft: MessageDraft, cursor: TokenCursor, options: PositionOptions): boolean {
  const position = readPosition(cursor, options);
  if (position === null) return false;
  draft.seen.add('position');
  draft.fields.lat = position.lat;
  draft.fields.lon = position.lon;
  draft.fields.fix = position.fix;
  draft.issues.push(...position.issues);
  draft.positionUsable = position.issues.length === 0 && position.lat !== null && position.lon !== null;
  return true;
}

/** Reads the group as the message's time. */
export function readTimeInto(draft: MessageDraft, token: string): void {
  const time = parseTime(token);
  draft.fields.time = time.value;
  draft.issues.push(...time.issues);
  draft.timeUsable = time.issues.length === 0;
}

/** Reads the group as the message's level. */
export function readLevelInto(draft: MessageDraft, token: string, options: { allowLayer: boolean }): void {
  draft.seen.add('level');
  const level = parseLevel(token, options);
  draft.fields.level = level.level;
  draft.issues.push(...level.issues);
}

/** The error for a group that appears twice (two temperatures, two winds...). */
export function duplicateGroup(draft: MessageDraft, kind: string, token: string): void {
  draft.issues.push(airepIssue('duplicate_group', `second ${kind} group ${token}: a message reports each group once`));
}
