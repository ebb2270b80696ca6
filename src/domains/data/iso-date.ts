/** The parts of an ISO-8601 date or date-time. */
export interface IsoDateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** Minutes east of UTC, or null for a date-time without an offset (local time of the data). */
  offsetMinutes: number | null;
}

/**
 * Reads `YYYY-MM-DD`, optionally followed by `T` (or a space) and `hh:mm[:ss[.fff]]` and `Z` or an
 * offset (`+02:00`, `+0200`, `+02`); null for anything else, including impossible dates (2024-02-30)
 * and times (25:00). Read character by character: it runs on every cell of a column that may be dates.
 */
export function isoDateParts(text: string): IsoDateParts | null {
  const length = text.length;
  if (length < 10 || length > 40) return null;
  const year = digits(text, 0, 4);
  if (year < 0 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return null;
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  const parts: IsoDateParts = { year, month, day, hour: 0, minute: 0, second: 0, millisecond: 0, offsetMinutes: null };
  if (length === 10) return parts;
  const separator = text.charCodeAt(10);
  if ((separator !== 84 && separator !== 116 && separator !== 32) || length < 16 || text.charCodeAt(13) !== 58) return null;
  parts.hour = digits(text, 11, 2);
  parts.minute = digits(text, 14, 2);
  let index = 16;
  if (text.charCodeAt(index) === 58) {
    parts.second = digits(text, 17, 2);
    index = 19;
    const mark = text.charCodeAt(index);
    if (mark === 46 || mark === 44) {
      const fractionStart = index + 1;
      index = fractionStart;
      while (index < length && index - fractionStart < 9 && isDigit(text.charCodeAt(index))) index += 1;
      if (index === fractionStart) return null;
      parts.millisecond = Math.floor(Number(`0.${text.slice(fractionStart, index)}`) * 1000);
    }
  }
  const { hour, minute, second } = parts;
  if (hour < 0 || minute < 0 || second < 0 || hour > 24 || minute > 59 || second > 60 || (hour === 24 && (minute > 0 || second > 0))) return null;
  if (index === length) return parts;
  const offset = offsetOf(text.slice(index));
  if (offset === null) return null;
  parts.offsetMinutes = offset;
  return parts;
}

/** The value of `count` digits at `start`, or -1 when they are not all digits. */
function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let index = start; index < start + count; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 48 || code > 57) return -1;
    value = value * 10 + (code - 48);
  }
  return value;
}

/**
 * A sortable instant (milliseconds) for an ISO date or date-time, or null. Date-times without an
 * offset are taken as UTC: they compare correctly among themselves, which is what min/max need.
 */
export function isoDateTime(text: string): number | null {
  const parts = isoDateParts(text);
  if (parts === null) return null;
  const utc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second, parts.millisecond);
  return utc - (parts.offsetMinutes ?? 0) * 60_000;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** Minutes east of UTC of `Z`, `+hh`, `+hhmm` or `+hh:mm`; null for anything else. */
function offsetOf(text: string): number | null {
  if (text === 'Z' || text === 'z') return 0;
  const match = /^([+-])(\d{2})(?::?(\d{2}))?$/.exec(text);
  if (match === null) return null;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? '0');
  return match[1] === '-' ? -minutes : minutes;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
