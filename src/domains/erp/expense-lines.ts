import { NovaError } from '../../core/errors.ts';
import { readCsvRecords } from './csv-records.ts';

/** One expense line to code: its text, and what else the source gave. */
export interface ExpenseLine {
  /** 1-based position in the input. */
  line: number;
  description: string;
  amount?: string;
  date?: string;
  id?: string;
}

const descriptionColumns = ['description', 'memo', 'text', 'merchant', 'payee', 'details', 'narrative', 'name'];

/**
 * Expense lines from CSV text: the first column named like a description (description, memo, text,
 * merchant, payee, details, narrative, name) is the text; `amount`, `date` and `id` are kept when
 * present. Problems are reported with the source name and line.
 */
export function expenseLinesFromCsv(text: string, source: string): ExpenseLine[] {
  const csv = readCsvRecords(text);
  if (csv.syntaxError !== null) throw linesInvalid(`${source}:${csv.syntaxError.line}:${csv.syntaxError.column}: ${csv.syntaxError.message}`);
  if (csv.header === null) throw linesInvalid(`${source}:1:1: the file is empty; expected a header with a description column`);
  const header = csv.header.fields.map((field) => field.trim().toLowerCase());
  const descriptionIndex = header.findIndex((name) => descriptionColumns.includes(name));
  if (descriptionIndex === -1) {
    throw linesInvalid(`${source}:${csv.header.line}:1: no description column; expected one of ${descriptionColumns.join(', ')} in the header`);
  }
  const optional = (record: string[], name: string) => {
    const index = header.indexOf(name);
    const value = index === -1 ? '' : (record[index] ?? '').trim();
    return value === '' ? {} : { [name]: value };
  };
  return csv.records.map((record, index) => {
    const description = (record.fields[descriptionIndex] ?? '').trim();
    if (description === '') throw linesInvalid(`${source}:${record.line}:${descriptionIndex + 1}: ${header[descriptionIndex]}: expected the expense's text, got an empty field`);
    return { line: index + 1, description, ...optional(record.fields, 'amount'), ...optional(record.fields, 'date'), ...optional(record.fields, 'id') };
  });
}

/** Expense lines from plain text: one per non-empty line, or CSV when the first line is a header with a description column. */
export function expenseLinesFromText(text: string): ExpenseLine[] {
  const firstLine = text.trimStart().split(/\r?\n/, 1)[0] ?? '';
  const headerNames = firstLine.split(',').map((field) => field.trim().toLowerCase());
  if (headerNames.length > 1 && headerNames.some((name) => descriptionColumns.includes(name))) return expenseLinesFromCsv(text.trimStart(), 'text');
  return text
    .split(/\r?\n/)
    .map((line) => line.trim().replace(/^[-*•]\s+/, ''))
    .filter((line) => line !== '')
    .map((description, index) => ({ line: index + 1, description }));
}

function linesInvalid(message: string): NovaError {
  return new NovaError({ code: 'input_invalid', fault: 'user', message: `Expense lines could not be read: ${message}`, hint: 'Give a CSV with a description column, one expense per line, or `lines` in the input.' });
}
