import { NovaError } from '../../core/errors.ts';
import { isIsoDate, localToday } from '../../domains/erp/erp-dates.ts';

/** The `asOf` of an ERP agent's input, checked to be a real date; default today (local time zone). */
export function asOfDate(value: unknown, field = 'asOf'): string {
  if (value === undefined || value === null) return localToday();
  return isoDate(value, field);
}

/** An ISO date from input, or `input_invalid` naming the field. */
export function isoDate(value: unknown, field: string): string {
  if (typeof value === 'string' && isIsoDate(value)) return value;
  throw new NovaError({
    code: 'input_invalid',
    fault: 'user',
    message: `${field} must be a date as YYYY-MM-DD, got ${JSON.stringify(value)}`,
    hint: `For example {"${field}": "2026-11-01"}.`,
  });
}
