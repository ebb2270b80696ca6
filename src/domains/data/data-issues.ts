import type { ErrorObject } from 'ajv';

/** One problem with one row (or, with `row: null`, with the header or the file's structure). */
export interface DataIssue {
  /** 1-based data row (CSV record after the header, array element, JSONL value); null when the problem is not in a row. */
  row: number | null;
  /** The line of the file where the row starts (or where the problem was found). */
  line: number;
  /** CSV: the column's name. */
  column?: string;
  /** JSON: where in the record, e.g. `$.items[2].sku`; CSV: where inside a cell that holds JSON. */
  path?: string;
  /** The offending value as written (long values are cut to 200 characters); absent for a missing one. */
  value?: unknown;
  /** The rule that failed: a JSON Schema keyword (`type`, `required`, `pattern`...) or a syntax rule (`csv_syntax`, `json_syntax`, `column_count`...). */
  rule: string;
  message: string;
}

/**
 * Keeps the first `maxIssues` issues and counts all of them by rule, and the rows that have any: the
 * report of a file with millions of bad rows stays small.
 */
export class IssueCollector {
  readonly issues: DataIssue[] = [];
  readonly countsByRule: Record<string, number> = {};
  total = 0;
  invalidRows = 0;
  private lastInvalidRow = 0;
  private readonly maxIssues: number;

  constructor(maxIssues: number) {
    this.maxIssues = maxIssues;
  }

  add(issue: DataIssue): void {
    this.total += 1;
    this.countsByRule[issue.rule] = (this.countsByRule[issue.rule] ?? 0) + 1;
    // Rows arrive in order, so a row is new when it differs from the last invalid one.
    if (issue.row !== null && issue.row !== this.lastInvalidRow) {
      this.lastInvalidRow = issue.row;
      this.invalidRows += 1;
    }
    if (this.issues.length < this.maxIssues) this.issues.push(issue);
  }

  get truncated(): boolean {
    return this.total > this.issues.length;
  }
}

/** Where a value sits in a record, as the report shows it. */
export interface IssueLocation {
  row: number;
  line: number;
  /** CSV rows: the raw text of each column, shown as the value instead of the coerced one. */
  cells?: ReadonlyMap<string, string>;
}

/** The issues of one record from Ajv's errors: located, with the value as written and a message that stands alone. */
export function issuesFromSchemaErrors(errors: readonly ErrorObject[], record: unknown, location: IssueLocation): DataIssue[] {
  return errors.map((error) => {
    const segments = error.instancePath.split('/').slice(1).map(unescapePointer);
    if (error.keyword === 'required') segments.push(String(error.params['missingProperty']));
    if (error.keyword === 'additionalProperties') segments.push(String(error.params['additionalProperty']));
    if (error.keyword === 'dependentRequired' || error.keyword === 'dependencies') {
      const missing = error.params['missingProperty'];
      if (typeof missing === 'string') segments.push(missing);
    }
    const found = valueAt(record, segments);
    let where: string;
    let column: string | undefined;
    let path: string | undefined;
    if (location.cells !== undefined) {
      column = segments[0];
      if (segments.length > 1) path = jsonPath(record, segments, 1);
      where = column === undefined ? 'the row' : path === undefined ? `column "${column}"` : `column "${column}" at ${path}`;
    } else {
      path = jsonPath(record, segments, 0);
      where = path;
    }
    const raw = location.cells !== undefined && segments.length === 1 ? location.cells.get(segments[0]!) : undefined;
    const shown = raw ?? (found.present ? found.value : undefined);
    const value = error.keyword === 'required' || shown === undefined ? undefined : preview(shown);
    return {
      row: location.row,
      line: location.line,
      ...(column === undefined ? {} : { column }),
      ...(path === undefined ? {} : { path }),
      ...(value === undefined ? {} : { value }),
      rule: error.keyword,
      message: describe(error, where, value),
    };
  });
}

function describe(error: ErrorObject, where: string, value: unknown): string {
  const got = value === undefined ? '' : `, got ${JSON.stringify(value)}`;
  switch (error.keyword) {
    case 'required':
      return `${where} is required and missing`;
    case 'additionalProperties':
      return `${where} is not allowed by the schema (additionalProperties is false)`;
    case 'enum':
      return `${where} must be one of ${JSON.stringify(error.params['allowedValues'])}${got}`;
    case 'const':
      return `${where} must be ${JSON.stringify(error.params['allowedValue'])}${got}`;
    case 'type':
      return `${where} must be ${String(error.params['type']).split(',').join(' or ')}${got}`;
    default:
      return `${where} ${error.message ?? `breaks ${error.keyword}`}${got}`;
  }
}

function valueAt(record: unknown, segments: readonly string[]): { present: boolean; value: unknown } {
  let node: unknown = record;
  for (const segment of segments) {
    if (typeof node !== 'object' || node === null || !(segment in node)) return { present: false, value: undefined };
    node = (node as Record<string, unknown>)[segment];
  }
  return { present: true, value: node };
}

/** `$.items[2].sku`: indexes where the container is an array, dotted names where they are plain, brackets otherwise. */
function jsonPath(record: unknown, segments: readonly string[], from: number): string {
  let node: unknown = record;
  let path = '$';
  segments.forEach((segment, index) => {
    if (index >= from) {
      if (Array.isArray(node) && /^\d+$/.test(segment)) path += `[${segment}]`;
      else if (/^[A-Za-z_$][\w$]*$/.test(segment)) path += `.${segment}`;
      else path += `[${JSON.stringify(segment)}]`;
    }
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[segment] : undefined;
  });
  return path;
}

/** Values as the report shows them: scalars as they are, long strings and structures cut to 200 characters. */
export function preview(value: unknown): unknown {
  if (typeof value === 'string') return value.length > 200 ? `${value.slice(0, 200)}…` : value;
  if (typeof value === 'object' && value !== null) {
    const text = JSON.stringify(value);
    return text.length > 200 ? `${text.slice(0, 200)}…` : value;
  }
  return value;
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}
