/**
 * The size limits of a query's answer, applied while the rows are read (never after all of them are
 * held): rows go to a model's context, where 50 MB of one query would crowd out everything else.
 */
export interface ResultLimits {
  maxRows: number;
  /** Characters of one text cell; a longer one is cut, with a marker saying how much was cut. */
  maxCellChars: number;
  /** Bytes of the answer's rows as JSON; rows stop before the one that would pass it. */
  maxBytes: number;
}

export const defaultResultLimits = { maxCellChars: 2_000, maxBytes: 256 * 1024 } as const;

export type TruncatedBecause = 'rows' | 'bytes' | null;

/** Collects rows under the limits; `add` says whether to go on. */
export class LimitedRows {
  readonly rows: Array<Record<string, unknown>> = [];
  truncatedBecause: TruncatedBecause = null;
  cellsCut = 0;
  #bytes = 2;
  readonly #limits: ResultLimits;

  constructor(limits: ResultLimits) {
    this.#limits = limits;
  }

  /** Takes a row if it fits; false once the answer is full (the caller stops reading). */
  add(row: Record<string, unknown>): boolean {
    if (this.rows.length === this.#limits.maxRows) {
      this.truncatedBecause = 'rows';
      return false;
    }
    const limited: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(row)) limited[name] = this.#cell(value);
    const size = Buffer.byteLength(JSON.stringify(limited)) + 1;
    if (this.#bytes + size > this.#limits.maxBytes) {
      this.truncatedBecause = 'bytes';
      return false;
    }
    this.#bytes += size;
    this.rows.push(limited);
    return true;
  }

  /** What the answer says about its limits: `truncated`, and why in words when it is. */
  summary(): { truncated: boolean; truncatedBecause: TruncatedBecause; truncatedReason: string | null } {
    const reason =
      this.truncatedBecause === 'rows'
        ? `more than ${this.#limits.maxRows} rows; only the first ${this.#limits.maxRows} are shown`
        : this.truncatedBecause === 'bytes'
          ? `the rows passed ${Math.round(this.#limits.maxBytes / 1024)} KB; the first ${this.rows.length} are shown`
          : null;
    const cells = this.cellsCut === 0 ? null : `${this.cellsCut} cell(s) longer than ${this.#limits.maxCellChars} characters were cut`;
    const parts = [reason, cells].filter((part): part is string => part !== null);
    return { truncated: this.truncatedBecause !== null || this.cellsCut > 0, truncatedBecause: this.truncatedBecause ?? (this.cellsCut > 0 ? 'bytes' : null), truncatedReason: parts.length === 0 ? null : parts.join('; ') };
  }

  #cell(value: unknown): unknown {
    if (typeof value !== 'string' || value.length <= this.#limits.maxCellChars) return value;
    this.cellsCut += 1;
    return `${value.slice(0, this.#limits.maxCellChars)}…[truncated: ${value.length - this.#limits.maxCellChars} more characters]`;
  }
}
