import { NovaError } from '../../core/errors.ts';

/** A timestamp found in a log line: where it is, and the instant it names. */
export interface FoundTimestamp {
  start: number;
  end: number;
  /** Milliseconds since the epoch. */
  time: number;
}

const months: Readonly<Record<string, number>> = { Jan: 1, Feb: 2, Mar: 3, Apr: 4, May: 5, Jun: 6, Jul: 7, Aug: 8, Sep: 9, Oct: 10, Nov: 11, Dec: 12 };

// ISO-8601 (also with a space, a comma before the fraction, or slashes in the date as Go's log writes it).
const isoPattern = /(\d{4})[-/](\d{2})[-/](\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(?: ?(Z|[+-]\d{2}(?::?\d{2})?)(?![\d:]))?/;
// syslog (RFC 3164): "May  1 12:00:00" at the start of the line, after an optional <priority>.
const syslogPattern = /^(?:<\d{1,3}>)?(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2})/;
// Common/combined log format: [10/Oct/2000:13:55:36 -0700]
const commonLogPattern = /\[(\d{2})\/(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-]\d{4})\]/;

/**
 * The timestamp a log line carries, in one of three forms:
 * - ISO-8601 date and time within the first 100 characters (`2024-05-01T12:00:00.123Z`,
 *   `2024-05-01 12:00:00,123`, `2024/05/01 12:00:00`, with or without an offset);
 * - syslog at the start of the line (`May  1 12:00:00`, no year: the year of `now`, or the year
 *   before when that would put the line more than a day in the future);
 * - common log format (`[10/Oct/2000:13:55:36 -0700]`, web server access logs).
 * Times without an offset are local time (the TZ of the machine running Nova).
 */
export function findTimestamp(line: string, now: number): FoundTimestamp | null {
  const head = line.length > 100 ? line.slice(0, 100) : line;
  const iso = isoPattern.exec(head);
  if (iso !== null) {
    const time = instant(Number(iso[1]), Number(iso[2]), Number(iso[3]), Number(iso[4]), Number(iso[5]), Number(iso[6]), fractionMilliseconds(iso[7]), iso[8]);
    if (time !== null) return { start: iso.index, end: iso.index + iso[0].length, time };
  }
  const syslog = syslogPattern.exec(head);
  if (syslog !== null) {
    const year = new Date(now).getFullYear();
    const month = months[syslog[1]!]!;
    let time = instant(year, month, Number(syslog[2]), Number(syslog[3]), Number(syslog[4]), Number(syslog[5]), 0, undefined);
    if (time !== null && time > now + 86_400_000) time = instant(year - 1, month, Number(syslog[2]), Number(syslog[3]), Number(syslog[4]), Number(syslog[5]), 0, undefined);
    if (time !== null) return { start: syslog.index, end: syslog.index + syslog[0].length, time };
  }
  const common = line.indexOf('[') === -1 ? null : commonLogPattern.exec(line.length > 300 ? line.slice(0, 300) : line);
  if (common !== null) {
    const time = instant(Number(common[3]), months[common[2]!]!, Number(common[1]), Number(common[4]), Number(common[5]), Number(common[6]), 0, common[7]);
    if (time !== null) return { start: common.index, end: common.index + common[0].length, time };
  }
  return null;
}

/**
 * Reads `since`: an ISO-8601 date or date-time (`2024-05-01`, `2024-05-01T08:00`, `...Z`; without an
 * offset it is local time), or a duration before `now`: `30m`, `2h`, `7d`, `1w`, `90s`, also written
 * out (`2 hours`, `3 days ago`).
 */
export function parseSince(since: string, now: number): number {
  const text = since.trim();
  const duration = /^(\d+(?:\.\d+)?)\s*(s|sec|secs|seconds?|m|min|mins|minutes?|h|hr|hrs|hours?|d|days?|w|weeks?)(?:\s+ago)?$/i.exec(text);
  if (duration !== null) {
    const unit = duration[2]!.toLowerCase();
    const seconds = unit.startsWith('s') ? 1 : unit.startsWith('m') ? 60 : unit.startsWith('h') ? 3600 : unit.startsWith('d') ? 86_400 : 604_800;
    return now - Number(duration[1]) * seconds * 1000;
  }
  const date = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/.exec(text);
  if (date !== null) {
    const time = instant(Number(date[1]), Number(date[2]), Number(date[3]), Number(date[4] ?? 0), Number(date[5] ?? 0), Number(date[6] ?? 0), fractionMilliseconds(date[7]), date[8]);
    if (time !== null) return time;
  }
  throw new NovaError({
    code: 'input_invalid',
    fault: 'user',
    message: `since must be an ISO-8601 date or date-time, or a duration; got ${JSON.stringify(since)}`,
    hint: 'For example "2024-05-01", "2024-05-01T08:00:00Z", "2h", "30m" or "7d".',
    details: { since },
  });
}

/** The instant of a calendar date and time, or null when it does not exist (Feb 30, 25:00). */
function instant(year: number, month: number, day: number, hour: number, minute: number, second: number, millisecond: number, offset: string | undefined): number | null {
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  if (offset === undefined) {
    const local = new Date(year, month - 1, day, hour, minute, second, millisecond);
    return local.getDate() === day ? local.getTime() : null;
  }
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
  if (new Date(utc).getUTCDate() !== day) return null;
  return utc - offsetMinutes(offset) * 60_000;
}

function offsetMinutes(offset: string): number {
  if (offset === 'Z') return 0;
  const sign = offset.startsWith('-') ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
}

function fractionMilliseconds(fraction: string | undefined): number {
  return fraction === undefined ? 0 : Math.floor(Number(`0.${fraction}`) * 1000);
}
