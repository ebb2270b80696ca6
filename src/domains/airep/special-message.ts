import { airepIssue } from './airep-issues.ts';
import { readPositionInto, readTimeInto } from './field-readers.ts';
import type { MessageDraft } from './message-draft.ts';
import { readOptionalGroups } from './optional-groups.ts';
import { readCallsign } from './parsers/callsign-parser.ts';
import { icingKeyword, turbulenceKeywords } from './parsers/hazard-parser.ts';
import { looksLikeLevel } from './parsers/level-parser.ts';
import { readPhenomenon } from './parsers/phenomenon-parser.ts';
import { looksLikeTime } from './parsers/time-parser.ts';
import type { TokenCursor } from './tokenizer.ts';

/**
 * Reads a special air-report after its designator:
 * `ARS <callsign> <phenomenon> OBS AT <hhmm>Z [<position>] [FL390 | FL180/210]`. The position may be
 * written hemisphere first (`N2020W07005`) as well as like an ARP's; a named fix is accepted right
 * after the time.
 */
export function readSpecialMessage(cursor: TokenCursor, draft: MessageDraft): void {
  const callsign = readCallsign(cursor, 'ARS');
  draft.fields.callsign = callsign.value;
  draft.issues.push(...callsign.issues);

  const phenomenon = readPhenomenon(cursor);
  draft.fields.phenomenon = phenomenon.value;
  draft.issues.push(...phenomenon.issues);

  readObservationTime(cursor, draft);

  const next = cursor.peek();
  if (next !== undefined && !looksLikeLevel(next) && !turbulenceKeywords.has(next) && next !== icingKeyword) {
    readPositionInto(draft, cursor, { hemisphereFirst: true });
  }
  readOptionalGroups(cursor, draft, { levelAndPosition: true });
}

function readObservationTime(cursor: TokenCursor, draft: MessageDraft): void {
  if (cursor.peek() === 'OBS') {
    cursor.next();
    if (cursor.peek() === 'AT') cursor.next();
    else draft.issues.push(airepIssue('time_malformed', `expected OBS AT <hhmm>Z, found OBS ${cursor.peek() ?? '(end of message)'}`));
    const time = cursor.peek();
    if (time !== undefined && looksLikeTime(time)) {
      cursor.next();
      readTimeInto(draft, time);
    } else {
      draft.issues.push(airepIssue('time_malformed', `observation time (OBS AT hhmmZ) is missing${time === undefined ? '' : ` (found ${time})`}`));
    }
    return;
  }
  const time = cursor.peek();
  if (time !== undefined && looksLikeTime(time)) {
    cursor.next();
    draft.issues.push(airepIssue('time_malformed', `time ${time} must be written OBS AT ${time.endsWith('Z') ? time : `${time}Z`}`));
    readTimeInto(draft, time);
    return;
  }
  draft.issues.push(airepIssue('time_malformed', `observation time (OBS AT hhmmZ) is missing${time === undefined ? '' : ` (found ${time})`}`));
}
