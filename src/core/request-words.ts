/**
 * The words of a request as a user typed them, split on white space, without the quotes, brackets and
 * sentence punctuation around them: `validate "orders.csv", please` gives validate, orders.csv, please.
 * Punctuation inside a word (a path, a file extension, an id like PO-1042) stays.
 */
export function requestWords(text: string): string[] {
  return text
    .split(/\s+/)
    .map((word) => word.replace(/^["'`(<[]+|["'`)>\],.;:!?]+$/g, ''))
    .filter((word) => word !== '');
}
