/**
 * Exact decimal numbers: `units / 10^scale` with bigint units. Sums of money and measurements are
 * computed with these, never with floats, so 0.1 + 0.2 is 0.3 and a million cents add up to the cent.
 */
export interface Decimal {
  units: bigint;
  scale: number;
}

/** More fraction digits than this (or an exponent that would need them) are not read as a decimal. */
export const maxDecimalScale = 60;

const decimalPattern = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** The exact value of a decimal literal (`-12.50`, `.5`, `1e-3`), or null when the text is not one. */
export function parseDecimal(text: string): Decimal | null {
  const match = decimalPattern.exec(text.trim());
  if (match === null) return null;
  const whole = match[2] ?? '';
  const fraction = match[3] ?? '';
  if (whole === '' && fraction === '') return null;
  const exponent = match[4] === undefined ? 0 : Number(match[4]);
  let scale = fraction.length - exponent;
  if (!Number.isFinite(scale) || scale > maxDecimalScale || scale < -maxDecimalScale) return null;
  let units = BigInt(`${whole}${fraction}` || '0');
  if (scale < 0) {
    units *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { units: match[1] === '-' ? -units : units, scale };
}

/** The same value at a larger scale. */
export function rescale(value: Decimal, scale: number): Decimal {
  if (scale === value.scale) return value;
  return { units: value.units * 10n ** BigInt(scale - value.scale), scale };
}

export function addDecimals(left: Decimal, right: Decimal): Decimal {
  const scale = Math.max(left.scale, right.scale);
  return { units: rescale(left, scale).units + rescale(right, scale).units, scale };
}

export function subtractDecimals(left: Decimal, right: Decimal): Decimal {
  return addDecimals(left, { units: -right.units, scale: right.scale });
}

/** `value / divisor`, rounded half away from zero to `decimals` fraction digits. */
export function divideDecimal(value: Decimal, divisor: bigint, decimals: number): Decimal {
  // value / divisor = units / (divisor * 10^scale); scaled up to `decimals` digits.
  const numerator = value.units * 10n ** BigInt(decimals);
  const denominator = divisor * 10n ** BigInt(value.scale);
  const negative = numerator < 0n !== denominator < 0n;
  const absoluteNumerator = numerator < 0n ? -numerator : numerator;
  const absoluteDenominator = denominator < 0n ? -denominator : denominator;
  let quotient = absoluteNumerator / absoluteDenominator;
  if ((absoluteNumerator % absoluteDenominator) * 2n >= absoluteDenominator) quotient += 1n;
  return { units: negative ? -quotient : quotient, scale: decimals };
}

/** `value * numerator / denominator`, exact when the denominator divides a power of ten (2, 4, 5, 100...). */
export function scaleByFraction(value: Decimal, numerator: bigint, denominator: bigint): Decimal {
  for (let digits = 0; digits <= 20; digits += 1) {
    const power = 10n ** BigInt(digits);
    if (power % denominator === 0n) return { units: value.units * numerator * (power / denominator), scale: value.scale + digits };
  }
  return divideDecimal({ units: value.units * numerator, scale: value.scale }, denominator, value.scale + 20);
}

/** The shortest exact text: no exponent, no trailing fraction zeros (`0.30` is "0.3"). */
export function formatDecimal(value: Decimal): string {
  const negative = value.units < 0n;
  let digits = (negative ? -value.units : value.units).toString();
  let text: string;
  if (value.scale <= 0) text = digits;
  else {
    digits = digits.padStart(value.scale + 1, '0');
    const whole = digits.slice(0, digits.length - value.scale);
    const fraction = digits.slice(digits.length - value.scale).replace(/0+$/, '');
    text = fraction === '' ? whole : `${whole}.${fraction}`;
  }
  return negative && text !== '0' ? `-${text}` : text;
}

/** The double nearest to the exact value: the only rounding, done once, at the end. */
export function decimalToNumber(value: Decimal): number {
  return Number(formatDecimal(value));
}

/** The exact decimal a double stands for as JavaScript prints it (the shortest text that reads back to it). */
export function decimalFromNumber(value: number): Decimal {
  return parseDecimal(String(value)) ?? { units: 0n, scale: 0 };
}

/**
 * A running exact sum, fast: values whose units fit in a double's 53 bits (any decimal of up to 15
 * digits) are added as plain integers and carried into a bigint only before they could overflow.
 */
export class DecimalSum {
  private total = 0n;
  private pending = 0;
  scale = 0;

  /** Adds `mantissa / 10^scale`; `mantissa` must be a safe integer. */
  addScaled(mantissa: number, scale: number): void {
    if (scale > this.scale) this.raiseScale(scale);
    let units = mantissa;
    if (scale < this.scale) {
      units = mantissa * 10 ** (this.scale - scale);
      if (!Number.isSafeInteger(units)) {
        this.total += BigInt(mantissa) * 10n ** BigInt(this.scale - scale);
        return;
      }
    }
    const next = this.pending + units;
    if (Number.isSafeInteger(next)) this.pending = next;
    else {
      this.total += BigInt(this.pending) + BigInt(units);
      this.pending = 0;
    }
  }

  add(value: Decimal): void {
    if (value.scale > this.scale) this.raiseScale(value.scale);
    this.total += rescale(value, this.scale).units;
  }

  value(): Decimal {
    return { units: this.total + BigInt(this.pending), scale: this.scale };
  }

  private raiseScale(scale: number): void {
    const factor = 10n ** BigInt(scale - this.scale);
    this.total = (this.total + BigInt(this.pending)) * factor;
    this.pending = 0;
    this.scale = scale;
  }
}
