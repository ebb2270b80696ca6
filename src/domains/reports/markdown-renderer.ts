import type { ReportBlock, ReportCell, ReportDocument, ReportTable, Tone } from './report-document.ts';

const toneMarks: Record<Tone, string> = { error: '✖ error', warning: '⚠ warning', ok: '✔ ok' };

/**
 * Renders a report as GitHub-flavoured Markdown. Every text from the data is escaped: Markdown and
 * HTML punctuation gets a backslash (so data can neither format the report nor inject HTML), `|`
 * cannot break a table, and a line break inside a value becomes `<br>`.
 */
export function renderMarkdown(document: ReportDocument): string {
  const parts = [`# ${inline(document.title)}`];
  for (const block of document.blocks) parts.push(renderBlock(block));
  return `${parts.join('\n\n')}\n`;
}

function renderBlock(block: ReportBlock): string {
  switch (block.kind) {
    case 'heading':
      return `${'#'.repeat(block.level)} ${inline(block.text)}`;
    case 'paragraph':
      return paragraph(block.text);
    case 'facts':
      return block.facts.map((fact) => `- **${inline(fact.label)}:** ${cellText(fact.value)}`).join('\n');
    case 'list':
      return [...block.items.map((item) => `- ${inline(item)}`), ...(block.note === undefined ? [] : ['', paragraph(block.note)])].join('\n');
    case 'callout':
      return `> **${toneMarks[block.tone]}:** ${inline(block.text)}`;
    case 'table':
      return table(block);
  }
}

function table(block: ReportTable): string {
  const flagged = block.rows.some((row) => row.flag !== null);
  const columns = flagged ? ['Flag', ...block.columns] : block.columns;
  const numeric = block.columns.map((_, index) => block.rows.length > 0 && block.rows.every((row) => row.cells[index]?.numeric === true || row.cells[index]?.text === ''));
  const alignments = [...(flagged ? ['---'] : []), ...numeric.map((isNumeric) => (isNumeric ? '---:' : '---'))];
  const lines = [`| ${columns.map(inline).join(' | ')} |`, `| ${alignments.join(' | ')} |`];
  for (const row of block.rows) {
    const cells = row.cells.map(cellText);
    if (flagged) cells.unshift(row.flag === null ? '' : toneMarks[row.flag.tone]);
    lines.push(`| ${cells.join(' | ')} |`);
  }
  if (block.note !== undefined) lines.push('', paragraph(block.note));
  return lines.join('\n');
}

function cellText(value: ReportCell): string {
  const text = inline(value.text);
  return value.tone === 'error' || value.tone === 'warning' ? `**${text}**` : text;
}

/**
 * Escapes text for use inside a Markdown line (a table cell, a heading, a list item): backslash before
 * every character that could format, link or open HTML; `_` only where it could start emphasis (so
 * `snake_case` stays readable); line breaks as `<br>`.
 */
export function inline(text: string): string {
  if (text === '') return '';
  return text
    .replace(/[\\`*[\]<>|&~]/g, '\\$&')
    .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, '\\_')
    .replace(/\r\n|\r|\n/g, '<br>');
}

/** A paragraph of escaped text whose first character cannot start a list, quote or heading. */
function paragraph(text: string): string {
  return inline(text).replace(/^([-+=>#]|\d+[.)])/, (start) => (start.length === 1 ? `\\${start}` : `${start.slice(0, -1)}\\${start.slice(-1)}`));
}
