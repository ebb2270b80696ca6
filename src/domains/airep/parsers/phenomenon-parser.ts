import { airepIssue, type AirepIssue } from '../airep-issues.ts';
import type { TokenCursor } from '../tokenizer.ts';

/** The phenomena a special air-report (ARS) may report, longest first so `VA CLD` wins over `VA`. */
export const specialPhenomena = ['SEV TURB', 'SEV ICE', 'SEV MTW', 'HVY SS', 'VA CLD', 'MOD TURB', 'MOD ICE', 'TSGR', 'TS', 'VA'] as const;

export interface ParsedPhenomenon {
  value: string | null;
  issues: AirepIssue[];
}

/**
 * Reads the phenomenon of an ARS at the cursor (one or two groups). When the groups there are not a
 * known phenomenon, everything up to `OBS` is taken as the unknown one.
 */
export function readPhenomenon(cursor: TokenCursor): ParsedPhenomenon {
  const first = cursor.peek();
  if (first === undefined || first === 'OBS') {
    return { value: null, issues: [airepIssue('phenomenon_missing', `ARS has no phenomenon after the callsign; expected one of ${specialPhenomena.join(', ')}`)] };
  }
  const pair = `${first} ${cursor.peek(1) ?? ''}`;
  for (const phenomenon of specialPhenomena) {
    const words = phenomenon.split(' ').length;
    if ((words === 2 && pair === phenomenon) || (words === 1 && first === phenomenon)) {
      for (let index = 0; index < words; index += 1) cursor.next();
      return { value: phenomenon, issues: [] };
    }
  }
  const unknown: string[] = [];
  const hasObservation = hasAhead(cursor, 'OBS');
  do {
    unknown.push(cursor.next()!);
  } while (hasObservation && cursor.peek() !== 'OBS' && !cursor.done);
  return { value: null, issues: [airepIssue('phenomenon_unknown', `phenomenon ${unknown.join(' ')} is not one an ARS reports; expected one of ${specialPhenomena.join(', ')}`)] };
}

function hasAhead(cursor: TokenCursor, wanted: string): boolean {
  for (let offset = 0; cursor.peek(offset) !== undefined; offset += 1) {
    if (cursor.peek(offset) === wanted) return true;
  }
  return false;
}
