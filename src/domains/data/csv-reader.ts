import { once } from 'node:events';
import { parse, type CsvError } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { NovaError } from '../../core/errors.ts';
import { detectDelimiter, headerNames } from './csv-dialect.ts';
import { readTextChunks, readUtf8Chunks } from './text-file.ts';
import { errorMessage } from '../../core/error-message.ts';

/** A record csv-parse could not read. */
export interface MalformedRecord {
  /** The line where csv-parse found the problem. */
  line: number;
  /** 1-based position of the field in the record, when csv-parse says. */
  field: number | null;
  /** csv-parse's code, e.g. `INVALID_OPENING_QUOTE`, `CSV_QUOTE_NOT_CLOSED`. */
  code: string;
  message: string;
  /** Nothing after this point could be read (an unclosed quote runs to the end of the file). */
  fatal: boolean;
}

/** Where records go: called synchronously, in file order. */
export interface CsvRecordSink {
  /** Each record, the header first, with the line it starts on. Blank lines are skipped. */
  record(fields: string[], line: number): void;
  malformed(problem: MalformedRecord): void;
}

export interface CsvReadOptions {
  /** Default: detected from the header line (see `detectDelimiter`). */
  delimiter?: string;
  signal?: AbortSignal;
  /** A record longer than this is malformed and ends the read (bounded memory for an unclosed quote); default 16 MiB. */
  maxRecordBytes?: number;
  label?: string;
}

const fatalCodes = new Set(['CSV_QUOTE_NOT_CLOSED', 'CSV_MAX_RECORD_SIZE']);

/**
 * Streams a CSV file through csv-parse (RFC 4180 quoting, `""` escapes, CRLF or LF, fields spanning
 * lines), handing each record to the sink as it is parsed, in bounded memory. Malformed records are
 * reported to the sink and skipped; reading goes on after them unless nothing more can be read.
 */
export async function readCsv(path: string, options: CsvReadOptions, sink: CsvRecordSink): Promise<{ delimiter: string }> {
  // Bytes, not strings: csv-parse works on bytes and would only encode strings back.
  const chunks = readUtf8Chunks(path, { label: options.label ?? 'file', ...(options.signal === undefined ? {} : { signal: options.signal }) })[Symbol.asyncIterator]();
  // The first line decides the delimiter when none is given.
  let head: Buffer = Buffer.alloc(0);
  let exhausted = false;
  while (head.indexOf(10) === -1 && head.length < 1024 * 1024) {
    const next = await chunks.next();
    if (next.done === true) {
      exhausted = true;
      break;
    }
    head = head.length === 0 ? next.value : Buffer.concat([head, next.value]);
  }
  const firstLineEnd = head.indexOf(10);
  const delimiter = options.delimiter ?? detectDelimiter(head.toString('utf8', 0, firstLineEnd === -1 ? head.length : firstLineEnd), path);

  const parser = parse({
    delimiter,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    max_record_size: options.maxRecordBytes ?? 16 * 1024 * 1024,
  });
  let emitted = 0;
  let lastEnd = 0;
  /** csv-parse's own count at the previous record. */
  let lastRawEnd = 0;
  // csv-parse counts a CRLF inside a quoted field as two lines; what it has counted too many so far.
  let drift = 0;
  let failure: unknown = null;
  // Records are handled in the 'data' event, which csv-parse emits synchronously while it parses, so
  // `parser.info.lines` is still the line where this record ends. Should the stream ever buffer, the
  // record counts differ and the line is worked out from the previous record instead.
  parser.on('data', (fields: string[]) => {
    emitted += 1;
    if (failure !== null) return;
    const inSync = parser.info.records === emitted;
    // A record that ends on the line after the previous one has no line break inside: no need to look.
    const breaks = inSync && parser.info.lines - lastRawEnd <= 1 ? noBreaks : lineBreaks(fields);
    drift += breaks.crlf;
    const end = inSync ? parser.info.lines - drift : lastEnd + 1 + breaks.lines;
    if (inSync) lastRawEnd = parser.info.lines;
    lastEnd = end;
    try {
      sink.record(fields, end - breaks.lines);
    } catch (error) {
      failure ??= error;
    }
  });
  let lastSkipLine = -1;
  let lastSkipRecords = -1;
  parser.on('skip', (error: CsvError) => {
    if (failure !== null) return;
    const line = typeof error.lines === 'number' ? error.lines - drift : lastEnd + 1;
    // After a bad quote csv-parse may resume inside the same line and trip again: one bad record, one report.
    if (line === lastSkipLine && emitted === lastSkipRecords) return;
    lastSkipLine = line;
    lastSkipRecords = emitted;
    lastEnd = line;
    const column = (error as CsvError & { column?: unknown }).column;
    try {
      sink.malformed({
        line,
        field: typeof column === 'number' ? column + 1 : null,
        code: error.code,
        message: describeCsvError(error, line),
        fatal: fatalCodes.has(error.code),
      });
    } catch (sinkError) {
      failure ??= sinkError;
    }
  });
  parser.on('error', (error) => {
    failure ??= error;
  });
  // 'close' follows both a clean end and a failure, so waiting for it never hangs.
  const closed = new Promise<void>((resolve) => parser.once('close', () => resolve()));

  try {
    if (head.length > 0) await write(parser, head);
    while (!exhausted && failure === null) {
      const next = await chunks.next();
      if (next.done === true) break;
      await write(parser, next.value);
    }
    if (failure === null) {
      parser.end();
      await closed;
    }
  } catch (error) {
    failure ??= error;
  } finally {
    if (failure !== null) {
      parser.destroy();
      await chunks.return(undefined);
    }
  }
  if (failure !== null) throw options.signal?.aborted === true ? failure : asNovaError(failure, path);
  return { delimiter };
}

