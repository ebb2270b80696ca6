import { describe, expect, it } from 'vitest';
import { DecimalSum, decimalToNumber, divideDecimal, formatDecimal, parseDecimal, scaleByFraction } from '../../src/domains/data/decimal.ts';
import { DistinctCounter } from '../../src/domains/data/distinct-counter.ts';
import { isMissingMarker, newNumberReading, readNumber } from '../../src/domains/data/number-text.ts';
import { NumberCollection, quantile, selectRank, ValueBudget } from '../../src/domains/data/quantiles.ts';

function sumOf(texts: string[]): string {
  const sum = new DecimalSum();
  const reading = newNumberReading();
  for (const text of texts) {
    expect(readNumber(text, reading), text).toBe(true);
    if (reading.exact) sum.addScaled(reading.mantissa, reading.scale);
    else sum.add(parseDecimal(text)!);
  }
  return formatDecimal(sum.value());
}

function collection(values: number[]): Float64Array {
  const numbers = new NumberCollection(new ValueBudget());
  for (const value of values) numbers.add(value);
  return numbers.take();
}

describe('decimals', () => {
  it('parse decimal literals exactly, with signs, fractions and exponents', () => {
    expect(parseDecimal('-12.50')).toEqual({ units: -1250n, scale: 2 });
    expect(parseDecimal('.5')).toEqual({ units: 5n, scale: 1 });
    expect(parseDecimal('1e-3')).toEqual({ units: 1n, scale: 3 });
    expect(parseDecimal('2.5E+3')).toEqual({ units: 2500n, scale: 0 });
    for (const text of ['', '.', '1,5', '1.2.3', 'abc', '--1', '1e']) expect(parseDecimal(text), text).toBeNull();
  });

  it('sum 0.1 + 0.2 to exactly 0.3, and a thousand 0.1 to exactly 100', () => {
    expect(sumOf(['0.1', '0.2'])).toBe('0.3');
    expect(sumOf(Array.from({ length: 1000 }, () => '0.1'))).toBe('100');
    // The float sum drifts: this is what exact arithmetic is for.
    expect(Array.from({ length: 1000 }, () => 0.1).reduce((total, value) => total + value, 0)).not.toBe(100);
  });

  it('keep every digit of sums past the range of a double', () => {
    expect(sumOf(['12345678901234567.89', '12345678901234567.89'])).toBe('24691357802469135.78');
    expect(sumOf(['9007199254740991', '9007199254740991', '-1'])).toBe('18014398509481981');
    expect(sumOf(['0.000000000000000001', '1'])).toBe('1.000000000000000001');
    expect(sumOf(['1e3', '0.25', '-1000'])).toBe('0.25');
  });

  it('carry the fast integer sum into the bigint before it overflows', () => {
    const values = Array.from({ length: 3000 }, (_, index) => (index % 2 === 0 ? '4503599627370.49' : '0.01'));
    expect(sumOf(values)).toBe('6755399441055750');
  });

  it('divide rounding half away from zero', () => {
    expect(formatDecimal(divideDecimal({ units: 2n, scale: 0 }, 3n, 4))).toBe('0.6667');
    expect(formatDecimal(divideDecimal({ units: -5n, scale: 0 }, 2n, 0))).toBe('-3');
    expect(formatDecimal(divideDecimal({ units: 17248n, scale: 2 }, 8n, 6))).toBe('21.56');
    expect(decimalToNumber(divideDecimal({ units: 1n, scale: 0 }, 3n, 6))).toBe(0.333333);
  });

  it('scale by 95/100 exactly', () => {
    expect(formatDecimal(scaleByFraction({ units: 5808n, scale: 2 }, 65n, 100n))).toBe('37.752');
    expect(formatDecimal(scaleByFraction({ units: 277n, scale: 2 }, 1n, 2n))).toBe('1.385');
  });
});

