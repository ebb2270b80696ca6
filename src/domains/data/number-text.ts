import { maxDecimalScale } from './decimal.ts';

/** A number as read from text: its double, and its exact decimal form when that fits a double's integer range. */
export interface NumberReading {
  value: number;
  /** Exact units (`value = mantissa / 10^scale`) when `exact`; otherwise use `parseDecimal` on the text. */
  mantissa: number;
  scale: number;
  exact: boolean;
  /** Written without a fraction or exponent (`-42`). */
  integer: boolean;
}

/** A reusable reading, so that scanning millions of cells allocates nothing. */
export function newNumberReading(): NumberReading {
  return { value: 0, mantissa: 0, scale: 0, exact: true, integer: true };
}

/**
 * Reads a decimal number written plainly (`12`, `-3.50`, `.5`, `1e-3`), filling `into`; false when the
 * text is not one. Text is expected trimmed. Not numbers, on purpose: thousands separators (`1,234`),
 * currency signs, `Infinity`, hex, and integers with a leading zero (`007`, `01234`), which are codes
 * (zip codes, ids) whose zeros matter.
 */
export function readNumber(text: string, into: NumberReading): boolean {
  const length = text.length;
  let index = 0;
  let negative = false;
  let code = text.charCodeAt(0);
  if (code === 45 || code === 43) {
    negative = code === 45;
    index = 1;
  }
  let mantissa = 0;
  let digits = 0;
  let significant = 0;
  const wholeStart = index;
  while (index < length) {
    code = text.charCodeAt(index);
    if (code < 48 || code > 57) break;
    if (significant > 0 || code !== 48) {
      mantissa = mantissa * 10 + (code - 48);
      significant += 1;
    }
    digits += 1;
    index += 1;
  }
  const wholeDigits = index - wholeStart;
  if (wholeDigits > 1 && text.charCodeAt(wholeStart) === 48) return false;
  let fractionDigits = 0;
  let integer = true;
  if (index < length && text.charCodeAt(index) === 46) {
    integer = false;
    index += 1;
    while (index < length) {
      code = text.charCodeAt(index);
      if (code < 48 || code > 57) break;
      if (significant > 0 || code !== 48) {
        mantissa = mantissa * 10 + (code - 48);
        significant += 1;
      }
      digits += 1;
      fractionDigits += 1;
      index += 1;
    }
  }
  if (digits === 0) return false;
  let exponent = 0;
  if (index < length && (text.charCodeAt(index) | 32) === 101) {
    integer = false;
    index += 1;
    let exponentNegative = false;
    code = text.charCodeAt(index);
    if (code === 45 || code === 43) {
      exponentNegative = code === 45;
      index += 1;
    }
    const exponentStart = index;
    while (index < length) {
      code = text.charCodeAt(index);
      if (code < 48 || code > 57) break;
      exponent = exponent * 10 + (code - 48);
      index += 1;
    }
    if (index === exponentStart || exponent > 10_000) return false;
    if (exponentNegative) exponent = -exponent;
  }
  if (index !== length) return false;
  let scale = fractionDigits - exponent;
  if (scale > maxDecimalScale || scale < -maxDecimalScale) return false;
  let exact = significant <= 15;
  if (scale < 0) {
    mantissa *= 10 ** -scale;
    scale = 0;
    exact = exact && Number.isSafeInteger(mantissa);
  }
  into.value = Number(text);
  into.mantissa = negative ? -mantissa : mantissa;
  into.scale = scale;
  into.exact = exact;
  into.integer = integer;
  return true;
}

/** Texts that often mean "no value" in CSV files (the markers pandas reads as missing). */
const missingMarkers = new Set(['NA', 'N/A', 'n/a', '#N/A', 'NULL', 'null', 'NaN', 'nan', 'None']);

/**
 * True for the usual "no value" markers: NA, N/A, n/a, #N/A, NULL, null, NaN, nan, None. Whether a
 * marker is missing depends on its column: in a column of numbers, booleans or dates it is missing; in
 * a text column it is text (a region called "NA" stays a region). Empty cells are always missing.
 */
export function isMissingMarker(text: string): boolean {
  return text.length <= 4 && text.length >= 2 && missingMarkers.has(text);
}

/** The cell without surrounding spaces, cheaply when it has none (almost always). */
export function trimCell(text: string): string {
  if (text.length === 0) return text;
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(text.length - 1);
  return first <= 32 || last <= 32 ? text.trim() : text;
}
