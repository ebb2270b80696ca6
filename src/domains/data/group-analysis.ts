import { NovaError } from '../../core/errors.ts';
import { createAccumulator, numericAggregations, type Accumulator, type Aggregation } from './aggregates.ts';
import type { ProblemLog } from './analysis-problems.ts';
import { columnIndex, unknownColumnError } from './csv-columns.ts';
import { compareKeys, groupKeyValue, parseGroupKey, termColumn, type GroupKeySpec } from './group-key.ts';
import { ColumnTypeTracker } from './column-type.ts';
import { isMissingMarker, trimCell } from './number-text.ts';
import type { ValueBudget } from './quantiles.ts';

export interface MeasureSpec {
  /** Not needed for `count`, which then counts rows. */
  column?: string;
  agg: Aggregation;
  /** The measure's name in the output; default `agg(column)`, or `count` for a row count. */
  name?: string;
}

export interface GroupRow {
  /** Group-by term -> the group's value (null for missing). */
  key: Record<string, string | null>;
  rows: number;
  /** Measure name -> its value. */
  values: Record<string, number | string | null>;
}

export interface GroupResult {
  groupBy: string[];
  measures: Array<{ name: string; column: string | null; agg: Aggregation }>;
  groups: GroupRow[];
}

/** A measure bound to a column position (-1: count rows). */
export interface BoundMeasure {
  name: string;
  column: string | null;
  index: number;
  agg: Aggregation;
  /** Shared by the measures of one column: decides at the end whether its NA/NULL markers are text. */
  tracker: ColumnTypeTracker;
}

/** Shared by group-by and pivot: what each row's key cells and measure cells mean. */
export interface AnalysisContext {
  file: string;
  problems: ProblemLog;
  budget: ValueBudget;
}

/** Binds group-by terms to columns, or fails naming the unknown one and the columns there are. */
export function bindKeys(terms: readonly string[], columns: readonly string[], file: string, askedIn: string): Array<GroupKeySpec & { index: number }> {
  return terms.map((term) => {
    const spec = parseGroupKey(term, columns);
    if (spec === null) throw unknownColumnError(termColumn(term), columns, file, askedIn);
    return { ...spec, index: columns.indexOf(spec.column) };
  });
}

export function bindMeasures(measures: readonly MeasureSpec[], columns: readonly string[], file: string): BoundMeasure[] {
  const trackers = new Map<number, ColumnTypeTracker>();
  const trackerOf = (index: number) => {
    let tracker = trackers.get(index);
    if (tracker === undefined) trackers.set(index, (tracker = new ColumnTypeTracker()));
    return tracker;
  };
  const bound = measures.map((measure, position) => {
    if (measure.column === undefined) {
      if (measure.agg !== 'count') throw measureWithoutColumn(measure.agg, position);
      return { name: measure.name ?? 'count', column: null, index: -1, agg: measure.agg, tracker: trackerOf(-1) };
    }
    const index = columnIndex(measure.column, columns, file, `measures[${position}]`);
    return { name: measure.name ?? `${measure.agg}(${measure.column})`, column: measure.column, index, agg: measure.agg, tracker: trackerOf(index) };
  });
  const names = new Set<string>();
  for (const measure of bound) {
    if (names.has(measure.name)) {
      throw new NovaError({ code: 'input_invalid', fault: 'user', message: `Two measures are named "${measure.name}"`, hint: 'Give one of them a different "name".' });
    }
    names.add(measure.name);
  }
  return bound;
}

export function measureWithoutColumn(agg: Aggregation, position: number | null): NovaError {
  return new NovaError({
    code: 'input_invalid',
    fault: 'user',
    message: `${position === null ? 'The pivot' : `measures[${position}]`} asks for ${agg} without a column; only count works without one`,
    hint: `Name the column, e.g. {"column": "amount", "agg": "${agg}"}.`,
  });
}

/**
 * Feeds one row's cell of a measure to its accumulator (and to `alongside`, the totals of a pivot):
 * empty cells are skipped, "no value" markers are set aside until the column's type is known, and a
 * value a numeric aggregation cannot use is reported once per measure, counted.
 */
export function feed(accumulator: Accumulator, fields: readonly string[], measure: BoundMeasure, line: number, problems: ProblemLog, alongside: readonly Accumulator[] = []): void {
  if (measure.index === -1) {
    accumulator.add('');
    for (const other of alongside) other.add('');
    return;
  }
  const text = trimCell(fields[measure.index]!);
  if (text.length === 0) return;
  if (isMissingMarker(text)) {
    accumulator.addMarker(text);
    for (const other of alongside) other.addMarker(text);
    return;
  }
  measure.tracker.add(text);
  const accepted = accumulator.add(text);
  for (const other of alongside) other.add(text);
  if (!accepted && numericAggregations.has(measure.agg)) {
    problems.add('not_a_number', measure.column ?? undefined, line, `values that are not numbers were left out of ${measure.name}`, text);
  }
}