describe('reading numbers in cells', () => {
  it('reads plain decimals and says which are integers', () => {
    const reading = newNumberReading();
    expect(readNumber('-42', reading)).toBe(true);
    expect(reading).toMatchObject({ value: -42, mantissa: -42, scale: 0, exact: true, integer: true });
    expect(readNumber('3.50', reading)).toBe(true);
    expect(reading).toMatchObject({ value: 3.5, mantissa: 350, scale: 2, integer: false });
    expect(readNumber('0', reading) && readNumber('0.5', reading) && readNumber('1e5', reading)).toBe(true);
    expect(reading).toMatchObject({ value: 100000, mantissa: 100000, scale: 0, integer: false });
  });

  it('treats codes with leading zeros, separators and specials as text', () => {
    const reading = newNumberReading();
    for (const text of ['007', '01234', '1,234', '$5', 'Infinity', 'NaN', '0x1F', '1.2.3', '', '-', '.']) expect(readNumber(text, reading), text).toBe(false);
  });

  it('knows the usual "no value" markers', () => {
    for (const text of ['NA', 'N/A', 'n/a', '#N/A', 'NULL', 'null', 'NaN', 'nan', 'None']) expect(isMissingMarker(text), text).toBe(true);
    for (const text of ['', 'na ', 'nil', 'EU', 'none']) expect(isMissingMarker(text), text).toBe(false);
  });
});

describe('quantiles', () => {
  it('interpolate linearly between closest ranks, as computed by hand', () => {
    const amounts = [0.1, 0.2, 19.99, 5, 100.5, 42.42, 7.77, -3.5];
    expect(quantile(collection(amounts), 1, 2)).toBe(6.385);
    expect(quantile(collection(amounts), 95, 100)).toBe(80.172);
    expect(quantile(collection([1, 2, 3, 1, 2, 4, 1, 5, 2, 1]), 1, 2)).toBe(2);
    expect(quantile(collection([1, 2, 3, 1, 2, 4, 1, 5, 2, 1]), 95, 100)).toBe(4.55);
    expect(quantile(collection([0.1, 0.2]), 1, 2)).toBe(0.15);
    expect(quantile(collection([7]), 95, 100)).toBe(7);
    expect(quantile(collection([]), 1, 2)).toBeNull();
  });

  it('select the same rank as a full sort, on any data', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (const size of [1, 2, 3, 10, 101, 2000]) {
      for (const shape of ['random', 'sorted', 'reversed', 'few values']) {
        const values = Array.from({ length: size }, (_, index) =>
          shape === 'random' ? random() * 1000 - 500 : shape === 'sorted' ? index : shape === 'reversed' ? size - index : Math.floor(random() * 3),
        );
        const sorted = [...values].sort((left, right) => left - right);
        for (const rank of [0, Math.floor(size / 2), size - 1]) expect(selectRank(Float64Array.from(values), rank), `${shape} ${size} ${rank}`).toBe(sorted[rank]);
      }
    }
  });

  it('refuse to keep more numbers than the budget allows', () => {
    const budget = new ValueBudget(100);
    const numbers = new NumberCollection(budget);
    expect(() => {
      for (let index = 0; index < 1000; index += 1) numbers.add(index);
    }).toThrow(/Medians and percentiles need every value in memory/);
  });
});

describe('DistinctCounter', () => {
  it('counts exactly up to its limit', () => {
    const counter = new DistinctCounter(100);
    for (let index = 0; index < 250; index += 1) counter.add(String(index % 80));
    expect(counter.count()).toBe(80);
    expect(counter.approximate).toBe(false);
  });

  it('estimates within 3% past its limit', () => {
    const counter = new DistinctCounter(1000);
    for (let index = 0; index < 200_000; index += 1) counter.add(`customer-${index % 50_000}`);
    expect(counter.approximate).toBe(true);
    expect(Math.abs(counter.count() - 50_000) / 50_000).toBeLessThan(0.03);
  });
});
