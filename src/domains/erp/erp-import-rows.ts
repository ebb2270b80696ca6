import { readCsvRecords } from './csv-records.ts';
import type { ColumnSpec, ErpFileSpec, ValueKind } from './erp-catalogue.ts';
import { isIsoDate } from './erp-dates.ts';
import { formatCents, parseCents } from './money.ts';

export type CellValue = string | number | null;
/** A row as stored: table column -> value. */
export type ErpRow = Record<string, CellValue>;

/** A problem in the input, where an editor would show it. `line`/`column` are null for rows already in the store. */
export interface ImportIssue {
  file: string;
  line: number | null;
  /** 1-based index of the field in its CSV record. */
  column: number | null;
  /** The CSV column name, when the problem is in one field. */
  field: string | null;
  message: string;
}

export interface ParsedRow {
  line: number;
  values: ErpRow;
  /** Columns whose field could not be read; references are not checked through them. */
  invalid: ReadonlySet<string>;
}

export interface ParsedFile {
  spec: ErpFileSpec;
  /** The file's name as found on disk. */
  name: string;
  /** 1-based field index of each table column in this file's header. */
  fieldIndex: ReadonlyMap<string, number>;
  rows: ParsedRow[];
  issues: ImportIssue[];
}

/**
 * Reads one CSV file of the ERP import into typed rows, collecting every problem instead of stopping at
 * the first: CSV syntax, missing, unknown and repeated columns, records with the wrong number of fields,
 * values that are not what their column holds, and keys repeated within the file. References to other
 * rows are checked later, against the whole import and the store.
 */
export function parseErpFile(spec: ErpFileSpec, name: string, text: string): ParsedFile {
  const issues: ImportIssue[] = [];
  const issue = (line: number | null, column: number | null, field: string | null, message: string) => issues.push({ file: name, line, column, field, message });
  const fieldIndex = new Map<string, number>();
  const rows: ParsedRow[] = [];
  const csv = readCsvRecords(text);
  const documentedHeader = spec.columns.map((column) => column.csv).join(',');

  if (csv.header === null) {
    if (csv.syntaxError === null) issue(1, 1, null, `the file is empty; expected the header ${documentedHeader}`);
  } else {
    const headerColumns = readHeader(spec, csv.header.fields, (column, message) => issue(csv.header!.line, column, null, message));
    headerColumns.forEach((column, index) => {
      if (column !== null) fieldIndex.set(column.column, index + 1);
    });
    const missing = spec.columns.filter((column) => !fieldIndex.has(column.column));
    for (const column of missing) {
      issue(csv.header.line, spec.columns.indexOf(column) + 1, column.csv, `missing column "${column.csv}"; the header must name ${documentedHeader}`);
    }
    if (missing.length === 0) {
      for (const record of csv.records) {
        if (record.fields.length !== headerColumns.length) {
          issue(record.line, Math.min(record.fields.length, headerColumns.length) + 1, null, `expected ${headerColumns.length} fields as in the header, found ${record.fields.length}`);
          continue;
        }
        rows.push(readRow(record.line, record.fields, headerColumns, issue));
      }
      numberLines(spec, rows);
      checkUnique(spec, rows, fieldIndex, issue);
    }
  }
  if (csv.syntaxError !== null) issue(csv.syntaxError.line, csv.syntaxError.column, null, csv.syntaxError.message);
  return { spec, name, fieldIndex, rows, issues };
}

/** The column of each header field (null for an unknown or repeated one, each reported). */
function readHeader(spec: ErpFileSpec, fields: readonly string[], report: (column: number, message: string) => void): Array<ColumnSpec | null> {
  const seen = new Map<string, number>();
  return fields.map((field, index) => {
    const name = field.trim().toLowerCase();
    const column = spec.columns.find((candidate) => candidate.csv === name);
    if (column === undefined) {
      report(index + 1, `unknown column "${field.trim()}"; ${spec.file} has the columns ${spec.columns.map((candidate) => candidate.csv).join(',')}`);
      return null;
    }
    const earlier = seen.get(name);
    if (earlier !== undefined) {
      report(index + 1, `column "${name}" appears twice (first at column ${earlier})`);
      return null;
    }
    seen.set(name, index + 1);
    return column;
  });
}

function readRow(
  line: number,
  fields: readonly string[],
  headerColumns: ReadonlyArray<ColumnSpec | null>,
  issue: (line: number, column: number, field: string, message: string) => void,
): ParsedRow {
  const values: ErpRow = {};
  const invalid = new Set<string>();
  headerColumns.forEach((column, index) => {
    if (column === null) return;
    const result = readValue(column.kind, fields[index]!.trim());
    if (result.ok) {
      values[column.column] = result.value;
    } else {
      values[column.column] = null;
      invalid.add(column.column);
      issue(line, index + 1, column.csv, result.expected);
    }
  });
  return { line, values, invalid };
}

