import { isoDateParts } from './iso-date.ts';
import { trimCell } from './number-text.ts';

export const dateBuckets = ['year', 'quarter', 'month', 'week', 'day'] as const;
export type DateBucket = (typeof dateBuckets)[number];

/** A column to group by, possibly bucketed by date (`order_date:month`). */
export interface GroupKeySpec {
  /** As the user wrote it; also the key's name in the output. */
  label: string;
  column: string;
  bucket: DateBucket | null;
}

/**
 * Reads a group-by term: a column name, or `<column>:<bucket>` with bucket year (`2024`), quarter
 * (`2024-Q1`), month (`2024-01`), week (ISO week, `2024-W01`) or day (`2024-01-31`) for a column of
 * ISO dates. A column whose own name contains the colon wins. Null when neither names a column.
 */
export function parseGroupKey(term: string, columns: readonly string[]): GroupKeySpec | null {
  if (columns.includes(term)) return { label: term, column: term, bucket: null };
  const match = /^(.*):(year|quarter|month|week|day)$/.exec(term);
  if (match !== null && columns.includes(match[1]!)) return { label: term, column: match[1]!, bucket: match[2] as DateBucket };
  return null;
}

/** The column a term refers to, for error messages about unknown columns. */
export function termColumn(term: string): string {
  const match = /^(.*):(year|quarter|month|week|day)$/.exec(term);
  return match === null ? term : match[1]!;
}

/**
 * The key of one cell: its trimmed text, or its date bucket; null for an empty cell (markers such as
 * NA are keys like any other: a region may be called NA); undefined when a bucket was asked for and
 * the text is not an ISO date.
 */
export function groupKeyValue(cell: string, bucket: DateBucket | null): string | null | undefined {
  const text = trimCell(cell);
  if (text.length === 0) return null;
  if (bucket === null) return text;
  const parts = isoDateParts(text);
  if (parts === null) return undefined;
  const month = String(parts.month).padStart(2, '0');
  switch (bucket) {
    case 'year':
      return String(parts.year);
    case 'quarter':
      return `${parts.year}-Q${Math.ceil(parts.month / 3)}`;
    case 'month':
      return `${parts.year}-${month}`;
    case 'day':
      return `${parts.year}-${month}-${String(parts.day).padStart(2, '0')}`;
    case 'week':
      return isoWeek(parts.year, parts.month, parts.day);
  }
}

/** ISO-8601 week: weeks start on Monday, and week 1 holds the year's first Thursday. */
function isoWeek(year: number, month: number, day: number): string {
  const date = new Date(Date.UTC(year, month - 1, day));
  const weekday = date.getUTCDay() === 0 ? 7 : date.getUTCDay();
  // The Thursday of this week decides the year the week belongs to.
  date.setUTCDate(date.getUTCDate() + 4 - weekday);
  const weekYear = date.getUTCFullYear();
  const firstDay = Date.UTC(weekYear, 0, 1);
  const week = Math.ceil(((date.getTime() - firstDay) / 86_400_000 + 1) / 7);
  return `${weekYear}-W${String(week).padStart(2, '0')}`;
}

/** Orders keys as people expect: numbers by value, other text in code-point order, missing (null) last. */
export function compareKeys(left: string | null, right: string | null): number {
  if (left === right) return 0;
  if (left === null) return 1;
  if (right === null) return -1;
  const leftNumber = numericKey(left);
  const rightNumber = numericKey(right);
  if (leftNumber !== null && rightNumber !== null && leftNumber !== rightNumber) return leftNumber - rightNumber;
  return left < right ? -1 : left > right ? 1 : 0;
}

function numericKey(text: string): number | null {
  if (!/^[+-]?(?:\d+\.?\d*|\.\d+)$/.test(text)) return null;
  return Number(text);
}
