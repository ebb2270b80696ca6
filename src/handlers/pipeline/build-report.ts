import { isAbsolute } from 'node:path';
import type { AgentHandler } from '../../core/agent-spec.ts';
import { writeFileAtomically } from '../../core/atomic-file.ts';
import { NovaError } from '../../core/errors.ts';
import { buildReport, type ReportFormat } from '../../domains/reports/build-report.ts';
import { parseJsonText } from '../../domains/reports/json-text.ts';
import type { TemplateName } from '../../domains/reports/report-templates.ts';
import { readUtf8File } from './agent-text-input.ts';

interface BuildReportInput {
  data?: unknown;
  file?: string;
  text?: string;
  format?: ReportFormat;
  title?: string;
  template?: TemplateName | 'auto';
  maxRows?: number;
  outputFile?: string;
  /** Replace a file already at `outputFile`; default false (an existing file is refused). */
  overwrite?: boolean;
  /** The request in words (a routed request): read for the format ("as HTML") and a title ("titled ...") when not given. */
  request?: string;
}

/**
 * The report-builder: the result comes as `data`, as a JSON `file`, or as JSON `text`; the report is
 * returned as `content` and, with `outputFile`, also written there (its `path` is returned). An
 * existing file is replaced only with `overwrite: true`; the runtime refuses one before the run starts,
 * and the write itself refuses one that appeared since (see writeFileAtomically).
 */
export const buildReportHandler: AgentHandler = async (rawInput, context) => {
  const input = withRequestRead(rawInput as BuildReportInput);
  const otherFormat = input.request === undefined ? undefined : /\b(pdf|docx?|xlsx|excel|pptx|powerpoint)\b/i.exec(input.request)?.[1];
  if (otherFormat !== undefined && input.format === undefined) {
    await context.warn('request_not_read', `report-builder writes Markdown or HTML, not ${otherFormat}: the report is Markdown; ask for HTML to print it as a PDF from a browser`);
  }
  const data = await resultData(input);
  const report = buildReport(data, {
    format: input.format ?? 'markdown',
    ...(input.title === undefined ? {} : { title: input.title }),
    ...(input.template === undefined ? {} : { template: input.template }),
    ...(input.maxRows === undefined ? {} : { maxRows: input.maxRows }),
  });
  if (input.outputFile === undefined) return report;
  writeReport(input.outputFile, report.content, input.overwrite === true);
  return { ...report, path: input.outputFile };
};

function withRequestRead(input: BuildReportInput): BuildReportInput {
  if (input.request === undefined) return input;
  const words = input.request.toLowerCase();
  const format: ReportFormat | undefined = /\bhtml\b/.test(words) ? 'html' : /\b(markdown|md)\b/.test(words) ? 'markdown' : undefined;
  const title = /\b(?:titled|called|with the title|title)\s+["'“]?([^"'”\n]+?)["'”]?\s*$/i.exec(input.request)?.[1];
  return { ...input, ...(input.format === undefined && format !== undefined ? { format } : {}), ...(input.title === undefined && title !== undefined ? { title } : {}) };
}

async function resultData(input: BuildReportInput): Promise<unknown> {
  const given = (['data', 'file', 'text'] as const).filter((field) => input[field] !== undefined);
  if (given.length !== 1) {
    throw new NovaError({
      code: 'input_invalid',
      fault: 'user',
      message: given.length === 0 ? 'report-builder needs the result to report on: "data", "file" or "text"' : `report-builder takes one of "data", "file" or "text", got ${given.join(' and ')}`,
      hint: `e.g. nova run report-builder --file check.json --input '{"format": "html"}', or --input '{"data": {...}}'.`,
    });
  }
  if (input.data !== undefined) return input.data;
  const source = input.file === undefined ? 'text' : input.file;
  const text = input.file === undefined ? input.text! : await readUtf8File(input.file);
  const parsed = parseJsonText(text);
  if (parsed.ok) return parsed.value;
  const { line, column, description, offset } = parsed.problem;
  throw new NovaError({
    code: 'input_invalid',
    fault: 'user',
    message: `${source} is not valid JSON at line ${line}, column ${column}: ${description}`,
    hint: input.file === undefined ? 'report-builder reads JSON: give the result as "data", or a JSON file with --file.' : 'Fix the JSON at that position (a JSON linter shows the context).',
    details: { source, line, column, offset },
  });
}

function writeReport(path: string, content: string, overwrite: boolean): void {
  if (!isAbsolute(path)) {
    throw new NovaError({
      code: 'input_invalid',
      fault: 'user',
      message: `"outputFile" must be an absolute path, got ${path}`,
      hint: 'Give the full path of the report file to write.',
    });
  }
  writeFileAtomically(path, content, { overwrite, what: 'the report', existsHint: 'pass overwrite: true or choose another outputFile' });
}
