import { formatIssues, type Schema, type ValidationIssue } from '../core/schema.ts';
import { errorMessage } from '../core/error-message.ts';

export type OutputCheck = { ok: true; output: unknown } | { ok: false; issues: ValidationIssue[]; problem: string };

/**
 * Turns a model's final text into a request's output. Without an output schema the output is the
 * text. With one, the text must be JSON (a fenced ```json block is accepted) valid against it, and
 * pass the request's own checks.
 */
export function checkModelOutput(text: string, schema: Schema | undefined, check?: (value: unknown) => ValidationIssue[]): OutputCheck {
  if (schema === undefined) {
    const issues = check?.(text) ?? [];
    return issues.length === 0 ? { ok: true, output: text } : { ok: false, issues, problem: `the answer fails its checks: ${formatIssues(issues)}` };
  }
  let value: unknown;
  try {
    value = JSON.parse(unfence(text));
  } catch (error) {
    const problem = `the answer is not JSON (${errorMessage(error)})`;
    return { ok: false, issues: [{ path: '', rule: 'json', message: problem }], problem };
  }
  const result = schema.validate(value);
  if (!result.ok) return { ok: false, issues: result.issues, problem: `the answer does not match the output schema: ${formatIssues(result.issues)}` };
  const issues = check?.(result.value) ?? [];
  if (issues.length > 0) return { ok: false, issues, problem: `the answer fails its checks: ${formatIssues(issues)}` };
  return { ok: true, output: result.value };
}

/** The one repair message the model gets before an invalid answer becomes a failure. */
export function repairInstruction(check: Extract<OutputCheck, { ok: false }>, schema: Schema | undefined): string {
  if (schema === undefined) return `Your previous answer was rejected: ${check.problem}.\nAnswer again, fixing exactly that.`;
  return [
    `Your previous answer was rejected: ${check.problem}.`,
    'Answer again with only a JSON value that matches this JSON Schema, and nothing else:',
    JSON.stringify(schema.jsonSchema),
  ].join('\n');
}

function unfence(text: string): string {
  const trimmed = text.trim();
  const fenced = /^```(?:json)?\s*\n([\s\S]*?)\n?```$/i.exec(trimmed);
  return fenced === null ? trimmed : fenced[1]!;
}