async function write(parser: ReturnType<typeof parse>, chunk: Buffer): Promise<void> {
  if (!parser.write(chunk)) await once(parser, 'drain');
}

const noBreaks = { lines: 0, crlf: 0 };

/** Line breaks inside the fields of a record (CRLF, LF or a lone CR each count one), and how many were CRLF. */
function lineBreaks(fields: readonly string[]): { lines: number; crlf: number } {
  let lines = 0;
  let crlf = 0;
  for (const field of fields) {
    if (field.indexOf('\n') === -1 && field.indexOf('\r') === -1) continue;
    for (let index = 0; index < field.length; index += 1) {
      const code = field.charCodeAt(index);
      if (code === 10) lines += 1;
      else if (code === 13) {
        lines += 1;
        if (field.charCodeAt(index + 1) === 10) {
          crlf += 1;
          index += 1;
        }
      }
    }
  }
  return { lines, crlf };
}

/** csv-parse's message, cleaned of its "Invalid Closing Quote:" style prefix and its own line mention. */
function describeCsvError(error: CsvError, line: number): string {
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') return `a quoted field is never closed (the file ends inside quotes at line ${line}); nothing after the opening quote could be read`;
  if (error.code === 'CSV_MAX_RECORD_SIZE') return `a record grows past the maximum record size (usually an unclosed quote); nothing after line ${line} could be read`;
  return `${error.message} (${error.code})`;
}

function asNovaError(error: unknown, path: string): NovaError {
  if (error instanceof NovaError) return error;
  const csvCode = (error as { code?: unknown }).code;
  return new NovaError({
    code: 'input_invalid',
    fault: 'user',
    message: `Cannot read ${path} as CSV: ${errorMessage(error)}`,
    hint: 'Check that the file is CSV and the delimiter is right.',
    details: { path, ...(typeof csvCode === 'string' ? { csvCode } : {}) },
    cause: error,
  });
}

/** The column names of a CSV file, read from its first line only (quoting understood; `.gz` decompressed). */
export async function readCsvHeader(path: string, options: { delimiter?: string; signal?: AbortSignal } = {}): Promise<string[]> {
  let head = '';
  for await (const chunk of readTextChunks(path, { label: 'file', ...(options.signal === undefined ? {} : { signal: options.signal }) })) {
    head += chunk;
    if (head.includes('\n') || head.length > 1024 * 1024) break;
  }
  const firstLine = head.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = options.delimiter ?? detectDelimiter(firstLine, path);
  const [fields = []] = parseSync(firstLine, { delimiter, relax_quotes: true }) as string[][];
  return headerNames(fields).names;
}
