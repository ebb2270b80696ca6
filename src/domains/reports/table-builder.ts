import { compactValue, isPlainObject, isScalar, scalarText } from './compact-value.ts';
import { cell, type ReportBlock, type ReportCell, type ReportRow } from './report-document.ts';
import { flagOf } from './row-flags.ts';

export interface TableOptions {
  /** Rows shown at most; the rest are counted in a note. */
  maxRows: number;
}

/** Flag counts of the rows built so far, for the summary. */
export interface FlagCounts {
  rows: number;
  errors: number;
  warnings: number;
}

/**
 * A table for an array of objects: the columns are the union of their keys in order of first
 * appearance (primitives among them go to a `value` column), nested values are compacted, and each
 * row is flagged when its item deserves attention.
 */
export function objectTable(items: readonly unknown[], options: TableOptions, counts: FlagCounts): ReportBlock {
  const columns: string[] = [];
  const seen = new Set<string>();
  let hasPrimitive = false;
  for (const item of items) {
    if (!isPlainObject(item)) {
      hasPrimitive = true;
      continue;
    }
    for (const key of Object.keys(item)) {
      if (seen.has(key)) continue;
      seen.add(key);
      columns.push(key);
    }
  }
  const valueColumn = hasPrimitive ? uniqueName('value', seen) : null;
  if (valueColumn !== null) columns.push(valueColumn);
  const rows: ReportRow[] = [];
  for (const item of items) {
    const flag = flagOf(item);
    counts.rows += 1;
    if (flag?.tone === 'error') counts.errors += 1;
    if (flag?.tone === 'warning') counts.warnings += 1;
    if (rows.length >= options.maxRows) continue;
    const cells = columns.map((column): ReportCell => {
      if (!isPlainObject(item)) return column === valueColumn ? valueCell(item) : cell('');
      return column in item ? valueCell(item[column]) : cell('');
    });
    rows.push({ cells, flag });
  }
  return { kind: 'table', columns, rows, ...truncationNote(items.length, options.maxRows) };
}

/** A list for an array of primitives (or of arrays), each item compacted. */
export function valueList(items: readonly unknown[], options: TableOptions): ReportBlock {
  const shown = items.slice(0, options.maxRows).map((item) => (isScalar(item) ? scalarText(item) : compactValue(item)));
  return { kind: 'list', items: shown, ...truncationNote(items.length, options.maxRows) };
}

/** A cell for any value: scalars as they are (numbers right-aligned), the rest compacted. */
export function valueCell(value: unknown): ReportCell {
  if (typeof value === 'number' || typeof value === 'bigint') return cell(String(value), { numeric: true });
  return cell(isScalar(value) ? scalarText(value) : compactValue(value));
}

function truncationNote(total: number, maxRows: number): { note?: string } {
  return total > maxRows ? { note: `Showing the first ${maxRows} of ${total} rows.` } : {};
}

function uniqueName(name: string, taken: Set<string>): string {
  let candidate = name;
  for (let index = 2; taken.has(candidate); index += 1) candidate = `${name} ${index}`;
  return candidate;
}
