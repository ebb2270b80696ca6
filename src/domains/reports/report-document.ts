/**
 * A report as a small document model that templates build and renderers (Markdown, HTML) print, so
 * every template renders the same way in both formats and all escaping lives in the renderers.
 */

/** How a row or cell is highlighted. */
export type Tone = 'error' | 'warning' | 'ok';

export interface ReportCell {
  text: string;
  /** Right-aligned (numbers, amounts). */
  numeric?: boolean;
  tone?: Tone;
}

export interface RowFlag {
  tone: 'error' | 'warning';
  /** Why the row is flagged, e.g. "valid is false". */
  reason: string;
}

export interface ReportRow {
  cells: ReportCell[];
  flag: RowFlag | null;
}

export interface ReportTable {
  kind: 'table';
  columns: string[];
  rows: ReportRow[];
  /** Shown under the table, e.g. that only the first rows are shown. */
  note?: string;
}

export type ReportBlock =
  | { kind: 'heading'; level: 2 | 3 | 4; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'facts'; facts: Array<{ label: string; value: ReportCell }> }
  | ReportTable
  | { kind: 'list'; items: string[]; note?: string }
  | { kind: 'callout'; tone: Tone; text: string };

export interface ReportDocument {
  title: string;
  blocks: ReportBlock[];
}

/** A plain cell. */
export function cell(text: string, options: { numeric?: boolean; tone?: Tone } = {}): ReportCell {
  return { text, ...options };
}
