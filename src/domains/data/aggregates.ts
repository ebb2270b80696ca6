import { DecimalSum, decimalToNumber, divideDecimal, parseDecimal } from './decimal.ts';
import { DistinctCounter } from './distinct-counter.ts';
import { newNumberReading, readNumber, type NumberReading } from './number-text.ts';
import { NumberCollection, quantile, type ValueBudget } from './quantiles.ts';

export const aggregations = ['count', 'sum', 'mean', 'min', 'max', 'median', 'p95', 'distinct'] as const;
export type Aggregation = (typeof aggregations)[number];

/** Aggregations that need numbers: a value that is not one is left out and reported. */
export const numericAggregations: ReadonlySet<Aggregation> = new Set(['sum', 'mean', 'median', 'p95']);

/**
 * One aggregate over the values of a group. `add` gets a trimmed, non-empty cell and returns false
 * when the aggregation needs a number and the cell is not one (the caller reports it). "No value"
 * markers (NA, NULL...) go to `addMarker`: whether they count is known only at the end, from the whole
 * column (`markersAreValues`: the column holds text, so NA is text).
 */
export interface Accumulator {
  add(text: string): boolean;
  addMarker(text: string): void;
  result(markersAreValues: boolean): number | string | null;
  /** True when the result is an estimate (distinct past its exact limit). */
  readonly approximate: boolean;
}

/**
 * An accumulator for one aggregation. count, sum, mean, min and max keep constant memory; median and
 * p95 keep every number (8 bytes, against the budget); distinct is exact up to 100,000 values, then
 * estimated. Sums are exact decimals; mean is the exact sum / count rounded half away from zero to
 * (most fraction digits seen + 4) digits; median and p95 interpolate linearly between closest ranks.
 * A group without values gives null (count gives 0).
 */
export function createAccumulator(aggregation: Aggregation, budget: ValueBudget): Accumulator {
  switch (aggregation) {
    case 'count':
      return new CountAccumulator();
    case 'sum':
    case 'mean':
      return new SumAccumulator(aggregation === 'mean');
    case 'min':
    case 'max':
      return new ExtremeAccumulator(aggregation === 'max');
    case 'median':
    case 'p95':
      return new QuantileAccumulator(aggregation === 'median' ? [1, 2] : [95, 100], budget);
    case 'distinct':
      return new DistinctAccumulator();
  }
}

class CountAccumulator implements Accumulator {
  readonly approximate = false;
  private count = 0;
  private markers = 0;

  add(): boolean {
    this.count += 1;
    return true;
  }

  addMarker(): void {
    this.markers += 1;
  }

  result(markersAreValues: boolean): number {
    return markersAreValues ? this.count + this.markers : this.count;
  }
}

const sharedReading: NumberReading = newNumberReading();

class SumAccumulator implements Accumulator {
  readonly approximate = false;
  private readonly sum = new DecimalSum();
  private count = 0;
  private readonly mean: boolean;

  constructor(mean: boolean) {
    this.mean = mean;
  }

  add(text: string): boolean {
    if (!readNumber(text, sharedReading)) return false;
    if (sharedReading.exact) this.sum.addScaled(sharedReading.mantissa, sharedReading.scale);
    else this.sum.add(parseDecimal(text)!);
    this.count += 1;
    return true;
  }

  addMarker(): void {
    // A marker is never a number: as a missing value it is skipped, as text it was never summable.
  }

  result(): number | null {
    if (this.count === 0) return null;
    const sum = this.sum.value();
    return decimalToNumber(this.mean ? divideDecimal(sum, BigInt(this.count), sum.scale + 4) : sum);
  }
}

class ExtremeAccumulator implements Accumulator {
  readonly approximate = false;
  private readonly maximum: boolean;
  private allNumeric = true;
  private number: number | null = null;
  private text: string | null = null;
  private readonly markers = new Set<string>();

  constructor(maximum: boolean) {
    this.maximum = maximum;
  }

  add(text: string): boolean {
    if (this.text === null || (this.maximum ? text > this.text : text < this.text)) this.text = text;
    if (this.allNumeric) {
      if (readNumber(text, sharedReading)) {
        const value = sharedReading.value;
        if (this.number === null || (this.maximum ? value > this.number : value < this.number)) this.number = value;
      } else this.allNumeric = false;
    }
    return true;
  }

  addMarker(text: string): void {
    this.markers.add(text);
  }

  /** The extreme number when every value is a number, else the extreme text (ISO dates sort correctly as text). */
  result(markersAreValues: boolean): number | string | null {
    if (!markersAreValues || this.markers.size === 0) return this.allNumeric ? this.number : this.text;
    let text = this.text;
    for (const marker of this.markers) if (text === null || (this.maximum ? marker > text : marker < text)) text = marker;
    return text;
  }
}

class QuantileAccumulator implements Accumulator {
  readonly approximate = false;
  private readonly values: NumberCollection;
  private readonly fraction: readonly [number, number];

  constructor(fraction: readonly [number, number], budget: ValueBudget) {
    this.fraction = fraction;
    this.values = new NumberCollection(budget);
  }

  add(text: string): boolean {
    if (!readNumber(text, sharedReading)) return false;
    this.values.add(sharedReading.value);
    return true;
  }

  addMarker(): void {
    // Never a number (see SumAccumulator).
  }

  result(): number | null {
    return quantile(this.values.take(), this.fraction[0], this.fraction[1]);
  }
}

class DistinctAccumulator implements Accumulator {
  private readonly counter = new DistinctCounter();

  private readonly markers = new Set<string>();

  add(text: string): boolean {
    this.counter.add(text);
    return true;
  }

  addMarker(text: string): void {
    this.markers.add(text);
  }

  get approximate(): boolean {
    return this.counter.approximate;
  }

  result(markersAreValues: boolean): number {
    if (markersAreValues) for (const marker of this.markers) this.counter.add(marker);
    return this.counter.count();
  }
}
