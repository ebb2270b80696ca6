/**
 * Money is integer minor units (cents) everywhere inside Nova: parsed exactly from decimal text, summed
 * as integers, and turned into a number of currency units only at the edge, once per printed amount.
 */

const amountPattern = /^(-)?(?:(\d+)(?:\.(\d{1,2}))?|\.(\d{1,2}))$/;

/** "1234.5" -> 123450, "-0.07" -> -7, ".5" -> 50; null when the text is not a plain decimal with at most two decimals. */
export function parseCents(text: string): number | null {
  const match = amountPattern.exec(text);
  if (match === null) return null;
  const [, sign, units = '0', fraction = match[4] ?? ''] = match;
  const cents = Number(units) * 100 + Number(fraction.padEnd(2, '0'));
  if (!Number.isSafeInteger(cents)) return null;
  return sign === '-' && cents !== 0 ? -cents : cents;
}

/** The amount in currency units for output: 123450 -> 1234.5 (one division, on a whole number of cents). */
export function centsToAmount(cents: number): number {
  return cents / 100;
}

/** "1234.50": for messages and prose, where trailing zeros matter to a reader. */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const absolute = Math.abs(cents);
  return `${sign}${Math.floor(absolute / 100)}.${String(absolute % 100).padStart(2, '0')}`;
}

/**
 * A whole number read from the database: PostgreSQL returns `bigint` columns and aggregates as strings,
 * SQLite as numbers. Anything that is not a safe integer is a fault of the data, not something to round.
 */
export function toInteger(value: number | string | bigint | null): number {
  const number = typeof value === 'number' ? value : Number(value);
  if (value === null || !Number.isSafeInteger(number)) throw new RangeError(`Expected a whole number from the database, got ${String(value)}`);
  return number;
}
