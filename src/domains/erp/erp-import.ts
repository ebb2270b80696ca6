import { existsSync, readdirSync, statSync } from 'node:fs';
import { readUtf8TextFile } from '../../core/utf8-text.ts';
import { join, resolve } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { NovaError } from '../../core/errors.ts';
import { erpFiles, fileSpecByName, tableColumns, type ErpFileSpec } from './erp-catalogue.ts';
import { checkReferences, rowKey, type ErpState, type StateRow } from './erp-import-references.ts';
import { parseErpFile, type CellValue, type ErpRow, type ImportIssue, type ParsedFile } from './erp-import-rows.ts';
import type { ErpTableName } from './erp-tables.ts';
import { toInteger } from './money.ts';

export interface ErpImportFile {
  /** The file name (`customers.csv`); it decides the table. */
  name: string;
  text: string;
}

export interface ErpImportOptions {
  files: readonly ErpImportFile[];
  /** Replace the whole contents of the tables whose files are present (default: merge by key). */
  replace?: boolean;
  /**
   * Refuse when the tables of the files would keep rows of the store that the files do not have: the
   * demo company must not be mixed into someone's own data without `--replace`.
   */
  refuseOtherRows?: { hint: string };
}

export interface TableImportSummary {
  file: string;
  table: ErpTableName;
  /** Rows in the file. */
  rows: number;
  inserted: number;
  updated: number;
  deleted: number;
  unchanged: number;
}

export interface ErpImportResult {
  replace: boolean;
  tables: TableImportSummary[];
}

/** What an import runs against: a handle on the store and its dialect (for the lock). */
export interface ErpImportTarget<Database = unknown> {
  db: Kysely<Database>;
  dialect: 'sqlite' | 'postgres';
}

type GenericDatabase = Kysely<Record<string, ErpRow>>;

// An arbitrary constant: the PostgreSQL advisory lock that serialises ERP imports between processes.
const importLockKey = 7_368_237_462;
// SQLite allows 32766 parameters per statement and PostgreSQL 65535; stay well below both.
const parametersPerInsert = 30_000;

/**
 * Imports ERP CSV files into the store in one transaction. Every problem of every file is collected
 * (CSV syntax, columns, values, duplicate keys, references to rows that exist neither in the import
 * nor in the store) and reported together as `input_invalid` with file, line and column; then nothing
 * is imported.
 *
 * Semantics, per table whose file is present:
 * - merge (default): rows are inserted or updated by key, other rows of the store stay. Lines without
 *   numbers of their own (journal lines, supplier invoice lines) are replaced per parent: the lines of
 *   an entry or invoice present in the file replace that entry's or invoice's lines.
 * - replace: the table holds exactly the file's rows afterwards.
 * Importing the same files again changes nothing (every row counts as unchanged). Tables whose file is
 * absent are left as they are, but their rows must still find what they refer to.
 */
export async function importErpFiles<Database>(target: ErpImportTarget<Database>, options: ErpImportOptions): Promise<ErpImportResult> {
  const parsed = parseFiles(options.files);
  const parseIssues = parsed.flatMap((file) => file.issues);
  const replace = options.replace ?? false;
  // The ERP tables are addressed by name from the catalogue, so the handle is seen as tables of plain rows.
  const db = target.db as unknown as GenericDatabase;

  return db.transaction().execute(async (transaction) => {
    if (target.dialect === 'postgres') await sql`SELECT pg_advisory_xact_lock(${importLockKey})`.execute(transaction);
    const existing = await loadTables(transaction);
    const state = mergeState(existing, parsed, replace);
    const changedTables = new Set(parsed.map((file) => file.spec.table));
    const issues = [...parseIssues, ...checkReferences(state, changedTables)];
    if (options.refuseOtherRows !== undefined) issues.push(...rowsNotInFiles(parsed, state));
    if (issues.length > 0) throw importRefused(issues, options.refuseOtherRows?.hint);

    const tables: TableImportSummary[] = [];
    for (const file of parsed) {
      const summary = await writeTable(transaction, file, existing.get(file.spec.table)!, state.get(file.spec.table)!);
      tables.push(summary);
    }
    return { replace, tables };
  });
}

/**
 * The ERP files of a folder, by the names `nova erp import` knows (ignoring case), and the names of
 * the other files it has (reported, not read).
 */
