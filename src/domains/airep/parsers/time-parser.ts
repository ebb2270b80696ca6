import { airepIssue } from '../airep-issues.ts';
import type { ParsedGroup } from './parsed-group.ts';

const timeGroup = /^(\d{4})Z?$/;

/** True when the group is written as a time (digits with an optional Z), well formed or not. */
export function looksLikeTime(token: string): boolean {
  return /^\d+Z?$/.test(token);
}

/** Reads `hhmm` (UTC, an optional `Z` after it) into "HHMM"; 0000 to 2359. */
export function parseTime(token: string): ParsedGroup<string> {
  const match = timeGroup.exec(token);
  if (match === null) return { value: null, issues: [airepIssue('time_malformed', `time ${token} is malformed; expected hhmm, e.g. 1230 or 1230Z`)] };
  const time = match[1]!;
  const hours = Number(time.slice(0, 2));
  const minutes = Number(time.slice(2));
  if (hours > 23 || minutes > 59) {
    return { value: time, issues: [airepIssue('time_out_of_range', `time ${token} is outside 0000-2359${minutes > 59 ? ` (minutes ${time.slice(2)})` : ''}`)] };
  }
  return { value: time, issues: [] };
}

/** Minutes since midnight of a well-formed "HHMM". */
export function minutesOfDay(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(2));
}
