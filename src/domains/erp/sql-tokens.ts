/** A token of a SQL statement, as the read-only guard sees it. */
export type SqlToken =
  | { kind: 'word'; value: string; text: string; start: number; end: number }
  /** A double-quoted identifier; `value` is its name in lower case. */
  | { kind: 'quoted'; value: string; text: string; start: number; end: number }
  | { kind: 'string'; value: string; text: string; start: number; end: number }
  | { kind: 'number'; value: string; text: string; start: number; end: number }
  | { kind: 'punct'; value: string; text: string; start: number; end: number };

export type TokenizeResult = { ok: true; tokens: SqlToken[] } | { ok: false; reason: string };

const multiCharacterOperators = ['<>', '<=', '>=', '!=', '||', '::', '->>', '->'];
const singleCharacterOperators = new Set(['(', ')', ',', '.', ';', '+', '-', '*', '/', '%', '=', '<', '>', '~']);

/**
 * Splits SQL into tokens, dropping comments, and refuses every lexical form whose meaning differs
 * between the guard and a database, or that the guard does not need: strings with prefixes (E'..',
 * X'..', U&'..'), dollar quoting, backslashes in PostgreSQL strings (their meaning depends on a server
 * setting), backtick and bracket identifiers, parameters (`?`, `$1`, `:name`, `@name`), and any other
 * character outside plain SQL.
 */
export function tokenizeSql(sql: string, dialect: 'sqlite' | 'postgres'): TokenizeResult {
  const tokens: SqlToken[] = [];
  let position = 0;
  const refuse = (reason: string): TokenizeResult => ({ ok: false, reason: `${reason} (at character ${position + 1})` });
  while (position < sql.length) {
    const character = sql[position]!;
    const start = position;
    if (/\s/.test(character)) {
      position += 1;
      continue;
    }
    if (sql.startsWith('--', position)) {
      const end = sql.indexOf('\n', position);
      position = end === -1 ? sql.length : end + 1;
      continue;
    }
    if (sql.startsWith('/*', position)) {
      const end = sql.indexOf('*/', position + 2);
      if (end === -1) return refuse('a comment is never closed');
      position = end + 2;
      continue;
    }
    if (character === "'") {
      const end = closingQuote(sql, position, "'");
      if (end === -1) return refuse('a string is never closed');
      const value = sql.slice(position + 1, end).replace(/''/g, "'");
      if (dialect === 'postgres' && value.includes('\\')) return refuse('backslashes in strings are not allowed');
      const previous = tokens.at(-1);
      if (previous !== undefined && previous.end === start && (previous.kind === 'word' || previous.kind === 'quoted')) return refuse('prefixed strings (E\'...\', X\'...\') are not allowed');
      tokens.push({ kind: 'string', value, text: sql.slice(start, end + 1), start, end: end + 1 });
      position = end + 1;
      continue;
    }
    if (character === '"') {
      const end = closingQuote(sql, position, '"');
      if (end === -1) return refuse('a quoted identifier is never closed');
      const name = sql.slice(position + 1, end).replace(/""/g, '"');
      tokens.push({ kind: 'quoted', value: name.toLowerCase(), text: sql.slice(start, end + 1), start, end: end + 1 });
      position = end + 1;
      continue;
    }
    const number = /^(?:0x[0-9a-f]+|\d+(?:\.\d*)?(?:e[+-]?\d+)?|\.\d+(?:e[+-]?\d+)?)/i.exec(sql.slice(position));
    if (number !== null) {
      tokens.push({ kind: 'number', value: number[0], text: number[0], start, end: start + number[0].length });
      position += number[0].length;
      continue;
    }
    const word = /^[\p{L}_][\p{L}\p{N}_]*/u.exec(sql.slice(position));
    if (word !== null) {
      if (sql[position + word[0].length] === '$') return refuse('"$" in names and dollar quoting are not allowed');
      tokens.push({ kind: 'word', value: word[0].toLowerCase(), text: word[0], start, end: start + word[0].length });
      position += word[0].length;
      continue;
    }
    const operator = multiCharacterOperators.find((candidate) => sql.startsWith(candidate, position));
    if (operator !== undefined) {
      tokens.push({ kind: 'punct', value: operator, text: operator, start, end: start + operator.length });
      position += operator.length;
      continue;
    }
    if (singleCharacterOperators.has(character)) {
      tokens.push({ kind: 'punct', value: character, text: character, start, end: start + 1 });
      position += 1;
      continue;
    }
    if (character === '`' || character === '[') return refuse('use double quotes for names, not ` or [ ]');
    if (character === '?' || character === '$' || character === ':' || character === '@') return refuse(`parameters and "${character}" are not allowed; write values into the query`);
    return refuse(`the character "${character}" is not allowed`);
  }
  return { ok: true, tokens };
}

/** The index of the quote that closes the one at `start` (a doubled quote is part of the text), or -1. */
function closingQuote(sql: string, start: number, quote: string): number {
  let position = start + 1;
  for (;;) {
    const next = sql.indexOf(quote, position);
    if (next === -1) return -1;
    if (sql[next + 1] === quote) {
      position = next + 2;
      continue;
    }
    return next;
  }
}