export function readErpDirectory(directory: string): { files: ErpImportFile[]; ignored: string[] } {
  const path = resolve(directory);
  if (!existsSync(path) || !statSync(path).isDirectory()) {
    throw new NovaError({ code: 'input_invalid', fault: 'user', message: `${path} is not a folder`, hint: 'Give --dir the folder that holds the CSV exports (customers.csv, items.csv, ...).' });
  }
  const files: ErpImportFile[] = [];
  const ignored: string[] = [];
  const seen = new Map<string, string>();
  for (const name of readdirSync(path).sort()) {
    const spec = fileSpecByName(name);
    if (spec === undefined || !statSync(join(path, name)).isFile()) {
      ignored.push(name);
      continue;
    }
    const earlier = seen.get(spec.file);
    if (earlier !== undefined) {
      throw new NovaError({ code: 'input_invalid', fault: 'user', message: `${path} has both ${earlier} and ${name}, which are the same file to Nova`, hint: 'Keep one of them.' });
    }
    seen.set(spec.file, name);
    files.push({ name, text: readUtf8TextFile(join(path, name), { label: 'ERP export' }) });
  }
  if (files.length === 0) {
    throw new NovaError({
      code: 'input_invalid',
      fault: 'user',
      message: `${path} has none of the ERP files`,
      hint: `Nova reads ${erpFiles.map((spec) => spec.file).join(', ')}; any subset of them.`,
    });
  }
  return { files, ignored };
}

/** `file:line:column: field: message`, one problem per line. */
export function formatImportIssue(issue: ImportIssue): string {
  const location = [issue.file, issue.line, issue.column].filter((part) => part !== null).join(':');
  return `${location}: ${issue.field === null ? '' : `${issue.field}: `}${issue.message}`;
}

function parseFiles(files: readonly ErpImportFile[]): ParsedFile[] {
  const parsed: ParsedFile[] = [];
  for (const file of files) {
    const spec = fileSpecByName(file.name);
    if (spec === undefined) {
      throw new NovaError({ code: 'input_invalid', fault: 'user', message: `${file.name} is not an ERP file Nova knows`, hint: `Nova reads ${erpFiles.map((candidate) => candidate.file).join(', ')}.` });
    }
    if (parsed.some((earlier) => earlier.spec === spec)) {
      throw new NovaError({ code: 'input_invalid', fault: 'user', message: `${spec.file} is given twice`, hint: 'Give each file once.' });
    }
    parsed.push(parseErpFile(spec, file.name, file.text));
  }
  // Tables in catalogue order, so the summary and the writes are always in the same order.
  return parsed.sort((left, right) => erpFiles.indexOf(left.spec) - erpFiles.indexOf(right.spec));
}

async function loadTables(db: GenericDatabase): Promise<Map<ErpTableName, Map<string, ErpRow>>> {
  const tables = new Map<ErpTableName, Map<string, ErpRow>>();
  for (const spec of erpFiles) {
    const rows = await db.selectFrom(spec.table).selectAll().execute();
    const byKey = new Map<string, ErpRow>();
    for (const row of rows) {
      const values = normalizeStoredRow(spec, row);
      byKey.set(rowKey(spec, values), values);
    }
    tables.set(spec.table, byKey);
  }
  return tables;
}

/** A stored row as the parser would produce it: whole numbers as numbers (PostgreSQL gives bigint as text). */
function normalizeStoredRow(spec: ErpFileSpec, row: Record<string, unknown>): ErpRow {
  const values: ErpRow = {};
  for (const column of tableColumns(spec)) {
    const value = row[column];
    const kind = spec.columns.find((candidate) => candidate.column === column)?.kind;
    const numeric = column === 'line_no' || kind?.type === 'integer' || kind?.type === 'money';
    values[column] = value === null || value === undefined ? null : numeric ? toInteger(value as number | string) : String(value);
  }
  return values;
}

function mergeState(existing: ReadonlyMap<ErpTableName, ReadonlyMap<string, ErpRow>>, parsed: readonly ParsedFile[], replace: boolean): ErpState {
  const state = new Map<ErpTableName, Map<string, StateRow>>();
  for (const spec of erpFiles) {
    const stored = existing.get(spec.table)!;
    const file = parsed.find((candidate) => candidate.spec === spec);
    const rows = new Map<string, StateRow>();
    if (file === undefined || !replace) {
      const parentsInFile = file !== undefined && spec.numberedWithin !== undefined ? new Set(file.rows.map((row) => row.values[spec.numberedWithin!])) : new Set<CellValue>();
      for (const [key, values] of stored) {
        if (spec.numberedWithin !== undefined && parentsInFile.has(values[spec.numberedWithin] ?? null)) continue;
        rows.set(key, { values, origin: null });
      }
    }
    for (const row of file?.rows ?? []) {
      // Rows whose key could not be read are already reported; they take no place in the state.
      if (spec.key.some((column) => row.values[column] === null || row.values[column] === undefined)) continue;
      rows.set(rowKey(spec, row.values), { values: row.values, origin: { file: file!.name, line: row.line, fieldIndex: file!.fieldIndex, invalid: row.invalid } });
    }
    state.set(spec.table, rows);
  }
  return state;
}

