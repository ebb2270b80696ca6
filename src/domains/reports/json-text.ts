import { errorMessage } from '../../core/error-message.ts';
/** Where and why a text is not JSON. */
export interface JsonSyntaxProblem {
  /** 0-based character offset. */
  offset: number;
  line: number;
  column: number;
  /** e.g. `unexpected "}"`, `unexpected end of input`. */
  description: string;
}

export type JsonTextResult = { ok: true; value: unknown } | { ok: false; problem: JsonSyntaxProblem };

/**
 * Parses JSON and, when it is not, says where: line, column and what was found. Node's own messages
 * often give no position, so the text is rescanned by a small JSON grammar (iterative, so no nesting
 * depth can overflow the stack) to find the first character that breaks it.
 */
export function parseJsonText(text: string): JsonTextResult {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const scanned = firstJsonError(text);
    const offset = scanned ?? positionFromMessage(error) ?? 0;
    const { line, column } = lineAndColumn(text, offset);
    if (scanned === null) {
      // Well-formed by the grammar, yet refused: the engine's own limit (e.g. nesting too deep for it).
      return { ok: false, problem: { offset, line, column, description: errorMessage(error) } };
    }
    const found = text[offset];
    return { ok: false, problem: { offset, line, column, description: found === undefined ? 'unexpected end of input' : `unexpected ${JSON.stringify(found)}` } };
  }
}

type Expecting = 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'after-value';

/** The offset of the first character that breaks the JSON grammar, or null when the text is JSON. */
export function firstJsonError(text: string): number | null {
  const stack: Array<'[' | '{'> = [];
  let index = 0;
  let expecting: Expecting = 'value';
  for (;;) {
    while (index < text.length && ' \t\n\r'.includes(text[index]!)) index += 1;
    const character = text[index];
    if (expecting === 'after-value') {
      const open = stack.at(-1);
      if (open === undefined) return character === undefined ? null : index;
      if (character === ',') {
        index += 1;
        expecting = open === '[' ? 'value' : 'key';
      } else if ((open === '[' && character === ']') || (open === '{' && character === '}')) {
        stack.pop();
        index += 1;
      } else return index;
      continue;
    }
    if (character === undefined) return index;
    if (expecting === 'key' || expecting === 'key-or-close') {
      if (expecting === 'key-or-close' && character === '}') {
        stack.pop();
        index += 1;
        expecting = 'after-value';
        continue;
      }
      if (character !== '"') return index;
      const end = stringEnd(text, index);
      if (end.error !== null) return end.error;
      index = end.index;
      while (index < text.length && ' \t\n\r'.includes(text[index]!)) index += 1;
      if (text[index] !== ':') return index;
      index += 1;
      expecting = 'value';
      continue;
    }
    if (expecting === 'value-or-close' && character === ']') {
      stack.pop();
      index += 1;
      expecting = 'after-value';
      continue;
    }
    if (character === '[' || character === '{') {
      stack.push(character);
      index += 1;
      expecting = character === '[' ? 'value-or-close' : 'key-or-close';
      continue;
    }
    const end = scalarEnd(text, index);
    if (end.error !== null) return end.error;
    index = end.index;
    expecting = 'after-value';
  }
}

interface ScanResult {
  index: number;
  error: number | null;
}

const numberPattern = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

function scalarEnd(text: string, start: number): ScanResult {
  const character = text[start]!;
  if (character === '"') return stringEnd(text, start);
  for (const literal of ['true', 'false', 'null']) {
    if (character !== literal[0]) continue;
    for (let offset = 0; offset < literal.length; offset += 1) {
      if (text[start + offset] !== literal[offset]) return { index: start, error: start + offset };
    }
    return { index: start + literal.length, error: null };
  }
  numberPattern.lastIndex = start;
  const match = numberPattern.exec(text);
  if (match === null) return { index: start, error: start };
  // A fraction or exponent cut short ("1." or "1e") leaves the "." or "e" as the culprit.
  const end = start + match[0].length;
  if (text[end] === '.' || text[end] === 'e' || text[end] === 'E') return { index: end, error: end + 1 };
  return { index: end, error: null };
}

function stringEnd(text: string, start: number): ScanResult {
  let index = start + 1;
  while (index < text.length) {
    const character = text[index]!;
    if (character === '"') return { index: index + 1, error: null };
    if (character.charCodeAt(0) < 0x20) return { index, error: index };
    if (character === '\\') {
      const escape = text[index + 1];
      if (escape === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(index + 2, index + 6))) return { index, error: index };
        index += 6;
        continue;
      }
      if (escape === undefined || !'"\\/bfnrt'.includes(escape)) return { index, error: index + 1 };
      index += 2;
      continue;
    }
    index += 1;
  }
  return { index, error: text.length };
}

function positionFromMessage(error: unknown): number | null {
  const match = /position (\d+)/.exec(error instanceof Error ? error.message : '');
  return match === null ? null : Number(match[1]);
}

/** 1-based line and column (in characters) of an offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = 0; index < offset && index < text.length; index += 1) {
    if (text[index] === '\n') {
      line += 1;
      lineStart = index + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
