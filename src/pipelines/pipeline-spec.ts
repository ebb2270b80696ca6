import { z } from 'zod';
import { agentIdPattern } from '../core/agent-spec.ts';
import { durationHint, parseDuration } from './duration.ts';

/**
 * The pipeline file as written (YAML), checked field by field. What zod cannot know (agents, tools,
 * the DAG, expressions) is checked afterwards by the validation with the same file/line/column issues.
 */

/** Step ids are used in expressions (`steps.check.output`): letters, digits, `-` and `_`. */
export const stepIdPattern = /^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$/;
/** Input names are used in expressions (`inputs.file`), so they are plain identifiers. */
export const inputNamePattern = /^[A-Za-z_][A-Za-z0-9_]*$/;
const environmentNamePattern = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const stepKinds = ['agent', 'tool', 'sleep', 'pipeline', 'approve'] as const;
export type StepKind = (typeof stepKinds)[number];

const duration = z.string().refine((text) => parseDuration(text) !== undefined, { message: `must be ${durationHint}` });
const durationOrNumber = z.union([z.string(), z.number()]).superRefine((value, context) => {
  if (typeof value === 'number') context.addIssue({ code: 'custom', message: `a bare number has no unit: write ${durationHint}` });
});

export const inputTypes = ['string', 'number', 'integer', 'boolean', 'object', 'array'] as const;
export type InputType = (typeof inputTypes)[number];

export const inputDeclarationSchema = z
  .object({
    type: z.enum(inputTypes),
    description: z.string().optional(),
    /** `path`: a file path; `nova pipeline run` makes a relative one absolute (from where it was started). */
    format: z.enum(['path']).optional(),
    default: z.unknown().optional(),
    /** Default: required unless it has a default. */
    required: z.boolean().optional(),
    enum: z.array(z.union([z.string(), z.number(), z.boolean()])).min(1).optional(),
    /** A regular expression a string input must match, e.g. "^\\d{4}-\\d{2}$". */
    pattern: z
      .string()
      .refine((text) => compiles(text), { message: 'must be a valid regular expression' })
      .optional(),
  })
  .strict();

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    // The issue says the pattern is not valid; the exception's text adds nothing the user needs.
    return false;
  }
}

export type InputDeclaration = z.infer<typeof inputDeclarationSchema>;

const retrySchema = z
  .object({
    /** Attempts in all, the first included. */
    attempts: z.number().int().min(1).max(100),
    backoff: z.enum(['fixed', 'exponential']).default('exponential'),
    initial: duration.default('1s'),
    /** The longest wait between attempts (exponential backoff stops growing there). */
    max: duration.optional(),
  })
  .strict();

const approveSchema = z.union([z.string().min(1), z.object({ message: z.string().min(1) }).strict()]);

const knownStepFields = [
  'id',
  'name',
  'description',
  'needs',
  'when',
  'agent',
  'tool',
  'sleep',
  'pipeline',
  'approve',
  'input',
  'foreach',
  'concurrency',
  'retry',
  'timeout',
  'continueOnError',
] as const;

