/**
 * The words the full-text index sees. Nova tokenises notes itself, identically for SQLite (FTS5) and
 * PostgreSQL (tsvector, `simple` configuration), so that both databases index the same words and a
 * search finds the same notes on either: lower-case, Latin diacritics folded (é -> e), split on
 * anything that is not a letter, digit or combining mark. No language's stemmer or stop-word list
 * touches the index, so notes in any language are found by their words; the query side does the
 * (light, English) suffix folding instead, see search-query.ts.
 */

/**
 * Bumped whenever searchTextFor changes; each note row records the version its `search_text` was made
 * with, so a later migration can find and re-derive the rows of older versions.
 */
export const searchTextVersion = 1;

// The block of combining diacritical marks used by Latin, Greek and Cyrillic letters. Other marks (the
// vowel signs of Indic scripts, for instance) are part of their letters and are kept.
const latinDiacritics = /[\u0300-\u036f]/g;
const wordPattern = /[\p{L}\p{N}\p{M}]+/gu;

/** Lower-cases and removes Latin diacritics. */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(latinDiacritics, '').normalize('NFC').toLowerCase();
}

/** The words of a text, folded, in order (repeats kept: they count for ranking). */
export function searchWords(text: string): string[] {
  return foldText(text).match(wordPattern) ?? [];
}

/** What the index stores for a note: its words and its tags' words, separated by single spaces. */
export function searchTextFor(text: string, tags: readonly string[]): string {
  return [...searchWords(text), ...tags.flatMap((tag) => searchWords(tag))].join(' ');
}
