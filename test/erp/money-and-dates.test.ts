import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, isIsoDate, monthRange } from '../../src/domains/erp/erp-dates.ts';
import { centsToAmount, formatCents, parseCents, toInteger } from '../../src/domains/erp/money.ts';

describe('money in cents', () => {
  it('parses decimal text exactly, and nothing else', () => {
    expect(['1234.5', '-0.07', '.5', '-.25', '0', '-0.00', '00012.30'].map(parseCents)).toEqual([123450, -7, 50, -25, 0, 0, 1230]);
    expect(['5.', '1.005', '12,5', '1e3', '+5', '', ' 5', '9007199254740991'].map(parseCents)).toEqual([null, null, null, null, null, null, null, null]);
  });

  it('sums what floats cannot: 0.10 + 0.20 is 0.30', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(centsToAmount(parseCents('0.10')! + parseCents('0.20')!)).toBe(0.3);
    expect(formatCents(-123456)).toBe('-1234.56');
    expect(formatCents(5)).toBe('0.05');
  });

  it('reads PostgreSQL bigint text and refuses what is not a whole number', () => {
    expect(toInteger('123450')).toBe(123450);
    expect(() => toInteger('12.5')).toThrow(RangeError);
    expect(() => toInteger(null)).toThrow(RangeError);
  });
});

describe('ERP dates', () => {
  it('checks calendar dates and counts days across months, leap days and DST changes', () => {
    expect([isIsoDate('2024-02-29'), isIsoDate('2026-02-29'), isIsoDate('2026-13-01'), isIsoDate('2026-1-01')]).toEqual([true, false, false, false]);
    expect(daysBetween('2026-06-15', '2026-11-01')).toBe(139);
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(addDays('2026-10-31', -100)).toBe('2026-07-23');
    expect(monthRange('2024-02')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
  });
});
