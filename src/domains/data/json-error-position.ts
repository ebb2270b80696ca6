import { errorMessage } from '../../core/error-message.ts';
/**
 * Where JSON.parse failed in `text` (a 0-based character index), even when V8's message gives no
 * position ("Unexpected token ']', ... is not valid JSON"). Found by bisecting prefixes: a prefix
 * before the error only runs out of input, a prefix that contains it fails for a different reason.
 * Null when the text parses.
 */
export function jsonErrorPosition(text: string): number | null {
  const first = parseFailure(text);
  if (first === null) return null;
  const stated = /at position (\d+)/.exec(first);
  if (stated !== null) return Math.min(Number(stated[1]), text.length);
  if (/Unexpected end of JSON input/.test(first)) return text.length;
  let low = 0;
  let high = text.length;
  // Invariant: the prefix of length `low` is fine so far, the prefix of length `high` holds the error.
  while (high - low > 1) {
    const middle = (low + high) >>> 1;
    const failure = parseFailure(text.slice(0, middle));
    if (failure === null || runsOutOfInput(failure, middle)) low = middle;
    else high = middle;
  }
  return high - 1;
}

/** The message of JSON.parse's error, or null when the text parses. */
function parseFailure(text: string): string | null {
  try {
    JSON.parse(text);
    return null;
  } catch (error) {
    return errorMessage(error);
  }
}

function runsOutOfInput(message: string, length: number): boolean {
  if (/Unexpected end of JSON input|Unterminated string/.test(message)) return true;
  const position = /at position (\d+)/.exec(message);
  return position !== null && Number(position[1]) >= length;
}

/** 1-based line and column of a character index. */
export function lineAndColumnAt(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let newline = text.indexOf('\n'); newline !== -1 && newline < index; newline = text.indexOf('\n', newline + 1)) {
    line += 1;
    lineStart = newline + 1;
  }
  return { line, column: index - lineStart + 1 };
}
