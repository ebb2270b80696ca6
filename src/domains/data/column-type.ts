import { isoDateParts } from './iso-date.ts';
import { newNumberReading, readNumber } from './number-text.ts';

const reading = newNumberReading();

/**
 * Watches a column's values (not its empty cells or "no value" markers) for one thing: is any of them
 * text, rather than a number, a boolean or an ISO date? That decides whether the column's markers
 * (NA, NULL...) are missing values or text.
 */
export class ColumnTypeTracker {
  private text = false;

  add(value: string): void {
    if (this.text || readNumber(value, reading) || isoDateParts(value) !== null) return;
    const lower = value.length <= 5 ? value.toLowerCase() : '';
    if (lower !== 'true' && lower !== 'false') this.text = true;
  }

  /** True when a marker in this column is text, not a missing value. */
  get markersAreValues(): boolean {
    return this.text;
  }
}
