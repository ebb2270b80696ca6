import { JsonArrayScanner } from './json-array-scanner.ts';
import { jsonErrorPosition, lineAndColumnAt } from './json-error-position.ts';
import { readLineBatches } from './line-reader.ts';
import { readTextChunks } from './text-file.ts';
import { errorMessage } from '../../core/error-message.ts';

/** One record of a JSON or JSONL file: a parsed value, or why it could not be parsed. */
export type JsonRecord =
  | { ok: true; row: number; line: number; value: unknown }
  | { ok: false; row: number | null; line: number; column: number; message: string };

export interface JsonReadOptions {
  signal?: AbortSignal;
  label?: string;
}

/**
 * Streams the records of a JSON file (the elements of a top-level array, or the one top-level value)
 * or a JSONL file (one value per line; blank lines are skipped) to `onRecord`, in file order and in
 * bounded memory. Syntax errors are records too, with line and column, and reading goes on.
 */
export async function readJsonRecords(path: string, format: 'json' | 'jsonl', options: JsonReadOptions, onRecord: (record: JsonRecord) => void): Promise<void> {
  const chunks = readTextChunks(path, { label: options.label ?? 'file', ...(options.signal === undefined ? {} : { signal: options.signal }) });
  if (format === 'jsonl') {
    let row = 0;
    for await (const batch of readLineBatches(chunks, { source: path })) {
      batch.lines.forEach((text, index) => {
        if (text.trim() === '') return;
        row += 1;
        onRecord(parseJsonText(text, row, batch.firstLine + index, 1));
      });
    }
    return;
  }
  const scanner = new JsonArrayScanner({
    onElement: (element) => onRecord(parseJsonText(element.text, element.index, element.line, element.column)),
    onProblem: (problem) => onRecord({ ok: false, ...problem }),
  });
  for await (const chunk of chunks) scanner.push(chunk);
  scanner.end();
}

/** Parses one value; a syntax error is located at its line and column in the file. */
export function parseJsonText(text: string, row: number, line: number, column: number): JsonRecord {
  try {
    return { ok: true, row, line, value: JSON.parse(text) as unknown };
  } catch (error) {
    const message = errorMessage(error);
    const position = jsonErrorPosition(text) ?? 0;
    const inText = lineAndColumnAt(text, position);
    const where = inText.line === 1 ? { line, column: column + inText.column - 1 } : { line: line + inText.line - 1, column: inText.column };
    // V8 words it "... in JSON at position 12 (line 1 column 13)" or "..., "<snippet>" is not valid JSON".
    const reason = message
      .replace(/\s*in JSON at position \d+.*$/, '')
      .replace(/\s*\(line \d+ column \d+\)$/, '')
      .replace(/, (?:\.\.\.)?"[\s\S]*" is not valid JSON$/, '');
    return { ok: false, row, ...where, message: `invalid JSON: ${reason}` };
  }
}