export const stepSchema = z
  .object({
    id: z.string().regex(stepIdPattern, 'must be an id such as "check" or "per-invalid" (lower-case letters, digits, - and _)'),
    name: z.string().min(1).optional(),
    description: z.string().optional(),
    needs: z
      .union([z.string(), z.array(z.string())])
      .transform((value) => (typeof value === 'string' ? [value] : value))
      .default([]),
    when: z.union([z.string(), z.boolean()]).optional(),
    agent: z.string().regex(agentIdPattern, 'must be an agent id such as "invoice-matcher"').optional(),
    tool: z.string().min(1).optional(),
    sleep: durationOrNumber.optional(),
    pipeline: z.string().regex(agentIdPattern, 'must be a pipeline id such as "month-end-close"').optional(),
    approve: approveSchema.optional(),
    input: z.unknown().optional(),
    foreach: z.union([z.string(), z.array(z.unknown())]).optional(),
    concurrency: z.number().int().min(1).max(1000).optional(),
    retry: retrySchema.optional(),
    timeout: duration.optional(),
    continueOnError: z.boolean().default(false),
  })
  .catchall(z.unknown())
  .superRefine((step, context) => {
    const kinds = stepKinds.filter((kind) => step[kind] !== undefined);
    const unknown = Object.keys(step).filter((key) => !(knownStepFields as readonly string[]).includes(key));
    for (const key of unknown) {
      // An unknown field is reported at its key with the closest known field (by the YAML reader); a
      // step with no kind most likely names one Nova does not have.
      if (kinds.length > 0) context.addIssue({ code: 'unrecognized_keys', keys: [key], path: [], input: step });
      else context.addIssue({ code: 'custom', path: [key], params: { at: 'key' }, message: `unknown step kind "${key}": a step is one of ${stepKinds.join(', ')}` });
    }
    if (kinds.length === 0 && unknown.length === 0) {
      context.addIssue({ code: 'custom', path: [], message: `the step has no kind: give one of ${stepKinds.join(', ')}` });
    }
    if (kinds.length > 1) {
      context.addIssue({ code: 'custom', path: [kinds[1]!], message: `a step has one kind, this one has ${kinds.join(' and ')}` });
    }
    if (step.input !== undefined && (step.sleep !== undefined || step.approve !== undefined)) {
      context.addIssue({ code: 'custom', path: ['input'], message: `a ${step.sleep !== undefined ? 'sleep' : 'approve'} step takes no input` });
    }
    if (step.concurrency !== undefined && step.foreach === undefined) {
      context.addIssue({ code: 'custom', path: ['concurrency'], message: 'concurrency is for foreach steps (how many items at once)' });
    }
    if (step.foreach !== undefined && step.approve !== undefined) {
      context.addIssue({ code: 'custom', path: ['foreach'], message: 'an approve step cannot run for each item' });
    }
    // A sleep has its length, and a person may take as long as they take (the run waits on its own).
    for (const kind of ['sleep', 'approve'] as const) {
      if (step[kind] === undefined) continue;
      for (const field of ['retry', 'timeout'] as const) {
        if (step[field] !== undefined) context.addIssue({ code: 'custom', path: [field], message: `a ${kind} step takes no ${field}` });
      }
    }
  });

export type StepSpec = z.infer<typeof stepSchema>;

export const catchUpPolicies = ['none', 'last', 'all'] as const;
export type CatchUpPolicy = (typeof catchUpPolicies)[number];

export const scheduleSpecSchema = z
  .object({
    cron: z.string().min(1),
    /** An IANA time zone such as Europe/London; default UTC. */
    timezone: z.string().min(1).default('UTC'),
    /** Times missed while nothing ran: none (skip them), last (run once for the latest), all (each, up to 100). */
    catchUp: z.enum(catchUpPolicies).default('none'),
    inputs: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

export type ScheduleSpec = z.infer<typeof scheduleSpecSchema>;

export const pipelineSpecSchema = z
  .object({
    id: z.string().regex(agentIdPattern, 'must be a kebab-case id such as "month-end-close"'),
    name: z.string().min(1).optional(),
    description: z.string().min(10, 'must say in a sentence what the pipeline does (10 characters or more)'),
    inputs: z.record(z.string().regex(inputNamePattern, 'input names are identifiers (letters, digits, _)'), inputDeclarationSchema).default({}),
    /** Environment variables expressions may read as `env.NAME`; no others are visible. */
    env: z.array(z.string().regex(environmentNamePattern, 'must be an environment variable name')).default([]),
    /** Steps of this pipeline that work at once (agent and tool steps, foreach items). */
    concurrency: z.number().int().min(1).max(256).default(4),
    steps: z.array(stepSchema).min(1, 'a pipeline needs at least one step'),
    /** The pipeline's output; default: the outputs of the steps nothing else needs, by step id. */
    outputs: z.unknown().optional(),
    schedule: scheduleSpecSchema.optional(),
  })
  .strict();

export type PipelineSpec = z.infer<typeof pipelineSpecSchema>;
