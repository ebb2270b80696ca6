import { NovaError } from '../../core/errors.ts';
import { ProblemLog, type AnalysisProblem } from './analysis-problems.ts';
import { ColumnProfile, type ColumnSummary } from './column-profile.ts';
import { columnIndex } from './csv-columns.ts';
import { headerNames, parseDelimiter } from './csv-dialect.ts';
import { readCsv } from './csv-reader.ts';
import { GroupAnalysis, type AnalysisContext, type GroupResult, type MeasureSpec } from './group-analysis.ts';
import { PivotAnalysis, type PivotResult, type PivotSpec } from './pivot-analysis.ts';
import { ValueBudget } from './quantiles.ts';

export type { MeasureSpec } from './group-analysis.ts';
export type { PivotSpec } from './pivot-analysis.ts';

export interface AnalyseCsvOptions {
  /** Absolute path of the CSV file (`.gz` is decompressed as it is read). */
  file: string;
  /** Summary mode: only these columns (default all). */
  columns?: string[];
  /** Group-by mode: the columns (or `column:month`...) to group by. */
  groupBy?: string[];
  /** The aggregates per group; with no groupBy, over the whole file. Default: none (each group still has its row count). */
  measures?: MeasureSpec[];
  pivot?: PivotSpec;
  /** Default: detected from the header line (`,` `;` tab `|`). */
  delimiter?: string;
  signal?: AbortSignal;
  /** Default 1,000,000. */
  maxGroups?: number;
  /** Default: 100 million numbers kept for medians and percentiles. */
  valueBudget?: ValueBudget;
}

interface AnalysisBase {
  file: string;
  delimiter: string;
  /** Data rows analysed (the header and skipped rows not counted). */
  rows: number;
  /** Rows left out because csv-parse could not read them or their number of fields differs from the header's. */
  skippedRows: number;
  problems: AnalysisProblem[];
}

export type CsvAnalysis =
  | (AnalysisBase & { mode: 'summary'; columns: ColumnSummary[] })
  | (AnalysisBase & { mode: 'groupBy' } & GroupResult)
  | (AnalysisBase & { mode: 'pivot' } & PivotResult);

interface AnalysisMode {
  setup(columns: readonly string[]): void;
  record(fields: readonly string[], line: number): void;
}

/**
 * Analyses a CSV file in one streaming pass: summary statistics per column (no groupBy, measures or
 * pivot), aggregates per group (groupBy and/or measures), or a pivot table. Rows that cannot be read
 * are skipped and reported in `problems`; an unclosed quote (which swallows the rest of the file) and
 * unknown columns are errors.
 */
