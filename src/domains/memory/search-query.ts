import { searchWords } from './search-text.ts';

/**
 * A full-text search, as Nova builds it from the words a person typed, before it is written in the
 * query language of FTS5 or of PostgreSQL's tsquery.
 *
 * Each word of the query becomes a group of forms, any of which matches it: the word's stem as a
 * prefix (`passports` -> `passport*`, `travelling` -> `travel*`), so that plurals and other endings
 * match in both directions; for `-ies` and `-y` words also the other spelling (`parties` -> `party`).
 * Common English filler words ("the", "my", "about") are dropped from the query unless nothing else is
 * left. The index itself is not stemmed (see search-text.ts), so words in other languages match by
 * their own prefix.
 */
export interface SearchQuery {
  /** One group per query word; a note matches a group when it holds any of its forms. */
  groups: SearchForm[][];
  /** `any`: notes matching at least one group, ranked (recall); `all`: only notes matching every group (forget). */
  match: 'any' | 'all';
}

export interface SearchForm {
  term: string;
  prefix: boolean;
}

/** Words that carry no subject in a question to a notebook. Only used on the query side. */
const fillerWords = new Set(
  (
    'a an the my mine me i im i\'m we our us you your yours it its this that these those there here what which who whom whose ' +
    'when where how why is are was were be been being am do does did done have has had having of on in at to for from by with ' +
    'about regarding concerning re and or but so if then than any some anything something everything all also just ' +
    'please thanks thank can could would will shall should may might must let lets s t d ll ve ' +
    // The words people use for the notebook itself: "forget the dentist note".
    'note notes memo memos'
  ).split(' '),
);

/** At most this many words of a query are used; a pasted paragraph is not a search. */
export const maxQueryWords = 24;

/**
 * The search for a query text, or undefined when the text has no words at all. Filler words are
 * dropped when other words remain; duplicates are removed.
 */
export function buildSearchQuery(text: string, match: SearchQuery['match']): SearchQuery | undefined {
  const words = unique(searchWords(text));
  if (words.length === 0) return undefined;
  const contentWords = words.filter((word) => !fillerWords.has(word));
  const chosen = (contentWords.length > 0 ? contentWords : words).slice(0, maxQueryWords);
  return { groups: chosen.map(formsOf), match };
}

/** Whether a text has at least one word that is not filler ("forget it" has none). */
export function hasContentWords(text: string): boolean {
  return searchWords(text).some((word) => !fillerWords.has(word));
}

/** The query in FTS5's query language; terms are words of letters and digits only, quoted. */
export function toFts5Query(query: SearchQuery): string {
  const groups = query.groups.map((forms) => {
    const rendered = forms.map((form) => `"${form.term}"${form.prefix ? '*' : ''}`);
    return rendered.length === 1 ? rendered[0]! : `(${rendered.join(' OR ')})`;
  });
  return groups.join(query.match === 'all' ? ' AND ' : ' OR ');
}

/** The query as input to PostgreSQL's `to_tsquery('simple', ...)`. */
export function toTsQuery(query: SearchQuery): string {
  const groups = query.groups.map((forms) => {
    const rendered = forms.map((form) => `${form.term}${form.prefix ? ':*' : ''}`);
    return rendered.length === 1 ? rendered[0]! : `(${rendered.join(' | ')})`;
  });
  return groups.join(query.match === 'all' ? ' & ' : ' | ');
}

const asciiWord = /^[a-z]+$/;
const hasLetter = /\p{L}/u;

/** The forms that match one query word. */
export function formsOf(word: string): SearchForm[] {
  // Numbers and very short words match exactly: `12*` would find 120 and 1234, `n1*` n12.
  if (word.length < 3 || !hasLetter.test(word)) return [{ term: word, prefix: false }];
  if (!asciiWord.test(word)) return [{ term: word, prefix: true }];
  const stem = englishStem(word);
  const forms: SearchForm[] = [{ term: stem, prefix: true }];
  if (word.endsWith('ies') && word.length > 4) forms.push({ term: `${word.slice(0, -3)}y`, prefix: false });
  else if (word.endsWith('y') && word.length > 3 && !/[aeiou]y$/.test(word)) forms.push({ term: `${word.slice(0, -1)}i`, prefix: true });
  return forms;
}

/**
 * A conservative English stem meant to be used as a prefix: it removes a plural `-s`/`-es` and the
 * endings `-ing` and `-ed` (with a doubled final consonant: `travelling` -> `travel`), and never leaves
 * fewer than three letters. Over-matching is the lesser evil here: results are ranked.
 */
export function englishStem(word: string): string {
  let stem = word;
  if (stem.endsWith('sses')) stem = stem.slice(0, -2);
  else if (stem.endsWith('ies') && stem.length > 4) stem = `${stem.slice(0, -3)}i`;
  else if (/(?:[sxz]|ch|sh)es$/.test(stem) && stem.length > 4) stem = stem.slice(0, -2);
  else if (stem.endsWith('s') && !/(?:ss|us|is)$/.test(stem) && stem.length > 3) stem = stem.slice(0, -1);
  else if (stem.endsWith('ing') && stem.length > 5) stem = undouble(stem.slice(0, -3));
  else if (stem.endsWith('ed') && !stem.endsWith('eed') && stem.length > 4) stem = undouble(stem.slice(0, -2));
  // Like Porter's: a stem needs a vowel (`string` is not `str` + `ing`).
  return stem.length >= 3 && /[aeiouy]/.test(stem) ? stem : word;
}

function undouble(stem: string): string {
  // `ss` and `zz` stay (kissing -> kiss); other doubled consonants are one (running -> run).
  return /([b-df-hj-np-rtv-y])\1$/.test(stem) ? stem.slice(0, -1) : stem;
}

function unique(words: readonly string[]): string[] {
  return [...new Set(words)];
}
