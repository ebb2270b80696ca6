import { NovaError } from '../../core/errors.ts';
import { addDecimals, decimalFromNumber, decimalToNumber, scaleByFraction, subtractDecimals } from './decimal.ts';

const chunkSize = 65_536;

/**
 * Budget of numbers kept for medians and percentiles, shared by every column and group of one
 * analysis: 8 bytes each, so the default of 100 million is 800 MB.
 */
export class ValueBudget {
  used = 0;
  readonly limit: number;

  constructor(limit = 100_000_000) {
    this.limit = limit;
  }

  release(count: number): void {
    this.used -= count;
  }

  take(count: number): void {
    this.used += count;
    if (this.used > this.limit) {
      throw new NovaError({
        code: 'limit_exceeded',
        fault: 'user',
        message: `Medians and percentiles need every value in memory, and this file has more than ${this.limit.toLocaleString('en-US')} of them (8 bytes each)`,
        hint: 'Ask for fewer columns (`columns`), or group-by measures without median/p95 (count, sum, mean, min, max work in constant memory).',
        details: { limit: this.limit },
      });
    }
  }
}

/**
 * The numbers of a column (or group), kept for medians and percentiles: 8 bytes each, in chunks so that
 * growing never copies everything.
 */
export class NumberCollection {
  private readonly chunks: Float64Array[] = [];
  private current = new Float64Array(0);
  private filled = 0;
  private allocated = 0;
  count = 0;
  private readonly budget: ValueBudget;

  constructor(budget: ValueBudget) {
    this.budget = budget;
  }

  add(value: number): void {
    if (this.filled === this.current.length) {
      // Small first chunks keep the many small groups of a group-by cheap.
      const size = Math.min(chunkSize, Math.max(16, this.count));
      this.budget.take(size);
      this.allocated += size;
      this.current = new Float64Array(size);
      this.chunks.push(this.current);
      this.filled = 0;
    }
    this.current[this.filled] = value;
    this.filled += 1;
    this.count += 1;
  }

  /** Gives the memory back when the values turn out not to be needed (a column that is not numeric after all). */
  discard(): void {
    this.chunks.length = 0;
    this.current = new Float64Array(0);
    this.filled = 0;
    this.budget.release(this.allocated);
    this.allocated = 0;
  }

  /** All values, in no particular order (the collection is consumed: call once). */
  take(): Float64Array {
    const all = new Float64Array(this.count);
    let offset = 0;
    for (const chunk of this.chunks) {
      const used = Math.min(chunk.length, this.count - offset);
      all.set(used === chunk.length ? chunk : chunk.subarray(0, used), offset);
      offset += used;
    }
    this.discard();
    return all;
  }
}

/**
 * The value of rank `k` (0-based) in ascending order, by quickselect: O(n) instead of a full sort's
 * O(n log n). Reorders `values` so that everything before `k` is <= it and everything after is >= it.
 */
export function selectRank(values: Float64Array, k: number): number {
  let low = 0;
  let high = values.length - 1;
  while (high > low) {
    // Median of three as the pivot keeps sorted and reversed data from the quadratic case.
    const middle = (low + high) >>> 1;
    if (values[middle]! < values[low]!) swap(values, middle, low);
    if (values[high]! < values[low]!) swap(values, high, low);
    if (values[high]! < values[middle]!) swap(values, high, middle);
    const pivot = values[middle]!;
    let left = low;
    let right = high;
    while (left <= right) {
      while (values[left]! < pivot) left += 1;
      while (values[right]! > pivot) right -= 1;
      if (left <= right) {
        swap(values, left, right);
        left += 1;
        right -= 1;
      }
    }
    if (k <= right) high = right;
    else if (k >= left) low = left;
    else return values[k]!;
  }
  return values[k]!;
}

function swap(values: Float64Array, left: number, right: number): void {
  const kept = values[left]!;
  values[left] = values[right]!;
  values[right] = kept;
}

/**
 * The p-quantile (p = numerator/denominator) of the values (reordered in place) by linear interpolation between the
 * closest ranks: h = (n - 1) * p, result = x[floor h] + (h - floor h) * (x[floor h + 1] - x[floor h]).
 * This is the definition of NumPy's default, R's type 7 and Excel's PERCENTILE.INC; the median of an
 * even count is the mean of the two middle values. The interpolation is exact decimal arithmetic on
 * the values as written (up to 15 significant digits), so the median of 0.1 and 0.2 is 0.15.
 */
export function quantile(values: Float64Array, numerator: number, denominator: number): number | null {
  const count = values.length;
  if (count === 0) return null;
  const position = (count - 1) * numerator;
  const lowIndex = Math.floor(position / denominator);
  const remainder = position - lowIndex * denominator;
  const low = selectRank(values, lowIndex);
  if (remainder === 0 || lowIndex + 1 >= count) return low;
  // After selection everything past lowIndex is >= low: the next rank is the smallest of them.
  let high = Infinity;
  for (let index = lowIndex + 1; index < count; index += 1) if (values[index]! < high) high = values[index]!;
  if (high === low) return low;
  const lowDecimal = decimalFromNumber(low);
  const step = scaleByFraction(subtractDecimals(decimalFromNumber(high), lowDecimal), BigInt(remainder), BigInt(denominator));
  return decimalToNumber(addDecimals(lowDecimal, step));
}
