import { writeFile } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import type { AgentHandler } from '../../core/agent-spec.ts';
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
  /** The request in words (a routed request): read for the format ("as HTML") and a title ("titled ...") when not given. */
  request?: string;
}

/**
 * The report-builder: the result comes as `data`, as a JSON `file`, or as JSON `text`; the report is
 * returned as `content` and, with `outputFile`, also written there (its `path` is returned).
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
  await writeReport(input.outputFile, report.content);
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

async function writeReport(path: string, content: string): Promise<void> {
  if (!isAbsolute(path)) {
    throw new NovaError({
      code: 'input_invalid',
      fault: 'user',
      message: `"outputFile" must be an absolute path, got ${path}`,
      hint: 'Give the full path of the report file to write.',
    });
  }
  try {
    await writeFile(path, content, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    const reason = code === 'ENOENT' ? 'its folder does not exist' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : code;
    throw new NovaError({
      code: 'input_invalid',
      fault: 'user',
      message: `Cannot write the report to ${path}: ${reason}`,
      hint: 'Choose a writable path in an existing folder.',
      cause: error,
      details: { outputFile: path, errno: code },
    });
  }
}