export async function analyseCsv(options: AnalyseCsvOptions): Promise<CsvAnalysis> {
  checkCombination(options);
  const problems = new ProblemLog();
  const context: AnalysisContext = { file: options.file, problems, budget: options.valueBudget ?? new ValueBudget() };
  let summary: SummaryAnalysis | null = null;
  let group: GroupAnalysis | null = null;
  let pivot: PivotAnalysis | null = null;
  let mode: AnalysisMode;
  if (options.pivot !== undefined) mode = pivot = new PivotAnalysis(context, options.pivot);
  else if (options.groupBy !== undefined || options.measures !== undefined) {
    mode = group = new GroupAnalysis(context, options.groupBy ?? [], options.measures ?? [], options.maxGroups ?? 1_000_000);
  } else mode = summary = new SummaryAnalysis(context, options.columns);

  let header: string[] | null = null;
  let rows = 0;
  let skippedRows = 0;
  let firstSyntaxProblem: { line: number; message: string } | null = null;
  const delimiter = parseDelimiter(options.delimiter);
  const read = await readCsv(
    options.file,
    { ...(delimiter === undefined ? {} : { delimiter }), ...(options.signal === undefined ? {} : { signal: options.signal }) },
    {
      record(fields, line) {
        if (header === null) {
          const names = headerNames(fields);
          header = names.names;
          for (const problem of names.problems) problems.add(problem.rule, problem.name, line, problem.message);
          mode.setup(header);
          return;
        }
        if (fields.length !== header.length) {
          skippedRows += 1;
          problems.add('column_count', undefined, line, `rows whose number of fields differs from the header's ${header.length} were skipped (the first has ${fields.length})`);
          return;
        }
        rows += 1;
        mode.record(fields, line);
      },
      malformed(problem) {
        if (problem.fatal) {
          // csv-parse can stay inside quotes after a bad closing quote: the earlier problem is the cause.
          const cause = firstSyntaxProblem === null ? '' : `; the first quoting problem is at line ${firstSyntaxProblem.line}: ${firstSyntaxProblem.message}`;
          throw new NovaError({
            code: 'input_invalid',
            fault: 'user',
            message: `Cannot analyse ${options.file}: ${problem.message}${cause}`,
            hint: 'Fix the quoting there (every opening " needs a closing ", and a " inside a quoted field is written "").',
            details: { line: firstSyntaxProblem?.line ?? problem.line, csvCode: problem.code },
          });
        }
        firstSyntaxProblem ??= { line: problem.line, message: problem.message };
        skippedRows += 1;
        problems.add('csv_syntax', undefined, problem.line, `rows csv-parse could not read were skipped; the first: ${problem.message}`);
      },
    },
  );
  if (header === null) {
    throw new NovaError({
      code: 'input_invalid',
      fault: 'user',
      message: `${options.file} is empty: it has no header row`,
      hint: 'A CSV file for analysis starts with a header row naming its columns.',
      details: { file: options.file },
    });
  }
  const base = { file: options.file, delimiter: read.delimiter, rows, skippedRows };
  if (pivot !== null) {
    const result = pivot.finish();
    return { mode: 'pivot', ...base, ...result, problems: problems.list() };
  }
  if (group !== null) {
    const result = group.finish();
    return { mode: 'groupBy', ...base, ...result, problems: problems.list() };
  }
  const columns = summary!.finish();
  return { mode: 'summary', ...base, columns, problems: problems.list() };
}

function checkCombination(options: AnalyseCsvOptions): void {
  const invalid = (message: string, hint: string) => new NovaError({ code: 'input_invalid', fault: 'user', message, hint });
  if (options.pivot !== undefined && (options.groupBy !== undefined || options.measures !== undefined)) {
    throw invalid('Ask for a pivot or for a group-by, not both', 'A pivot has its own aggregate: {"pivot": {"rows": "region", "columns": "month", "value": "amount", "agg": "sum"}}.');
  }
  if (options.columns !== undefined && (options.pivot !== undefined || options.groupBy !== undefined || options.measures !== undefined)) {
    throw invalid('"columns" chooses the columns of the summary; it does not apply to a group-by or pivot', 'Drop "columns", and name the columns to aggregate in "measures" (or "pivot.value").');
  }
  if (options.groupBy !== undefined && options.groupBy.length === 0) throw invalid('groupBy is empty', 'Name at least one column, or leave groupBy out for totals over the whole file.');
}

/** Summary mode: one profile per column. */
class SummaryAnalysis implements AnalysisMode {
  private readonly context: AnalysisContext;
  private readonly requested: string[] | undefined;
  private indexes: number[] = [];
  private profiles: ColumnProfile[] = [];

  constructor(context: AnalysisContext, requested: string[] | undefined) {
    this.context = context;
    this.requested = requested;
  }

  setup(columns: readonly string[]): void {
    const names = this.requested ?? columns;
    this.indexes = names.map((name, position) => columnIndex(name, columns, this.context.file, `columns[${position}]`));
    this.profiles = this.indexes.map((index) => new ColumnProfile(columns[index]!, this.context.budget));
  }

  record(fields: readonly string[]): void {
    for (let position = 0; position < this.indexes.length; position += 1) this.profiles[position]!.add(fields[this.indexes[position]!]!);
  }

  finish(): ColumnSummary[] {
    return this.profiles.map((profile) => {
      const summary = profile.summary();
      if (summary.distinctApprox) {
        this.context.problems.add('distinct_estimated', summary.name, 0, `${summary.name} has more than 100,000 distinct values; its distinct count is estimated (HyperLogLog, about 0.8% error)`);
      }
      return summary;
    });
  }
}
