import { airepIssue, type AirepIssue } from '../airep-issues.ts';
import type { AirepFields } from '../airep-report.ts';

const coldLevel = 350;
const warmestAtColdLevel = -20;
const lowLevel = 250;
const strongWindKt = 200;
const longestCallsign = 7;

/**
 * Checks that look at several fields of one message: a temperature above -20 °C at or above FL350 is
 * implausible (error); wind over 200 kt below FL250 is suspicious (warning); an ICAO aircraft
 * identification has at most 7 characters (warning).
 */
export function checkMessagePlausibility(fields: AirepFields): AirepIssue[] {
  const issues: AirepIssue[] = [];
  const { tempC, level, windKt, callsign } = fields;
  if (tempC !== null && level !== null && level >= coldLevel && tempC > warmestAtColdLevel) {
    issues.push(airepIssue('temperature_implausible_at_level', `temperature ${tempC} °C is implausible at level ${padLevel(level)}: above ${warmestAtColdLevel} °C at or above FL${coldLevel}`));
  }
  if (windKt !== null && level !== null && level < lowLevel && windKt > strongWindKt) {
    issues.push(airepIssue('wind_speed_high_low_level', `wind speed ${windKt} kt is over ${strongWindKt} kt below FL${lowLevel} (level ${padLevel(level)})`));
  }
  if (callsign !== null && callsign.length > longestCallsign) {
    issues.push(airepIssue('callsign_too_long', `callsign ${callsign} has ${callsign.length} characters; an aircraft identification has at most ${longestCallsign}`));
  }
  return issues;
}

function padLevel(level: number): string {
  return String(level).padStart(3, '0');
}
