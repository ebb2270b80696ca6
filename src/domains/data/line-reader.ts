import { NovaError } from '../../core/errors.ts';

/** Lines of one chunk of text, and the 1-based number of the first. */
export interface LineBatch {
  firstLine: number;
  lines: string[];
}

export interface LineReaderOptions {
  /** A longer line is an error (it would not fit in memory as one string); default 64 Mi characters. */
  maxLineLength?: number;
  /** How the source is named in errors. */
  source?: string;
}

/**
 * Splits streamed text into lines, batch by batch (one batch per chunk, so a million lines cost a few
 * hundred awaits, not a million). Line ends are `\n` or `\r\n`; the last line needs no line end.
 */
export async function* readLineBatches(chunks: AsyncIterable<string> | Iterable<string>, options: LineReaderOptions = {}): AsyncGenerator<LineBatch> {
  const maxLineLength = options.maxLineLength ?? 64 * 1024 * 1024;
  let pending = '';
  let nextLine = 1;
  for await (const chunk of chunks) {
    const text = pending.length === 0 ? chunk : pending + chunk;
    const lines: string[] = [];
    let start = 0;
    let newline = text.indexOf('\n');
    while (newline !== -1) {
      lines.push(text.charCodeAt(newline - 1) === 13 && newline > start ? text.slice(start, newline - 1) : text.slice(start, newline));
      start = newline + 1;
      newline = text.indexOf('\n', start);
    }
    pending = start === 0 ? text : text.slice(start);
    if (pending.length > maxLineLength) {
      throw new NovaError({
        code: 'input_invalid',
        fault: 'user',
        message: `Line ${nextLine + lines.length}${options.source === undefined ? '' : ` of ${options.source}`} is longer than ${maxLineLength} characters`,
        hint: 'Check that the file has line breaks (a minified JSON array is read with format "json", not "jsonl").',
        details: { line: nextLine + lines.length },
      });
    }
    if (lines.length > 0) {
      yield { firstLine: nextLine, lines };
      nextLine += lines.length;
    }
  }
  if (pending.length > 0) yield { firstLine: nextLine, lines: [pending.endsWith('\r') ? pending.slice(0, -1) : pending] };
}
