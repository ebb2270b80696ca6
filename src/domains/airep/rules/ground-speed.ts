import { airepIssue, type AirepIssue } from '../airep-issues.ts';
import { minutesOfDay } from '../parsers/time-parser.ts';
import { greatCircleNm } from './great-circle.ts';

/** A report that has coordinates and a time, as the ground speed check needs it. */
export interface TimedPosition {
  line: number;
  callsign: string;
  lat: number;
  lon: number;
  /** "HHMM". */
  time: string;
  /** The bulletin's day of the month and "HHMM", or null when the message is under no bulletin. */
  bulletin: { day: number; time: string } | null;
}

const fastestGroundSpeedKt = 1100;
const minutesPerDay = 24 * 60;
// A month's length is not in the data; across a month end the longest is assumed, so the elapsed time
// can only come out too long and the speed too low: the check never invents an implausible speed.
const longestMonthDays = 31;

/**
 * Compares each report with the previous report of the same callsign that has coordinates and a time,
 * and warns when the ground speed between them would exceed 1,100 kt. Reports at named fixes have no
 * coordinates and are left out (nothing is guessed). Returns issues by line (of the later report).
 */
export function checkGroundSpeeds(reports: readonly TimedPosition[]): Map<number, AirepIssue> {
  const previousByCallsign = new Map<string, TimedPosition>();
  const issues = new Map<number, AirepIssue>();
  for (const report of reports) {
    const previous = previousByCallsign.get(report.callsign);
    previousByCallsign.set(report.callsign, report);
    if (previous === undefined) continue;
    const distanceNm = greatCircleNm(previous, report);
    const elapsedMinutes = minutesBetween(previous, report);
    if (elapsedMinutes === null) continue;
    const implausible = elapsedMinutes === 0 ? distanceNm > fastestGroundSpeedKt / 60 : (distanceNm / elapsedMinutes) * 60 > fastestGroundSpeedKt;
    if (!implausible) continue;
    const speed = elapsedMinutes === 0 ? 'no time at all' : `${Math.round((distanceNm / elapsedMinutes) * 60).toLocaleString('en-US')} kt`;
    issues.set(
      report.line,
      airepIssue(
        'ground_speed_implausible',
        `ground speed of ${report.callsign} from line ${previous.line} (${previous.time}) to this report (${report.time}) would be ${speed}: ${Math.round(distanceNm)} nm in ${elapsedMinutes} min, over ${fastestGroundSpeedKt.toLocaleString('en-US')} kt`,
      ),
    );
  }
  return issues;
}

/**
 * Minutes between two reports. With bulletin dates both are placed on their day (a message timed after
 * its bulletin belongs to the day before); without, a later report timed earlier crossed midnight.
 * Null when the dates cannot be put in order (more than a month apart).
 */
export function minutesBetween(earlier: TimedPosition, later: TimedPosition): number | null {
  if (earlier.bulletin !== null && later.bulletin !== null) {
    const difference = Math.abs(absoluteMinutes(later) - absoluteMinutes(earlier));
    const monthMinutes = longestMonthDays * minutesPerDay;
    if (difference <= monthMinutes / 2) return difference;
    // Days far apart are taken as the end of one month and the start of the next.
    return difference < monthMinutes ? monthMinutes - difference : null;
  }
  const difference = minutesOfDay(later.time) - minutesOfDay(earlier.time);
  return difference < 0 ? difference + minutesPerDay : difference;
}

function absoluteMinutes(report: TimedPosition): number {
  const bulletin = report.bulletin!;
  const reportMinutes = minutesOfDay(report.time);
  const day = reportMinutes > minutesOfDay(bulletin.time) ? bulletin.day - 1 : bulletin.day;
  return day * minutesPerDay + reportMinutes;
}
