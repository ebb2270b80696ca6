import { isPlainObject, isScalar } from './compact-value.ts';
import type { ReportBlock, ReportDocument } from './report-document.ts';
import { cell } from './report-document.ts';
import { objectTable, valueCell, valueList, type FlagCounts, type TableOptions } from './table-builder.ts';

/** Sections nest to heading level 4; anything deeper is compacted into its parent's facts. */
const deepestSectionLevel = 4;

type SectionLevel = 2 | 3 | 4 | 5;

/**
 * A report for any JSON value: a summary (counts of every array, the value's own `summary` object,
 * and how many items are flagged), then a section per field: facts for scalars, tables for arrays of
 * objects, lists for arrays of primitives, and sub-sections for nested objects.
 */
export function genericDocument(data: unknown, title: string, options: TableOptions): ReportDocument {
  const counts: FlagCounts = { rows: 0, errors: 0, warnings: 0 };
  const body: ReportBlock[] = [];
  if (Array.isArray(data)) body.push({ kind: 'heading', level: 2, text: 'Items' }, ...arrayBlocks(data, options, counts));
  else if (isPlainObject(data)) body.push(...objectBlocks(data, 2, options, counts, ['summary']));
  else body.push({ kind: 'heading', level: 2, text: 'Value' }, { kind: 'facts', facts: [{ label: 'value', value: valueCell(data) }] });
  return { title, blocks: [...summaryBlocks(data, counts), ...body] };
}

function summaryBlocks(data: unknown, counts: FlagCounts): ReportBlock[] {
  const facts: Array<{ label: string; value: ReturnType<typeof cell> }> = [];
  if (Array.isArray(data)) facts.push({ label: 'items', value: cell(String(data.length), { numeric: true }) });
  if (isPlainObject(data)) {
    for (const [key, value] of Object.entries(data)) {
      if (Array.isArray(value)) facts.push({ label: `${key} (items)`, value: cell(String(value.length), { numeric: true }) });
    }
    const summary = data['summary'];
    if (isPlainObject(summary)) for (const [key, value] of Object.entries(summary)) facts.push({ label: key, value: valueCell(value) });
    else if (summary !== undefined) facts.push({ label: 'summary', value: valueCell(summary) });
  }
  const blocks: ReportBlock[] = [{ kind: 'heading', level: 2, text: 'Summary' }];
  if (facts.length > 0) blocks.push({ kind: 'facts', facts });
  blocks.push(flagCallout(counts));
  return blocks;
}

function flagCallout(counts: FlagCounts): ReportBlock {
  if (counts.errors === 0 && counts.warnings === 0) {
    return { kind: 'callout', tone: 'ok', text: counts.rows === 0 ? 'No items to flag.' : `No flagged items among ${counts.rows}.` };
  }
  const parts = [counts.errors > 0 ? `${counts.errors} with errors` : '', counts.warnings > 0 ? `${counts.warnings} with warnings` : ''].filter((part) => part !== '');
  return { kind: 'callout', tone: counts.errors > 0 ? 'error' : 'warning', text: `${counts.errors + counts.warnings} of ${counts.rows} items flagged: ${parts.join(', ')}.` };
}

/**
 * The blocks of an object whose own heading is one level above `level`: its scalars as facts, then a
 * section per array or nested object. Past level 4, nested objects are compacted into the facts.
 */
function objectBlocks(object: Record<string, unknown>, level: SectionLevel, options: TableOptions, counts: FlagCounts, skip: readonly string[] = []): ReportBlock[] {
  const entries = Object.entries(object).filter(([key]) => !skip.includes(key));
  const tooDeep = level > deepestSectionLevel;
  const sectionLevel = Math.min(level, deepestSectionLevel) as 2 | 3 | 4;
  const inline = entries.filter(([, value]) => isScalar(value) || (tooDeep && !Array.isArray(value)));
  const blocks: ReportBlock[] = [];
  if (inline.length > 0) {
    if (level === 2) blocks.push({ kind: 'heading', level: 2, text: 'Details' });
    blocks.push({ kind: 'facts', facts: inline.map(([key, value]) => ({ label: key, value: valueCell(value) })) });
  }
  for (const [key, value] of entries) {
    if (isScalar(value) || (tooDeep && !Array.isArray(value))) continue;
    blocks.push({ kind: 'heading', level: sectionLevel, text: key });
    if (Array.isArray(value)) blocks.push(...arrayBlocks(value, options, counts));
    else {
      const nested = objectBlocks(value as Record<string, unknown>, (level + 1) as SectionLevel, options, counts);
      blocks.push(...(nested.length > 0 ? nested : [{ kind: 'paragraph', text: 'No fields.' } as const]));
    }
  }
  return blocks;
}

function arrayBlocks(items: readonly unknown[], options: TableOptions, counts: FlagCounts): ReportBlock[] {
  if (items.length === 0) return [{ kind: 'paragraph', text: 'No items.' }];
  if (items.some(isPlainObject)) return [objectTable(items, options, counts)];
  return [valueList(items, options)];
}
