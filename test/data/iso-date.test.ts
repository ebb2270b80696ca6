import { describe, expect, it } from 'vitest';
import { groupKeyValue } from '../../src/domains/data/group-key.ts';
import { isoDateParts, isoDateTime } from '../../src/domains/data/iso-date.ts';

describe('isoDateParts', () => {
  it('reads dates and date-times with fractions and offsets', () => {
    expect(isoDateParts('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29, hour: 0, minute: 0, second: 0, millisecond: 0, offsetMinutes: null });
    expect(isoDateParts('2024-05-01T10:20:30.1234Z')).toMatchObject({ hour: 10, minute: 20, second: 30, millisecond: 123, offsetMinutes: 0 });
    expect(isoDateParts('2024-05-01 10:20')).toMatchObject({ hour: 10, minute: 20, offsetMinutes: null });
    expect(isoDateParts('2024-05-01T10:20:30+02:00')?.offsetMinutes).toBe(120);
    expect(isoDateParts('2024-05-01T10:20:30-0530')?.offsetMinutes).toBe(-330);
  });

  it.each(['2023-02-29', '2024-13-01', '2024-04-31', '2024-05-01T25:00', '2024-05-01T10:60', '2024-05-01T10:00:5', '2024-05-01X10:00', '2024-05-01T10:00:00+2', '2024/05/01', '20240501', '05/01/2024', '2024-05-01T10:00:00.Z'])(
    'refuses %s',
    (text) => {
      expect(isoDateParts(text)).toBeNull();
    },
  );

  it('orders instants across offsets, taking a date-time without one as UTC', () => {
    expect(isoDateTime('2024-05-01T12:00:00+02:00')).toBe(Date.UTC(2024, 4, 1, 10));
    expect(isoDateTime('2024-05-01T10:00:00')).toBe(Date.UTC(2024, 4, 1, 10));
  });
});

describe('date buckets', () => {
  it.each([
    ['2024-05-17', 'year', '2024'],
    ['2024-05-17', 'quarter', '2024-Q2'],
    ['2024-05-17T23:59:00Z', 'month', '2024-05'],
    ['2024-05-17 08:00', 'day', '2024-05-17'],
    ['2024-12-30', 'week', '2025-W01'],
    ['2021-01-03', 'week', '2020-W53'],
    ['2024-05-17', 'week', '2024-W20'],
  ] as const)('%s by %s is %s', (text, bucket, key) => {
    expect(groupKeyValue(text, bucket)).toBe(key);
  });

  it('keeps the text as the key without a bucket, null for empty, undefined for a non-date with one', () => {
    expect(groupKeyValue(' EU ', null)).toBe('EU');
    expect(groupKeyValue('NA', null)).toBe('NA');
    expect(groupKeyValue('', 'month')).toBeNull();
    expect(groupKeyValue('soon', 'month')).toBeUndefined();
  });
});
