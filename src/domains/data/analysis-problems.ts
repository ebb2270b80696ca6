import { preview } from './data-issues.ts';

/** Something in the data that an analysis left out or could only estimate, counted, with its first occurrence. */
export interface AnalysisProblem {
  /** `csv_syntax` and `column_count` (rows skipped), `not_a_number` (value left out of a numeric measure), `not_a_date` (value grouped under null), `distinct_estimated`, `empty_column_name`/`duplicate_column_name`. */
  code: string;
  column?: string;
  count: number;
  firstLine: number;
  /** The first offending value, as written. */
  example?: unknown;
  message: string;
}

/** Collects problems by code and column: one entry each, however many rows have it. */
export class ProblemLog {
  private readonly entries = new Map<string, AnalysisProblem>();

  add(code: string, column: string | undefined, line: number, message: string, example?: string): void {
    const key = `${code}\u0000${column ?? ''}`;
    const entry = this.entries.get(key);
    if (entry !== undefined) {
      entry.count += 1;
      return;
    }
    this.entries.set(key, {
      code,
      ...(column === undefined ? {} : { column }),
      count: 1,
      firstLine: line,
      ...(example === undefined ? {} : { example: preview(example) }),
      message,
    });
  }

  list(): AnalysisProblem[] {
    return [...this.entries.values()];
  }
}