function rowsNotInFiles(parsed: readonly ParsedFile[], state: ErpState): ImportIssue[] {
  const issues: ImportIssue[] = [];
  for (const spec of erpFiles) {
    const kept = [...state.get(spec.table)!.values()].filter((row) => row.origin === null);
    if (kept.length === 0) continue;
    const file = parsed.find((candidate) => candidate.spec === spec)?.name ?? spec.file;
    const example = spec.key.map((column) => `${column} "${kept[0]!.values[column]}"`).join(', ');
    issues.push({ file: `${spec.table} (store)`, line: null, column: null, field: null, message: `holds ${kept.length} row(s) that are not in ${file} (for example ${example})` });
  }
  return issues;
}

function importRefused(issues: readonly ImportIssue[], hint: string | undefined): NovaError {
  const sorted = [...issues].sort(
    (left, right) => left.file.localeCompare(right.file) || (left.line ?? 0) - (right.line ?? 0) || (left.column ?? 0) - (right.column ?? 0),
  );
  const shown = sorted.slice(0, 100).map(formatImportIssue);
  if (sorted.length > shown.length) shown.push(`... and ${sorted.length - shown.length} more (all are in the error's details)`);
  return new NovaError({
    code: 'input_invalid',
    fault: 'user',
    message: `The ERP import was refused (${sorted.length} problem${sorted.length === 1 ? '' : 's'}); nothing was imported:\n${shown.join('\n')}`,
    hint: hint ?? 'Fix the files at the lines shown and import again; the import is all or nothing.',
    details: { issues: sorted },
  });
}

async function writeTable(db: GenericDatabase, file: ParsedFile, stored: ReadonlyMap<string, ErpRow>, final: ReadonlyMap<string, StateRow>): Promise<TableImportSummary> {
  const spec = file.spec;
  const columns = tableColumns(spec);
  const inserts: ErpRow[] = [];
  const updates: ErpRow[] = [];
  let unchanged = 0;
  for (const [key, row] of final) {
    // Rows kept from the store (not in the file) are neither inserted, updated nor unchanged by the file.
    if (row.origin === null) continue;
    const before = stored.get(key);
    if (before === undefined) inserts.push(row.values);
    else if (sameRow(columns, before, row.values)) unchanged += 1;
    else updates.push(row.values);
  }
  const deletes = [...stored].filter(([key]) => !final.has(key)).map(([, values]) => values);

  for (const values of deletes) await whereKey(spec, values, db.deleteFrom(spec.table)).execute();
  for (const values of updates) {
    const changes: ErpRow = {};
    for (const column of columns) if (!spec.key.includes(column)) changes[column] = values[column] ?? null;
    await whereKey(spec, values, db.updateTable(spec.table).set(changes)).execute();
  }
  const rowsPerInsert = Math.max(1, Math.min(500, Math.floor(parametersPerInsert / columns.length)));
  for (let start = 0; start < inserts.length; start += rowsPerInsert) {
    const chunk = inserts.slice(start, start + rowsPerInsert).map((values) => Object.fromEntries(columns.map((column) => [column, values[column] ?? null])));
    await db.insertInto(spec.table).values(chunk).execute();
  }
  return { file: file.name, table: spec.table, rows: file.rows.length, inserted: inserts.length, updated: updates.length, deleted: deletes.length, unchanged };
}

function sameRow(columns: readonly string[], left: ErpRow, right: ErpRow): boolean {
  return columns.every((column) => (left[column] ?? null) === (right[column] ?? null));
}

interface Filterable<Builder> {
  where(column: string, operator: '=', value: CellValue): Builder;
}

function whereKey<Builder extends Filterable<Builder>>(spec: ErpFileSpec, values: ErpRow, builder: Builder): Builder {
  let filtered = builder;
  for (const column of spec.key) filtered = filtered.where(column, '=', values[column] ?? null);
  return filtered;
}
