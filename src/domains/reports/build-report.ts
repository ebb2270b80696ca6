import { NovaError } from '../../core/errors.ts';
import { renderHtml } from './html-renderer.ts';
import { renderMarkdown } from './markdown-renderer.ts';
import { detectTemplate, isRunEnvelope, runBlocks, templates, type TemplateName } from './report-templates.ts';

export type ReportFormat = 'markdown' | 'html';

export interface BuildReportOptions {
  format: ReportFormat;
  /** Default: the template's own title ("AIREP check", "AR aging as of 2026-11-01", "Report"). */
  title?: string;
  /** Default `auto`: the template whose shape the data has, else `generic`. */
  template?: TemplateName | 'auto';
  /** Rows shown per table; the rest are counted in a note. Default 1000. */
  maxRows?: number;
}

export interface BuiltReport {
  format: ReportFormat;
  title: string;
  template: TemplateName;
  content: string;
}

/**
 * Renders a structured result (any agent's JSON output, or what `nova run --json` printed) as a
 * Markdown or self-contained HTML report: a title, a summary, tables, and flagged issues.
 *
 * @example buildReport({ items: [{ id: 1, valid: false }] }, { format: 'markdown' }).content
 */
export function buildReport(data: unknown, options: BuildReportOptions): BuiltReport {
  const envelope = isRunEnvelope(data) ? data : null;
  const subject = envelope === null ? data : envelope.output;
  const template = options.template === undefined || options.template === 'auto' ? detectTemplate(subject) : options.template;
  const chosen = templates[template];
  if (!chosen.matches(subject)) {
    throw new NovaError({
      code: 'input_invalid',
      fault: 'user',
      message: `The data does not have the shape the "${template}" template needs: ${chosen.shape}`,
      hint: 'Leave "template" out (or set it to "auto") to pick the template from the data.',
    });
  }
  const title = options.title === undefined || options.title.trim() === '' ? chosen.defaultTitle(subject) : options.title;
  // A failed run has no output to show: the report is the run and its error.
  const document = envelope !== null && subject === null ? { title, blocks: [] } : chosen.render(subject, title, { maxRows: options.maxRows ?? 1000 });
  if (envelope !== null) document.blocks.unshift(...runBlocks(envelope));
  const content = options.format === 'html' ? renderHtml(document) : renderMarkdown(document);
  return { format: options.format, title, template, content };
}