/** The key of a row for the given terms; a value that is not a date where a date bucket was asked for is grouped under null, and reported. */
export function rowKey(fields: readonly string[], keys: ReadonlyArray<GroupKeySpec & { index: number }>, line: number, problems: ProblemLog): Array<string | null> {
  return keys.map((key) => {
    const value = groupKeyValue(fields[key.index]!, key.bucket);
    if (value !== undefined) return value;
    problems.add('not_a_date', key.column, line, `values that are not ISO dates (YYYY-MM-DD...) could not be put in a ${key.bucket} and were grouped under null`, fields[key.index]);
    return null;
  });
}

/** Joins key parts into one map key; null is kept apart from any text. */
export function joinKey(parts: ReadonlyArray<string | null>): string {
  return parts.map((part) => (part === null ? '\u0000' : part)).join('\u0001');
}

interface Group {
  parts: Array<string | null>;
  rows: number;
  accumulators: Accumulator[];
}

/** Group-by: one accumulator per measure per group; memory grows with the number of groups (at most `maxGroups`). */
export class GroupAnalysis {
  private readonly context: AnalysisContext;
  private readonly terms: string[];
  private readonly measureSpecs: MeasureSpec[];
  private readonly maxGroups: number;
  private keys: Array<GroupKeySpec & { index: number }> = [];
  private measures: BoundMeasure[] = [];
  private readonly groups = new Map<string, Group>();

  constructor(context: AnalysisContext, terms: string[], measures: MeasureSpec[], maxGroups: number) {
    this.context = context;
    this.terms = terms;
    this.measureSpecs = measures;
    this.maxGroups = maxGroups;
  }

  setup(columns: readonly string[]): void {
    this.keys = bindKeys(this.terms, columns, this.context.file, 'groupBy');
    this.measures = bindMeasures(this.measureSpecs, columns, this.context.file);
  }

  record(fields: readonly string[], line: number): void {
    const parts = rowKey(fields, this.keys, line, this.context.problems);
    const mapKey = joinKey(parts);
    let group = this.groups.get(mapKey);
    if (group === undefined) {
      if (this.groups.size >= this.maxGroups) throw tooMany('groups', this.maxGroups, 'Group by fewer or coarser columns (a date bucket such as "date:month" instead of the date).');
      group = { parts, rows: 0, accumulators: this.measures.map((measure) => createAccumulator(measure.agg, this.context.budget)) };
      this.groups.set(mapKey, group);
    }
    group.rows += 1;
    for (let position = 0; position < this.measures.length; position += 1) feed(group.accumulators[position]!, fields, this.measures[position]!, line, this.context.problems);
  }

  finish(): GroupResult {
    // Totals over the whole file are one row even when the file has no rows (count 0, sums null), as in SQL.
    if (this.keys.length === 0 && this.groups.size === 0) {
      this.groups.set('', { parts: [], rows: 0, accumulators: this.measures.map((measure) => createAccumulator(measure.agg, this.context.budget)) });
    }
    const groups = [...this.groups.values()].sort((left, right) => {
      for (let position = 0; position < left.parts.length; position += 1) {
        const order = compareKeys(left.parts[position]!, right.parts[position]!);
        if (order !== 0) return order;
      }
      return 0;
    });
    const estimated = new Set<string>();
    return {
      groupBy: this.terms,
      measures: this.measures.map((measure) => ({ name: measure.name, column: measure.column, agg: measure.agg })),
      groups: groups.map((group) => ({
        key: Object.fromEntries(this.keys.map((key, position) => [key.label, group.parts[position]!])),
        rows: group.rows,
        values: Object.fromEntries(
          this.measures.map((measure, position) => {
            const accumulator = group.accumulators[position]!;
            const value = accumulator.result(measure.tracker.markersAreValues);
            if (accumulator.approximate && !estimated.has(measure.name)) {
              estimated.add(measure.name);
              this.context.problems.add('distinct_estimated', measure.column ?? undefined, 0, `${measure.name} has more than 100,000 distinct values in some groups and is estimated there (HyperLogLog, about 0.8% error)`);
            }
            return [measure.name, value];
          }),
        ),
      })),
    };
  }
}

export function tooMany(what: string, limit: number, hint: string): NovaError {
  return new NovaError({
    code: 'limit_exceeded',
    fault: 'user',
    message: `The analysis would make more than ${limit.toLocaleString('en-US')} ${what}`,
    hint,
    details: { limit },
  });
}
