import { CsvError, parse } from 'csv-parse/sync';

/** One record of a CSV file, with the 1-based line it starts on. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export interface CsvSyntaxError {
  line: number;
  /** 1-based index of the field where the parser stopped. */
  column: number;
  message: string;
}

export interface CsvRecords {
  /** The first record (the header), or null for an empty file. */
  header: CsvRecord | null;
  records: CsvRecord[];
  /** RFC 4180 syntax the parser could not read; the records after it are unreliable and not returned. */
  syntaxError: CsvSyntaxError | null;
}

/**
 * Reads CSV text (RFC 4180: `,` separated, `"` quoted with `""` inside, CRLF or LF) into records that
 * know their line. Lines that are empty, or only separators and blanks (",,,", as spreadsheets export),
 * are skipped. A UTF-8 byte order mark is ignored.
 *
 * Line numbers are computed here from the byte offsets csv-parse reports, because its own line count
 * is off by one for each CRLF inside a quoted field.
 */
export function readCsvRecords(text: string): CsvRecords {
  const content = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const bytes = Buffer.from(content, 'utf8');
  const lineStarts = lineStartOffsets(bytes);
  const collected: CsvRecord[] = [];
  let previousEnd = 0;
  let syntaxError: CsvSyntaxError | null = null;
  try {
    parse(content, {
      relax_column_count: true,
      skip_empty_lines: true,
      on_record: (fields: string[], context) => {
        const start = firstContentOffset(bytes, previousEnd);
        previousEnd = context.bytes;
        if (!fields.every((field) => field.trim() === '')) collected.push({ line: lineAt(lineStarts, start), fields });
        // The records are kept here, in order; csv-parse need not build its own array.
        return null;
      },
    });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const start = firstContentOffset(bytes, previousEnd);
    syntaxError = {
      line: lineAt(lineStarts, start),
      column: fieldIndexOfError(bytes, start, error.code) + 1,
      message: describeCsvError(error),
    };
  }
  const [header = null, ...records] = collected;
  return { header, records, syntaxError };
}

function describeCsvError(error: CsvError): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field is never closed (expected a closing `"`)';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'a quoted field has text after its closing quote (expected `,` or the end of the line after `"`; write a quote inside a field as `""`)';
    default:
      return `CSV syntax: ${error.message}`;
  }
}

function lineStartOffsets(bytes: Buffer): number[] {
  const starts = [0];
  for (let offset = 0; offset < bytes.length; offset += 1) {
    const byte = bytes[offset];
    if (byte === 0x0a) starts.push(offset + 1);
    else if (byte === 0x0d && bytes[offset + 1] !== 0x0a) starts.push(offset + 1);
  }
  return starts;
}

/** The 1-based line of a byte offset. */
function lineAt(lineStarts: readonly number[], offset: number): number {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (lineStarts[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  return low + 1;
}

/** Where the next record starts: past the line breaks of skipped empty lines. */
function firstContentOffset(bytes: Buffer, offset: number): number {
  let position = offset;
  while (position < bytes.length && (bytes[position] === 0x0a || bytes[position] === 0x0d)) position += 1;
  return position;
}

/**
 * The 0-based field of the record starting at `start` where RFC 4180 scanning fails: a quote never
 * closed, or text after a closing quote. Used only to locate an error csv-parse reported.
 */
function fieldIndexOfError(bytes: Buffer, start: number, code: string): number {
  let field = 0;
  let position = start;
  let lastOpenedField = 0;
  while (position < bytes.length) {
    if (bytes[position] === 0x22) {
      lastOpenedField = field;
      position += 1;
      // Inside quotes until a quote that is not doubled.
      for (;;) {
        if (position >= bytes.length) return field;
        if (bytes[position] === 0x22) {
          if (bytes[position + 1] === 0x22) position += 2;
          else break;
        } else position += 1;
      }
      position += 1;
      const next = bytes[position];
      if (next !== undefined && next !== 0x2c && next !== 0x0a && next !== 0x0d) return field;
      continue;
    }
    const byte = bytes[position];
    if (byte === 0x2c) field += 1;
    else if (byte === 0x0a || byte === 0x0d) break;
    position += 1;
  }
  return code === 'CSV_QUOTE_NOT_CLOSED' ? lastOpenedField : field;
}
