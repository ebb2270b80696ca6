import { airepIssue } from '../airep-issues.ts';
import type { ParsedGroup } from './parsed-group.ts';

const temperatureGroup = /^(MS|PS)(\d{2,3})$/;

/** True when the group is written as a temperature (`MS`/`PS`, or a bare `M`/`P`, and digits). */
export function looksLikeTemperature(token: string): boolean {
  return /^(MS|PS|M|P)\d/.test(token);
}

/** Reads `MS52` (-52 °C), `PS05` (+5 °C) or, with tenths, `MS513` (-51.3 °C). Plausible: -100 to +60 °C. */
export function parseTemperature(token: string): ParsedGroup<number> {
  const match = temperatureGroup.exec(token);
  if (match === null) {
    return { value: null, issues: [airepIssue('temperature_malformed', `temperature ${token} is malformed; expected MS or PS and 2 digits (MS52, PS05) or 3 for tenths (MS513)`)] };
  }
  const [, sign, digits] = match;
  // Tenths are written as a third digit: integer arithmetic, then one division, keeps -51.3 exact.
  const magnitude = digits!.length === 3 ? Number(digits) / 10 : Number(digits);
  const celsius = sign === 'MS' && magnitude !== 0 ? -magnitude : magnitude;
  if (celsius < -100 || celsius > 60) {
    return { value: celsius, issues: [airepIssue('temperature_out_of_range', `temperature ${token} (${celsius} °C) is outside -100..+60 °C`)] };
  }
  return { value: celsius, issues: [] };
}
