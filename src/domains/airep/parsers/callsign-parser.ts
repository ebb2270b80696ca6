import { airepIssue } from '../airep-issues.ts';
import type { TokenCursor } from '../tokenizer.ts';
import type { ParsedGroup } from './parsed-group.ts';
import { looksLikeCoordinates } from './position-parser.ts';
import { looksLikeTime } from './time-parser.ts';

const callsignGroup = /^[A-Z0-9]{2,}$/;

/**
 * Reads the aircraft's callsign (letters and digits, with at least one letter). A group that is
 * clearly the next field (coordinates, a time) means the callsign is missing, and is left for it.
 */
export function readCallsign(cursor: TokenCursor, designator: string): ParsedGroup<string> {
  const token = cursor.peek();
  if (token === undefined) return { value: null, issues: [airepIssue('callsign_malformed', `${designator} has no callsign`)] };
  if (looksLikeCoordinates(token) || looksLikeTime(token)) {
    return { value: null, issues: [airepIssue('callsign_malformed', `callsign is missing after ${designator} (found ${token})`)] };
  }
  cursor.next();
  if (!callsignGroup.test(token) || !/[A-Z]/.test(token)) {
    return { value: null, issues: [airepIssue('callsign_malformed', `callsign ${token} is malformed; expected letters and digits such as BAW123`)] };
  }
  return { value: token, issues: [] };
}
