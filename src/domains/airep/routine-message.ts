import { airepIssue } from './airep-issues.ts';
import { readLevelInto, readPositionInto, readTimeInto } from './field-readers.ts';
import type { MessageDraft } from './message-draft.ts';
import { readOptionalGroups } from './optional-groups.ts';
import { readCallsign } from './parsers/callsign-parser.ts';
import { looksLikeLevel } from './parsers/level-parser.ts';
import { positionMalformed, positionMissing } from './parsers/position-parser.ts';
import { looksLikeTime } from './parsers/time-parser.ts';
import type { TokenCursor } from './tokenizer.ts';

/**
 * Reads a routine air-report after its designator:
 * `ARP <callsign> <position> <hhmm> <level> [<temp>] [<wind>] [TB|TURB <intensity>] [ICE <intensity>] ...`.
 * A missing mandatory group is reported and the next group is tried as the following field, so one
 * slip does not hide the rest of the message.
 */
export function readRoutineMessage(cursor: TokenCursor, draft: MessageDraft): void {
  const callsign = readCallsign(cursor, 'ARP');
  draft.fields.callsign = callsign.value;
  draft.issues.push(...callsign.issues);

  const positionToken = cursor.peek();
  if (!readPositionInto(draft, cursor, { hemisphereFirst: false })) {
    if (positionToken === undefined || looksLikeTime(positionToken) || looksLikeLevel(positionToken)) {
      draft.issues.push(positionMissing(positionToken, 'callsign'));
    } else {
      cursor.next();
      draft.issues.push(positionMalformed(positionToken));
    }
  }

  const timeToken = cursor.peek();
  if (timeToken !== undefined && looksLikeTime(timeToken)) {
    cursor.next();
    readTimeInto(draft, timeToken);
  } else {
    draft.issues.push(airepIssue('time_malformed', `time (hhmm) is missing after the position${timeToken === undefined ? '' : ` (found ${timeToken})`}`));
  }

  const levelToken = cursor.peek();
  if (levelToken !== undefined && looksLikeLevel(levelToken)) {
    cursor.next();
    readLevelInto(draft, levelToken, { allowLayer: false });
  } else {
    draft.issues.push(airepIssue('level_malformed', `level (F370, FL370 or A050) is missing after the time${levelToken === undefined ? '' : ` (found ${levelToken})`}`));
  }

  readOptionalGroups(cursor, draft, { levelAndPosition: false });
}
