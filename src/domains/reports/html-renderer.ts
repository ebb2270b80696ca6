import type { ReportBlock, ReportCell, ReportDocument, ReportTable, Tone } from './report-document.ts';

const toneLabels: Record<Tone, string> = { error: 'error', warning: 'warning', ok: 'ok' };

// One self-contained file: inline CSS only, and a policy that forbids loading anything at all.
const styles = `
:root { color-scheme: light; --error: #b42318; --error-bg: #fef3f2; --warning: #b54708; --warning-bg: #fffaeb; --ok: #067647; --ok-bg: #ecfdf3; --line: #d0d5dd; }
body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #101828; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: 1rem; }
h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid var(--line); padding-bottom: .25rem; }
h3, h4 { font-size: 1.05rem; margin-top: 1.5rem; }
table { border-collapse: collapse; margin: .75rem 0; width: 100%; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; white-space: pre-wrap; overflow-wrap: anywhere; }
th { background: #f2f4f7; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.flag-error td { background: var(--error-bg); }
tr.flag-warning td { background: var(--warning-bg); }
.tone-error { color: var(--error); font-weight: 600; }
.tone-warning { color: var(--warning); font-weight: 600; }
.tone-ok { color: var(--ok); }
.badge { display: inline-block; border-radius: .75rem; padding: 0 .5rem; font-size: .8rem; font-weight: 600; }
.badge.error { background: var(--error); color: #fff; }
.badge.warning { background: var(--warning); color: #fff; }
.badge.ok { background: var(--ok); color: #fff; }
.callout { border-left: 4px solid; padding: .5rem .75rem; margin: .75rem 0; white-space: pre-wrap; }
.callout.error { border-color: var(--error); background: var(--error-bg); }
.callout.warning { border-color: var(--warning); background: var(--warning-bg); }
.callout.ok { border-color: var(--ok); background: var(--ok-bg); }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dt { font-weight: 600; }
dd { margin: 0; white-space: pre-wrap; }
.note { color: #475467; font-style: italic; }
`;

/** Renders a report as one self-contained HTML page: inline CSS, no scripts, every text escaped. */
export function renderHtml(document: ReportDocument): string {
  const body = document.blocks.map(renderBlock).join('\n');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(document.title)}</title>`,
    `<style>${styles}</style>`,
    '</head>',
    '<body>',
    '<main>',
    `<h1>${escapeHtml(document.title)}</h1>`,
    body,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function renderBlock(block: ReportBlock): string {
  switch (block.kind) {
    case 'heading':
      return `<h${block.level}>${escapeHtml(block.text)}</h${block.level}>`;
    case 'paragraph':
      return `<p>${escapeHtml(block.text)}</p>`;
    case 'facts':
      return `<dl>${block.facts.map((fact) => `<dt>${escapeHtml(fact.label)}</dt><dd${toneClass(fact.value)}>${escapeHtml(fact.value.text)}</dd>`).join('')}</dl>`;
    case 'list':
      return `<ul>${block.items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>${note(block.note)}`;
    case 'callout':
      return `<div class="callout ${block.tone}"><span class="badge ${block.tone}">${toneLabels[block.tone]}</span> ${escapeHtml(block.text)}</div>`;
    case 'table':
      return table(block);
  }
}

function table(block: ReportTable): string {
  const flagged = block.rows.some((row) => row.flag !== null);
  const head = `<tr>${flagged ? '<th>Flag</th>' : ''}${block.columns.map((column) => `<th>${escapeHtml(column)}</th>`).join('')}</tr>`;
  const rows = block.rows.map((row) => {
    const flag = row.flag === null ? '' : ` class="flag-${row.flag.tone}" title="${escapeHtml(row.flag.reason)}"`;
    const flagCell = flagged ? `<td>${row.flag === null ? '' : `<span class="badge ${row.flag.tone}">${toneLabels[row.flag.tone]}</span>`}</td>` : '';
    return `<tr${flag}>${flagCell}${row.cells.map(tableCell).join('')}</tr>`;
  });
  return `<table>\n<thead>${head}</thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>${note(block.note)}`;
}

function tableCell(value: ReportCell): string {
  const classes = [value.numeric === true ? 'num' : '', value.tone === undefined ? '' : `tone-${value.tone}`].filter((name) => name !== '');
  return `<td${classes.length === 0 ? '' : ` class="${classes.join(' ')}"`}>${escapeHtml(value.text)}</td>`;
}

function toneClass(value: ReportCell): string {
  return value.tone === undefined ? '' : ` class="tone-${value.tone}"`;
}

function note(text: string | undefined): string {
  return text === undefined ? '' : `<p class="note">${escapeHtml(text)}</p>`;
}

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character]!);
}
