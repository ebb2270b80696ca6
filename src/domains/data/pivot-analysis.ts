import { createAccumulator, type Accumulator, type Aggregation } from './aggregates.ts';
import { columnIndex } from './csv-columns.ts';
import { ColumnTypeTracker } from './column-type.ts';
import { bindKeys, feed, joinKey, measureWithoutColumn, rowKey, tooMany, type AnalysisContext, type BoundMeasure } from './group-analysis.ts';
import { compareKeys, type GroupKeySpec } from './group-key.ts';

export interface PivotSpec {
  /** The column (or `column:bucket`) whose values become the rows. */
  rows: string;
  /** The column (or `column:bucket`) whose values become the columns. */
  columns: string;
  /** The column aggregated in each cell; not needed for `count`. */
  value?: string;
  /** Default `sum` (or `count` without a value column). */
  agg?: Aggregation;
}

export interface PivotResult {
  pivot: { rows: string; columns: string; value: string | null; agg: Aggregation };
  /** The column headers, sorted (null: the value was missing). */
  columnKeys: Array<string | null>;
  /** One row per row key, sorted; `values` lines up with `columnKeys`; null where no row had both keys. */
  table: Array<{ key: string | null; values: Array<number | string | null>; total: number | string | null }>;
  columnTotals: Array<number | string | null>;
  grandTotal: number | string | null;
}

const maxColumnKeys = 1_000;
const maxRowKeys = 100_000;

/**
 * A pivot table: the aggregate of `value` for each (row key, column key), with totals per row, per
 * column and overall. Totals are aggregated from the rows themselves (a mean of all values, not a
 * mean of means).
 */
export class PivotAnalysis {
  private readonly context: AnalysisContext;
  private readonly spec: PivotSpec;
  private readonly agg: Aggregation;
  private keys: Array<GroupKeySpec & { index: number }> = [];
  private measure: BoundMeasure = { index: -1, agg: 'count', name: 'count', column: null, tracker: new ColumnTypeTracker() };
  private readonly cells = new Map<string, Map<string, Accumulator>>();
  private readonly rowTotals = new Map<string, { key: string | null; accumulator: Accumulator }>();
  private readonly columnTotals = new Map<string, { key: string | null; accumulator: Accumulator }>();
  private readonly grand: Accumulator;
  /** The totals a row also feeds: its row's, its column's and the grand total (one array, reused). */
  private readonly totals: Accumulator[];

  constructor(context: AnalysisContext, spec: PivotSpec) {
    this.context = context;
    this.spec = spec;
    this.agg = spec.agg ?? (spec.value === undefined ? 'count' : 'sum');
    this.grand = createAccumulator(this.agg, context.budget);
    this.totals = [this.grand, this.grand, this.grand];
  }

  setup(columns: readonly string[]): void {
    this.keys = bindKeys([this.spec.rows, this.spec.columns], columns, this.context.file, 'pivot');
    if (this.spec.value === undefined) {
      if (this.agg !== 'count') throw measureWithoutColumn(this.agg, null);
      return;
    }
    const index = columnIndex(this.spec.value, columns, this.context.file, 'pivot.value');
    this.measure = { index, agg: this.agg, name: `${this.agg}(${this.spec.value})`, column: this.spec.value, tracker: new ColumnTypeTracker() };
  }

  record(fields: readonly string[], line: number): void {
    const [rowPart, columnPart] = rowKey(fields, this.keys, line, this.context.problems) as [string | null, string | null];
    const rowMapKey = joinKey([rowPart]);
    const columnMapKey = joinKey([columnPart]);
    let rowTotal = this.rowTotals.get(rowMapKey);
    if (rowTotal === undefined) {
      if (this.rowTotals.size >= maxRowKeys) throw tooMany('pivot rows', maxRowKeys, 'Pivot on a column with fewer distinct values, or bucket a date column ("date:month").');
      rowTotal = { key: rowPart, accumulator: createAccumulator(this.agg, this.context.budget) };
      this.rowTotals.set(rowMapKey, rowTotal);
      this.cells.set(rowMapKey, new Map());
    }
    let columnTotal = this.columnTotals.get(columnMapKey);
    if (columnTotal === undefined) {
      if (this.columnTotals.size >= maxColumnKeys) throw tooMany('pivot columns', maxColumnKeys, 'Swap rows and columns, or pivot on a column with fewer distinct values.');
      columnTotal = { key: columnPart, accumulator: createAccumulator(this.agg, this.context.budget) };
      this.columnTotals.set(columnMapKey, columnTotal);
    }
    const row = this.cells.get(rowMapKey)!;
    let cell = row.get(columnMapKey);
    if (cell === undefined) {
      cell = createAccumulator(this.agg, this.context.budget);
      row.set(columnMapKey, cell);
    }
    this.totals[0] = rowTotal.accumulator;
    this.totals[1] = columnTotal.accumulator;
    feed(cell, fields, this.measure, line, this.context.problems, this.totals);
  }

  finish(): PivotResult {
    const markersAreValues = this.measure.tracker.markersAreValues;
    const byKey = (left: { key: string | null }, right: { key: string | null }) => compareKeys(left.key, right.key);
    const columns = [...this.columnTotals.entries()].map(([mapKey, total]) => ({ mapKey, ...total })).sort(byKey);
    const rows = [...this.rowTotals.entries()].map(([mapKey, total]) => ({ mapKey, ...total })).sort(byKey);
    return {
      pivot: { rows: this.spec.rows, columns: this.spec.columns, value: this.spec.value ?? null, agg: this.agg },
      columnKeys: columns.map((column) => column.key),
      table: rows.map((row) => {
        const cells = this.cells.get(row.mapKey)!;
        return {
          key: row.key,
          values: columns.map((column) => cells.get(column.mapKey)?.result(markersAreValues) ?? (this.agg === 'count' ? 0 : null)),
          total: row.accumulator.result(markersAreValues),
        };
      }),
      columnTotals: columns.map((column) => column.accumulator.result(markersAreValues)),
      grandTotal: this.grand.result(markersAreValues),
    };
  }
}
