/** Finding `${{ ... }}` in the strings of a pipeline file. */

export interface ScannedPart {
  kind: 'text' | 'expression';
  text: string;
}

/**
 * Splits a string into text and `${{ }}` expressions. The end of an expression is the first `}}`
 * outside JSONata strings and braces, so object constructors (`{"a": {"b": 1}}`) work inside.
 */
export function scanTemplate(text: string): { parts: ScannedPart[] } | { error: string; index: number } {
  const parts: ScannedPart[] = [];
  let cursor = 0;
  for (let start = text.indexOf('${{', cursor); start !== -1; start = text.indexOf('${{', cursor)) {
    if (start > cursor) parts.push({ kind: 'text', text: text.slice(cursor, start) });
    const end = findExpressionEnd(text, start + 3);
    if (end === -1) return { error: 'the expression is not closed: expected "}}"', index: start };
    parts.push({ kind: 'expression', text: text.slice(start + 3, end) });
    cursor = end + 2;
  }
  if (cursor < text.length) parts.push({ kind: 'text', text: text.slice(cursor) });
  return { parts };
}

function findExpressionEnd(text: string, from: number): number {
  let depth = 0;
  let quote: string | null = null;
  for (let index = from; index < text.length; index += 1) {
    const character = text[index]!;
    if (quote !== null) {
      if (character === '\\') index += 1;
      else if (character === quote) quote = null;
      continue;
    }
    if (character === '"' || character === "'" || character === '`') quote = character;
    else if (character === '{') depth += 1;
    else if (character === '}') {
      if (depth === 0 && text[index + 1] === '}') return index;
      depth = Math.max(0, depth - 1);
    }
  }
  return -1;
}

/** Whether a string holds any `${{`. */
export function hasExpression(value: string): boolean {
  return value.includes('${{');
}
