import { DecimalSum, decimalToNumber, divideDecimal, formatDecimal, parseDecimal } from './decimal.ts';
import { DistinctCounter } from './distinct-counter.ts';
import { isoDateTime } from './iso-date.ts';
import { isMissingMarker, newNumberReading, readNumber, trimCell, type NumberReading } from './number-text.ts';
import { NumberCollection, quantile, type ValueBudget } from './quantiles.ts';

export type ColumnType = 'integer' | 'number' | 'boolean' | 'date' | 'string' | 'empty';

/** Summary statistics of one column. Numbers are exact (see `ColumnProfile`); absent fields do not apply to the type. */
export interface ColumnSummary {
  name: string;
  type: ColumnType;
  /** Cells with a value. */
  count: number;
  /** Empty cells, and "no value" markers (NA, N/A, NULL, NaN, None...) unless the column holds text. */
  missing: number;
  /** Distinct values (as written, trimmed); estimated when `distinctApprox`. */
  distinct: number;
  distinctApprox: boolean;
  /** Numbers for numeric columns, the text for dates (earliest/latest) and strings (in code-point order); null for booleans and empty columns. */
  min: number | string | null;
  max: number | string | null;
  sum?: number;
  /** The sum as an exact decimal, digit for digit. */
  sumExact?: string;
  mean?: number | null;
  median?: number | null;
  p95?: number | null;
  trueCount?: number;
  falseCount?: number;
}

/**
 * Streams one column's cells into its summary. The type is inferred from every non-missing value: all
 * integers -> integer; all numbers -> number; all `true`/`false` -> boolean; all ISO-8601 dates or
 * date-times -> date; anything else -> string. Numeric statistics are kept while the column could
 * still be numeric and dropped as soon as it cannot:
 * - sum: exact decimal; mean: the exact sum / count rounded half away from zero to (the column's most
 *   fraction digits + 4) digits;
 * - median and p95: linear interpolation between closest ranks (see `quantile`), which needs every
 *   value: 8 bytes per number, counted against the analysis' `ValueBudget`.
 * - distinct: exact up to 100,000 values, then estimated (`distinctApprox`).
 * Empty cells are missing. "No value" markers (NA, NULL...) are set aside: missing in a column of
 * numbers, booleans or dates, text in a text column (a region called NA stays a region).
 */
export class ColumnProfile {
  readonly name: string;
  private count = 0;
  private missing = 0;
  private couldBeInteger = true;
  private couldBeNumber = true;
  private couldBeBoolean = true;
  private couldBeDate = true;
  private readonly sum = new DecimalSum();
  private numericMin = Infinity;
  private numericMax = -Infinity;
  private values: NumberCollection | null;
  private earliest = Infinity;
  private latest = -Infinity;
  private earliestText = '';
  private latestText = '';
  private textMin: string | null = null;
  private textMax: string | null = null;
  private trueCount = 0;
  private readonly distinct = new DistinctCounter();
  private readonly markers = new Map<string, number>();
  /** Dates repeat (a day has many rows): parsed once each, up to 10,000 of them. */
  private readonly dateCache = new Map<string, number | null>();
  private readonly reading: NumberReading = newNumberReading();

  constructor(name: string, budget: ValueBudget) {
    this.name = name;
    this.values = new NumberCollection(budget);
  }

  add(cell: string): void {
    const text = trimCell(cell);
    if (text.length === 0) {
      this.missing += 1;
      return;
    }
    if (isMissingMarker(text)) {
      this.markers.set(text, (this.markers.get(text) ?? 0) + 1);
      return;
    }
    this.count += 1;
    this.distinct.add(text);
    if (this.textMin === null || text < this.textMin) this.textMin = text;
    if (this.textMax === null || text > this.textMax) this.textMax = text;
    if (this.couldBeNumber) this.addNumber(text);
    if (this.couldBeBoolean) {
      const lower = text.length <= 5 ? text.toLowerCase() : '';
      if (lower === 'true') this.trueCount += 1;
      else if (lower !== 'false') this.couldBeBoolean = false;
    }
    if (this.couldBeDate) {
      let time = this.dateCache.get(text);
      if (time === undefined) {
        time = isoDateTime(text);
        if (this.dateCache.size < 10_000) this.dateCache.set(text, time);
      }
      if (time === null) this.couldBeDate = false;
      else {
        if (time < this.earliest) {
          this.earliest = time;
          this.earliestText = text;
        }
        if (time > this.latest) {
          this.latest = time;
          this.latestText = text;
        }
      }
    }
  }

  summary(): ColumnSummary {
    const type = this.type();
    this.dateCache.clear();
    this.settleMarkers(type === 'string');
    const base = { name: this.name, type, count: this.count, missing: this.missing, distinct: this.distinct.count(), distinctApprox: this.distinct.approximate };
    if (type === 'integer' || type === 'number') {
      const sum = this.sum.value();
      const values = this.values!.take();
      this.values = null;
      return {
        ...base,
        min: this.numericMin,
        max: this.numericMax,
        sum: decimalToNumber(sum),
        sumExact: formatDecimal(sum),
        mean: decimalToNumber(divideDecimal(sum, BigInt(this.count), sum.scale + 4)),
        median: quantile(values, 1, 2),
        p95: quantile(values, 95, 100),
      };
    }
    this.values?.discard();
    this.values = null;
    if (type === 'boolean') return { ...base, min: null, max: null, trueCount: this.trueCount, falseCount: this.count - this.trueCount };
    if (type === 'date') return { ...base, min: this.earliestText, max: this.latestText };
    if (type === 'empty') return { ...base, min: null, max: null };
    return { ...base, min: this.textMin, max: this.textMax };
  }

  private settleMarkers(asText: boolean): void {
    for (const [marker, count] of this.markers) {
      if (!asText) {
        this.missing += count;
        continue;
      }
      this.count += count;
      this.distinct.add(marker);
      if (this.textMin === null || marker < this.textMin) this.textMin = marker;
      if (this.textMax === null || marker > this.textMax) this.textMax = marker;
    }
    this.markers.clear();
  }

  private type(): ColumnType {
    if (this.count === 0) return 'empty';
    if (this.couldBeNumber) return this.couldBeInteger ? 'integer' : 'number';
    if (this.couldBeBoolean) return 'boolean';
    if (this.couldBeDate) return 'date';
    return 'string';
  }

  private addNumber(text: string): void {
    const reading = this.reading;
    if (!readNumber(text, reading)) {
      this.couldBeNumber = false;
      this.couldBeInteger = false;
      this.values!.discard();
      this.values = null;
      return;
    }
    if (!reading.integer) this.couldBeInteger = false;
    if (reading.exact) this.sum.addScaled(reading.mantissa, reading.scale);
    else this.sum.add(parseDecimal(text)!);
    if (reading.value < this.numericMin) this.numericMin = reading.value;
    if (reading.value > this.numericMax) this.numericMax = reading.value;
    this.values!.add(reading.value);
  }
}
