/**
 * Turns requests and agent texts into index terms: lower-cased words (letters and digits of any
 * script) of two characters or more, lightly stemmed so that "summarise", "summarising" and
 * "summarised" meet. File names give their parts ("sales.csv" -> sales, csv), since extensions say a
 * lot about which agent fits. Bare numbers are left out: an invoice number says nothing of the agent.
 *
 * There is no stop-word list, on purpose: measured on the labelled sets, dropping "what", "is",
 * "this" and the like cost accuracy (see wordPairs below), and BM25's inverse document frequency
 * already weighs words that every agent uses close to nothing.
 */
export function analyse(text: string): string[] {
  return tokenise(text).map((token) => token.term);
}

/** A word of the text (lower-cased, as typed otherwise) and the index term it gives. */
export interface Token {
  word: string;
  term: string;
}

/** The words of a text with their terms: `analyse` keeps the terms; explanations show the words. */
export function tokenise(text: string): Token[] {
  const tokens: Token[] = [];
  for (const word of text.toLowerCase().normalize('NFKC').split(/[^\p{L}\p{N}]+/u)) {
    if (word.length < 2 || /^\d+$/.test(word)) continue;
    tokens.push({ word, term: stem(word) });
  }
  return tokens;
}

/**
 * Adjacent pairs of analysed terms, as one term each ("what is", "purchase order", "race condition"):
 * a phrase tells agents apart where its words alone do not ("what is" asks for an explanation; "what"
 * and "is" are everywhere). A pair holds a space, which no single term can.
 */
export function wordPairs(terms: readonly string[]): string[] {
  const pairs: string[] = [];
  for (let index = 0; index + 1 < terms.length; index += 1) pairs.push(`${terms[index]} ${terms[index + 1]}`);
  return pairs;
}

/** Character trigrams of a term, with boundary marks, for matching misspelt words. */
export function trigrams(term: string): string[] {
  const padded = `^${term}$`;
  const grams: string[] = [];
  for (let index = 0; index + 3 <= padded.length; index += 1) grams.push(padded.slice(index, index + 3));
  return grams;
}

/**
 * A light English stemmer: plurals, -ing, -ed, -ly, -ation, -ise/-ize and a few more, with British and
 * American spellings brought together. Lighter than Porter on purpose: it must never merge unrelated
 * words that tell agents apart (e.g. "report" and "reporter" stay close but "order" and "ordered" meet).
 */
export function stem(word: string): string {
  let stemmed = word;
  if (stemmed.length <= 3) return stemmed;
  stemmed = stemmed.replace(/'s$/, '');
  if (stemmed.endsWith('ies') && stemmed.length > 4) stemmed = `${stemmed.slice(0, -3)}y`;
  else if (stemmed.endsWith('sses')) stemmed = stemmed.slice(0, -2);
  else if (/[^su]s$/.test(stemmed) && stemmed.length > 3) stemmed = stemmed.slice(0, -1);
  for (const [suffix, replacement] of suffixes) {
    if (stemmed.endsWith(suffix) && stemmed.length - suffix.length >= 3) {
      stemmed = stemmed.slice(0, -suffix.length) + replacement;
      break;
    }
  }
  // Doubled final consonants left by -ing/-ed ("planning" -> "plann") are single.
  if (/([bdgklmnprt])\1$/.test(stemmed) && stemmed.length > 4) stemmed = stemmed.slice(0, -1);
  if (stemmed.endsWith('e') && stemmed.length > 4) stemmed = stemmed.slice(0, -1);
  return stemmed;
}

// Longest first: the first suffix that fits is taken.
const suffixes: Array<[string, string]> = [
  ['iliation', 'ile'],
  ['isation', 'ize'],
  ['ization', 'ize'],
  ['ational', 'ate'],
  ['ation', 'ate'],
  ['ising', 'ize'],
  ['izing', 'ize'],
  ['ised', 'ize'],
  ['ized', 'ize'],
  ['ise', 'ize'],
  ['ness', ''],
  ['ment', ''],
  ['ing', ''],
  ['edly', ''],
  ['ed', ''],
  ['ly', ''],
];
