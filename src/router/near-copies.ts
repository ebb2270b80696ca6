import { analyse } from './text-analysis.ts';

/**
 * Whether two requests are near copies of each other, judged on their analysed terms: a Jaccard
 * similarity of 0.7 or more, or every term of the shorter (three or more terms) in the longer one.
 * "tell me something funny" and "tell me something funny, i need a laugh" are; "make this more casual"
 * and "make this more formal" are not. An eval must not count a request the index learned a near copy of.
 */
export function nearCopies(left: ReadonlySet<string>, right: ReadonlySet<string>): boolean {
  let shared = 0;
  for (const term of left) if (right.has(term)) shared += 1;
  if (shared / (left.size + right.size - shared) >= 0.7) return true;
  const smaller = Math.min(left.size, right.size);
  return smaller >= 3 && shared === smaller;
}

/** The set of analysed terms `nearCopies` compares. */
export function termSet(text: string): Set<string> {
  return new Set(analyse(text));
}

/** Requests held out for an eval, to check other texts against. */
export class HeldOutRequests {
  readonly #terms: Array<Set<string>>;

  constructor(texts: readonly string[]) {
    this.#terms = texts.map(termSet);
  }

  /** True when `text` is a near copy of one of the held-out requests. */
  holds(text: string): boolean {
    const terms = termSet(text);
    return this.#terms.some((heldOut) => nearCopies(terms, heldOut));
  }
}
