import { createHash } from 'node:crypto';
import { basename, extname } from 'node:path';
import { byFileThenLine, parseYamlWithSchema } from '../core/yaml-document.ts';
import { compileTemplate, hasExpression, type CompileContext, type Template } from './expression.ts';
import { durationHint, parseDuration } from './duration.ts';
import type { PipelineDefinition, PipelineIssue, PipelineLoadResult, PipelineOrigin, RetryPolicy, StepCommon, StepDefinition } from './pipeline-definition.ts';
import { readRefusedPipeline } from './pipeline-partial.ts';
import { checkPipelineStructure } from './pipeline-structure.ts';
import { pipelineSpecSchema, stepKinds, type PipelineSpec, type StepSpec } from './pipeline-spec.ts';
import { SourcePositions, type FieldPath } from './source-positions.ts';

export interface LoadPipelineTextOptions {
  file: string;
  text: string;
  origin: PipelineOrigin;
}

/**
 * Loads a pipeline file on its own: YAML and fields, expressions (each must parse), and everything
 * that needs no other file: step ids, `needs`, cycles, which names expressions read and whether the
 * steps they read are upstream, inputs, the schedule. Agents, tools and nested pipelines are checked
 * against the registries by `checkPipelineReferences`.
 */
export function loadPipelineText(options: LoadPipelineTextOptions): PipelineLoadResult {
  const { file, text } = options;
  const writtenId = /^id:\s*["']?([a-z0-9-]+)["']?\s*$/m.exec(text)?.[1] ?? null;
  const parsed = parseYamlWithSchema({ text, file, schema: pipelineSpecSchema });
  if (!parsed.ok && parsed.data === undefined) return { ok: false, pipelineId: writtenId, issues: byFileThenLine(parsed.issues.map((issue) => ({ ...issue, severity: 'error' as const, pipelineId: writtenId }))) };
  // A file the schema refuses is checked on as far as it can be read, so every problem shows at once.
  const readable = parsed.ok ? { spec: parsed.value, steps: parsed.value.steps.map((step, index) => ({ step, index })) } : readRefusedPipeline(parsed.data, writtenId ?? fileStem(file));
  const spec = readable.spec;
  const pipelineId = parsed.ok ? spec.id : writtenId;
  const positions = new SourcePositions(file, text);
  const context: CompileContext = { positions, issues: [] };
  const compiled = readable.steps.map(({ step, index }) => compileStep(step, index, context));
  const steps = compiled.map(({ step }) => step);
  const strayTemplates = new Map(compiled.map(({ step, strayTemplates }) => [step, strayTemplates]));
  const outputs = spec.outputs === undefined ? undefined : compileTemplate(spec.outputs, ['outputs'], context);
  const pipeline: PipelineDefinition = {
    id: spec.id,
    name: spec.name ?? spec.id,
    description: spec.description,
    file,
    source: text,
    digest: createHash('sha256').update(text).digest('hex'),
    origin: options.origin,
    inputs: spec.inputs,
    env: spec.env,
    concurrency: spec.concurrency,
    steps,
    outputs,
    schedule: spec.schedule,
  };
  const issues: PipelineIssue[] = parsed.ok ? [] : parsed.issues.map((issue) => ({ ...issue, severity: 'error' as const, pipelineId }));
  issues.push(...context.issues.map((issue) => ({ ...issue, severity: 'error' as const, pipelineId })));
  issues.push(...checkPipelineStructure(pipeline, positions, strayTemplates).map((issue) => ({ ...issue, pipelineId })));
  const idProblem = issues.some((issue) => issue.path === 'id') ? undefined : fileNameProblem(spec.id, file);
  if (idProblem !== undefined) issues.push({ ...positions.issue(['id'], idProblem), severity: 'error', pipelineId });
  if (issues.some((issue) => issue.severity === 'error')) return { ok: false, pipelineId, issues: byFileThenLine(issues), readable: pipeline };
  return { ok: true, pipeline, issues: byFileThenLine(issues) };
}

/**
 * A pipeline is found by its file's name (`$NOVA_HOME/pipelines/<id>.yaml`, `nova pipeline validate
 * <id>`, a user's file overriding a shipped one), so a file named otherwise than its id is refused.
 */
function fileNameProblem(id: string, file: string): string | undefined {
  const stem = fileStem(file);
  if (stem === id) return undefined;
  return `the id "${id}" differs from the file name ${basename(file)}: a pipeline file is named after its id; rename the file to ${id}${extname(file)}, or change the id to "${stem}"`;
}

function fileStem(file: string): string {
  return basename(file, extname(file));
}

interface CompiledStep {
  step: StepDefinition;
  /**
   * Templates written in fields the step's kind does not have (a sleep step's `input`, a second
   * kind): only a refused file has them. They are still checked, so every problem shows at once.
   */
  strayTemplates: Template[];
}

function compileStep(step: StepSpec, index: number, context: CompileContext): CompiledStep {
  const path: FieldPath = ['steps', index];
  // Only a step of a refused file (read field by field) can lack a kind; it is checked as far as it goes.
  const kind = stepKinds.find((candidate) => step[candidate] !== undefined) ?? 'sleep';
  const when = step.when === undefined ? undefined : compileWholeExpression(step.when, [...path, 'when'], context, 'when');
  const foreach = step.foreach === undefined ? undefined : compileWholeExpression(step.foreach, [...path, 'foreach'], context, 'foreach');
  const input = step.input === undefined ? undefined : compileTemplate(step.input, [...path, 'input'], context);
  const duration = step.sleep === undefined ? undefined : compileSleep(step.sleep, [...path, 'sleep'], context);
  const question = step.approve === undefined ? undefined : compileApprove(step.approve, [...path, 'approve'], context);
  const common: StepCommon = {
    id: step.id,
    name: step.name,
    needs: step.needs,
    when,
    foreach,
    concurrency: step.concurrency,
    retry: retryPolicy(step),
    timeoutMs: step.timeout === undefined ? undefined : parseDuration(step.timeout),
    continueOnError: step.continueOnError,
    location: context.positions.locate([...path, 'id']),
    kindLocation: context.positions.locate([...path, kind]),
  };
  const written = (...templates: (Template | undefined)[]) => templates.filter((template) => template !== undefined);
  const stepInput = input ?? { kind: 'literal', value: {} };
  // The kind is the first kind field present, so the field it names is there.
  switch (kind) {
    case 'agent':
      return { step: { ...common, kind, agentId: step.agent!, input: stepInput }, strayTemplates: written(duration, question) };
    case 'tool':
      return { step: { ...common, kind, toolName: step.tool!, input: stepInput }, strayTemplates: written(duration, question) };
    case 'pipeline':
      return { step: { ...common, kind, pipelineId: step.pipeline!, input: stepInput }, strayTemplates: written(duration, question) };
    case 'sleep':
      // A kindless step of a refused file reads as a sleep of nothing; it is never run.
      return { step: { ...common, kind, duration: duration ?? { kind: 'literal', value: 0 } }, strayTemplates: written(input, question) };
    case 'approve':
      return { step: { ...common, kind, question: question! }, strayTemplates: written(input, duration) };
    default: {
      const unreachable: never = kind;
      return unreachable;
    }
  }
}

function retryPolicy(step: StepSpec): RetryPolicy {
  if (step.retry === undefined) return { attempts: 1, backoff: 'fixed', initialMs: 0, maxMs: undefined };
  return {
    attempts: step.retry.attempts,
    backoff: step.retry.backoff,
    initialMs: parseDuration(step.retry.initial) ?? 1000,
    maxMs: step.retry.max === undefined ? undefined : parseDuration(step.retry.max),
  };
}

/** `when` and `foreach` are one expression (or a literal: true/false, a list of items). */
function compileWholeExpression(value: unknown, path: FieldPath, context: CompileContext, field: 'when' | 'foreach'): Template {
  const template = compileTemplate(value, path, context);
  if (typeof value === 'string' && template.kind !== 'expression' && !context.issues.some((issue) => issue.path === path.join('.'))) {
    context.issues.push(
      context.positions.issue(
        path,
        field === 'when'
          ? `when must be one expression, e.g. "\${{ steps.check.output.count > 0 }}", or true/false; got text`
          : `foreach must be one expression giving a list, e.g. "\${{ steps.check.output.items }}", or a list; got text`,
      ),
    );
  }
  return template;
}

function compileSleep(value: string | number, path: FieldPath, context: CompileContext): Template {
  if (typeof value === 'string' && hasExpression(value)) return compileTemplate(value, path, context);
  const milliseconds = typeof value === 'string' ? parseDuration(value) : undefined;
  if (milliseconds === undefined) context.issues.push(context.positions.issue(path, `sleep must be ${durationHint}, or an expression giving one`));
  return { kind: 'literal', value: milliseconds ?? 0 };
}

function compileApprove(value: string | { message: string }, path: FieldPath, context: CompileContext): Template {
  return typeof value === 'string' ? compileTemplate(value, path, context) : compileTemplate(value.message, [...path, 'message'], context);
}

export type { PipelineSpec };