type ReadResult = { ok: true; value: CellValue } | { ok: false; expected: string };

/** One field's value, or what was expected instead (with what was found). */
export function readValue(kind: ValueKind, text: string): ReadResult {
  const found = `, got "${text}"`;
  if (text === '') {
    const optional = (kind.type === 'text' || kind.type === 'integer' || kind.type === 'date') && kind.optional === true;
    return optional ? { ok: true, value: null } : { ok: false, expected: `expected ${describeKind(kind)}, got an empty field` };
  }
  switch (kind.type) {
    case 'text':
      return { ok: true, value: text };
    case 'integer': {
      const match = /^(-?\d+)(?:\.0*)?$/.exec(text);
      const value = match === null ? Number.NaN : Number(match[1]);
      if (!Number.isSafeInteger(value)) return { ok: false, expected: `expected ${describeKind(kind)}${found}` };
      if (kind.min !== undefined && value < kind.min) return { ok: false, expected: `expected ${describeKind(kind)}${found}` };
      return { ok: true, value };
    }
    case 'money': {
      const cents = parseCents(text);
      if (cents === null) return { ok: false, expected: `expected ${describeKind(kind)}${found}` };
      if (kind.min !== undefined && cents < kind.min) return { ok: false, expected: `expected ${describeKind(kind)}${found}` };
      return { ok: true, value: cents };
    }
    case 'date':
      if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return { ok: false, expected: `expected ${describeKind(kind)}${found}` };
      if (!isIsoDate(text)) return { ok: false, expected: `expected a real calendar date as YYYY-MM-DD, got "${text}", which does not exist` };
      return { ok: true, value: text };
    case 'enum': {
      const value = kind.values.find((candidate) => candidate.toLowerCase() === text.toLowerCase());
      return value === undefined ? { ok: false, expected: `expected ${describeKind(kind)}${found}` } : { ok: true, value };
    }
  }
}

function describeKind(kind: ValueKind): string {
  switch (kind.type) {
    case 'text':
      return 'a value';
    case 'integer':
      return kind.min === undefined ? 'a whole number' : `a whole number of at least ${kind.min}`;
    case 'money':
      return `an amount like 1234.56 (digits, "." as decimal point, at most 2 decimals, no thousands separator${kind.min === undefined ? '' : `, at least ${formatCents(kind.min)}`})`;
    case 'date':
      return 'a date as YYYY-MM-DD';
    case 'enum':
      return `one of ${kind.values.join(', ')}`;
  }
}

/** `line_no` of lines the CSV does not number: their position among the lines of the same parent. */
function numberLines(spec: ErpFileSpec, rows: readonly ParsedRow[]): void {
  if (spec.numberedWithin === undefined) return;
  const counts = new Map<CellValue, number>();
  for (const row of rows) {
    const parent = row.values[spec.numberedWithin] ?? null;
    const next = (counts.get(parent) ?? 0) + 1;
    counts.set(parent, next);
    row.values['line_no'] = next;
  }
}

function checkUnique(
  spec: ErpFileSpec,
  rows: readonly ParsedRow[],
  fieldIndex: ReadonlyMap<string, number>,
  issue: (line: number, column: number, field: string, message: string) => void,
): void {
  const sets = [spec.key, ...(spec.unique ?? [])];
  for (const columns of sets) {
    const csvColumns = columns.filter((column) => fieldIndex.has(column));
    if (csvColumns.length === 0) continue;
    const firstLine = new Map<string, number>();
    for (const row of rows) {
      const values = columns.map((column) => row.values[column] ?? null);
      if (values.some((value) => value === null) || columns.some((column) => row.invalid.has(column))) continue;
      const key = keyOf(values);
      const earlier = firstLine.get(key);
      if (earlier === undefined) {
        firstLine.set(key, row.line);
        continue;
      }
      const column = csvColumns[0]!;
      const described = csvColumns.map((name) => `${csvName(spec, name)} "${row.values[name]}"`).join(', ');
      issue(row.line, fieldIndex.get(column)!, csvName(spec, column), `duplicate key: ${described} is already on line ${earlier}`);
    }
  }
}

function csvName(spec: ErpFileSpec, column: string): string {
  return spec.columns.find((candidate) => candidate.column === column)?.csv ?? column;
}

/** A map key for a tuple of values. */
export function keyOf(values: readonly CellValue[]): string {
  return JSON.stringify(values);
}
