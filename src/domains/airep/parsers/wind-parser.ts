import { airepIssue, type AirepIssue } from '../airep-issues.ts';

export interface ParsedWind {
  direction: number | null;
  speedKt: number | null;
  issues: AirepIssue[];
}

const windGroup = /^(\d{3})\/(\d{2,3})(KT)?$/;

/** True when the group is written as a wind (`digits/digits`), well formed or not. */
export function looksLikeWind(token: string): boolean {
  return /^\d+\/\d*/.test(token);
}

/** Reads `ddd/sss[KT]`: direction in degrees (0-360), speed in knots (at most 300). */
export function parseWind(token: string): ParsedWind {
  const match = windGroup.exec(token);
  if (match === null) {
    return { direction: null, speedKt: null, issues: [airepIssue('wind_malformed', `wind ${token} is malformed; expected ddd/sss with an optional KT, e.g. 250/045KT`)] };
  }
  const direction = Number(match[1]);
  const speedKt = Number(match[2]);
  const issues: AirepIssue[] = [];
  if (direction > 360) issues.push(airepIssue('wind_direction_out_of_range', `wind direction ${match[1]} in ${token} is outside 0-360°`));
  if (speedKt > 300) issues.push(airepIssue('wind_speed_out_of_range', `wind speed ${match[2]} kt in ${token} is over 300 kt`));
  return { direction, speedKt, issues };
}
