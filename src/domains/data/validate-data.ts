import type { ValidateFunction } from 'ajv';
import { NovaError } from '../../core/errors.ts';
import { csvCoercions, type CellCoercion } from './csv-coercion.ts';
import { headerNames, parseDelimiter } from './csv-dialect.ts';
import { readCsv } from './csv-reader.ts';
import { IssueCollector, issuesFromSchemaErrors, type DataIssue } from './data-issues.ts';
import { readJsonRecords } from './json-records.ts';
import { compileSchema } from './schema-compiler.ts';
import type { LoadedSchema } from './schema-source.ts';

export type DataFormat = 'csv' | 'json' | 'jsonl';

export interface ValidateDataOptions {
  /** Absolute path of the file (`.gz` is decompressed as it is read). */
  file: string;
  schema: LoadedSchema;
  /** Default: from the extension (`.csv`/`.tsv`, `.json`, `.jsonl`/`.ndjson`). */
  format?: DataFormat;
  /** CSV only; default: detected from the header line. */
  delimiter?: string;
  /** Issues kept in the report (all are counted); default 1000. */
  maxIssues?: number;
  signal?: AbortSignal;
}

export interface ValidationReport {
  file: string;
  format: DataFormat;
  schema: string;
  valid: boolean;
  /** Data rows read (CSV records after the header, array elements, JSONL values), malformed ones included. */
  rows: number;
  invalidRows: number;
  /** All issues found; `issues` holds at most `maxIssues` of them. */
  issueCount: number;
  issues: DataIssue[];
  truncated: boolean;
  countsByRule: Record<string, number>;
  /** CSV: the header's column names and the delimiter used. */
  columns?: string[];
  delimiter?: string;
  /** What the schema compiler accepted but does not check (e.g. an unknown `format`). */
  schemaWarnings: string[];
}

/**
 * Validates every row of a CSV, JSON or JSONL file against a JSON Schema, streaming: memory stays
 * bounded by the largest row and `maxIssues`, whatever the file's size. The schema is compiled once
 * (Ajv, all errors per row). CSV cells are coerced to the types the schema asks for first (see
 * `csvCoercions`). Malformed rows are issues; only a file that cannot be read at all is an error.
 */
export async function validateData(options: ValidateDataOptions): Promise<ValidationReport> {
  const format = options.format ?? formatFromPath(options.file);
  const compiled = compileSchema(options.schema.schema, options.schema.description);
  const collector = new IssueCollector(options.maxIssues ?? 1000);
  const base = { file: options.file, format, schema: options.schema.description, schemaWarnings: compiled.warnings };
  let rows: number;
  let csv: { columns: string[]; delimiter: string } | undefined;
  if (format === 'csv') {
    const result = await validateCsv(options, compiled.validate, collector);
    rows = result.rows;
    csv = { columns: result.columns, delimiter: result.delimiter };
  } else {
    rows = await validateJson(options, format, compiled.validate, collector);
  }
  return {
    ...base,
    valid: collector.total === 0,
    rows,
    invalidRows: collector.invalidRows,
    issueCount: collector.total,
    issues: collector.issues,
    truncated: collector.truncated,
    countsByRule: collector.countsByRule,
    ...(csv === undefined ? {} : csv),
  };
}

/** The format a file's extension implies (a trailing `.gz` is looked through). */
export function formatFromPath(path: string): DataFormat {
  const name = path.toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.csv') || name.endsWith('.tsv')) return 'csv';
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson') || name.endsWith('.jsonlines')) return 'jsonl';
  if (name.endsWith('.json')) return 'json';
  throw new NovaError({
    code: 'input_invalid',
    fault: 'user',
    message: `Cannot tell the format of ${path} from its extension`,
    hint: 'Pass "format": "csv", "json" (a top-level array of records) or "jsonl" (one JSON value per line).',
    details: { file: path },
  });
}

async function validateCsv(options: ValidateDataOptions, validate: ValidateFunction, collector: IssueCollector): Promise<{ rows: number; columns: string[]; delimiter: string }> {
  let columns: string[] | null = null;
  let coercions: CellCoercion[] = [];
  let rows = 0;
  const { delimiter } = await readCsv(
    options.file,
    { ...delimiterOption(options.delimiter), ...(options.signal === undefined ? {} : { signal: options.signal }) },
    {
      record(fields, line) {
        if (columns === null) {
          const header = headerNames(fields);
          columns = header.names;
          coercions = csvCoercions(options.schema.schema, columns);
          for (const problem of header.problems) collector.add({ row: null, line, column: problem.name, rule: problem.rule, message: problem.message });
          return;
        }
        rows += 1;
        if (fields.length !== columns.length) {
          collector.add({
            row: rows,
            line,
            rule: 'column_count',
            message: `row ${rows} has ${fields.length} field${fields.length === 1 ? '' : 's'} where the header has ${columns.length}; the row was not checked further`,
          });
          return;
        }
        const record: Record<string, unknown> = {};
        for (let index = 0; index < fields.length; index += 1) {
          const value = coercions[index]!(fields[index]!);
          if (value !== undefined) record[columns[index]!] = value;
        }
        if (validate(record)) return;
        const cells = new Map(columns.map((column, index) => [column, fields[index]!]));
        for (const issue of issuesFromSchemaErrors(validate.errors ?? [], record, { row: rows, line, cells })) collector.add(issue);
      },
      malformed(problem) {
        const row = columns === null ? null : (rows += 1);
        const column = problem.field === null || columns === null ? undefined : columns[problem.field - 1];
        collector.add({ row, line: problem.line, ...(column === undefined ? {} : { column }), rule: 'csv_syntax', message: problem.message });
      },
    },
  );
  return { rows, columns: columns ?? [], delimiter };
}

async function validateJson(options: ValidateDataOptions, format: 'json' | 'jsonl', validate: ValidateFunction, collector: IssueCollector): Promise<number> {
  let rows = 0;
  await readJsonRecords(options.file, format, options.signal === undefined ? {} : { signal: options.signal }, (record) => {
    if (record.row !== null) rows = Math.max(rows, record.row);
    if (!record.ok) {
      collector.add({ row: record.row, line: record.line, rule: 'json_syntax', message: `${record.message} (line ${record.line}, column ${record.column})` });
      return;
    }
    if (validate(record.value)) return;
    for (const issue of issuesFromSchemaErrors(validate.errors ?? [], record.value, { row: record.row, line: record.line })) collector.add(issue);
  });
  return rows;
}

function delimiterOption(delimiter: string | undefined): { delimiter?: string } {
  const parsed = parseDelimiter(delimiter);
  return parsed === undefined ? {} : { delimiter: parsed };
}
