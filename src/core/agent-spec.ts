import { z } from 'zod';
import { agentIdPattern } from './agent-id.ts';
import { historyModeSchema } from './handoff-envelope.ts';
import type { ConversationTurn } from './conversation.ts';
import type { SerializedError } from './errors.ts';
import type { FileAccess } from './file-access.ts';
import type { Schema, ValidationIssue } from './schema.ts';

export { agentIdPattern } from './agent-id.ts';

const agentId = z
  .string()
  .regex(agentIdPattern, 'must be a kebab-case id such as "invoice-matcher" (lower-case letters, digits, dashes)');

const jsonSchemaObject = z.record(z.string(), z.unknown());

export const agentLimitsSchema = z
  .object({
    /** Model turns (each model call is one step); a code agent counts its handler as one. */
    maxSteps: z.number().int().min(1).max(10_000).default(10),
    timeoutMs: z.number().int().min(100).max(24 * 60 * 60 * 1000).default(120_000),
    /** Input plus output tokens over the whole run. */
    maxTokens: z.number().int().min(1).optional(),
    maxCostUsd: z.number().positive().optional(),
  })
  .strict();

export type AgentLimits = z.infer<typeof agentLimitsSchema>;

/**
 * The agent spec as written in an agent file's front matter (JSON Schema for input and output). A
 * `model` agent has instructions; a `code` agent names a handler instead.
 */
export const agentSpecSchema = z
  .object({
    id: agentId,
    name: z.string().min(1),
    category: z.string().regex(agentIdPattern, 'must be a kebab-case category such as "language"'),
    description: z.string().min(10, 'must say in a sentence what the agent does (10 characters or more)'),
    samples: z.array(z.string().min(1)).min(1, 'needs at least one sample request the agent should win'),
    engine: z.enum(['model', 'code']),
    instructions: z.string().optional(),
    handler: z.string().min(1).optional(),
    /** An alias from the config (`default`, `fast`, `smart`) or a `provider:model` string. */
    model: z.string().min(1).default('default'),
    tools: z.array(z.string().min(1)).default([]),
    handoffs: z.array(agentId).default([]),
    delegates: z.array(agentId).default([]),
    /** How much of the sender's conversation this agent receives when handed work, unless the sender says. */
    history: historyModeSchema.default('none'),
    input: jsonSchemaObject.optional(),
    output: jsonSchemaObject.optional(),
    limits: agentLimitsSchema.default(agentLimitsSchema.parse({})),
  })
  .strict()
  .superRefine((spec, context) => {
    if (spec.engine === 'model' && (spec.instructions ?? '').trim() === '') {
      context.addIssue({ code: 'custom', path: ['instructions'], message: 'a model agent needs instructions' });
    }
    if (spec.engine === 'code' && spec.handler === undefined) {
      context.addIssue({ code: 'custom', path: ['handler'], message: 'a code agent needs a handler' });
    }
  });

export type AgentSpecInput = z.input<typeof agentSpecSchema>;
export type AgentSpec = z.infer<typeof agentSpecSchema>;

/** One request to the agent's model, as a handler makes it (the default model engine makes one). */
export interface GenerateRequest {
  /** The user message. */
  prompt: string;
  /** The system message; default: the agent's instructions. */
  system?: string;
  /** Earlier turns of the conversation, oldest first, sent before the prompt. */
  conversation?: readonly ConversationTurn[];
  /** The answer must be JSON valid against this schema; one repair turn, then `model_output_invalid`. */
  output?: Schema;
  /** Checks beyond the schema (labels from a given set, quotes that must occur in the text); any issue triggers the same repair turn. */
  check?: (value: unknown) => ValidationIssue[];
  /** Shown with each model call of this request in the journal, e.g. "chunk 3 of 12". */
  label?: string;
  /** Offer the agent's tools to the model; default true. */
  tools?: boolean;
}

export interface GenerateResult {
  /** The validated JSON value when an output schema was given, else the answer's text. */
  output: unknown;
  text: string;
}

/** Another agent, as handlers that suggest or plan with agents see it. */
export interface AgentSummary {
  id: string;
  name: string;
  category: string;
  description: string;
}

/** What a handler gets besides its input. Every call it makes through here is journalled. */
export interface AgentContext {
  runId: string;
  agentId: string;
  /**
   * Stable for this piece of work: the run id, or the pipeline step's key, which stays the same when a
   * resumed pipeline runs the step again. Pass it to side effects so that they happen once.
   */
  idempotencyKey: string;
  signal: AbortSignal;
  /** The agents this Nova has (empty when the caller did not give them). */
  agents: readonly AgentSummary[];
  /**
   * Which files this run may open. Paths in the input are already checked (and made real) before the
   * run starts; a handler resolves through here any path it finds itself, e.g. in the request's words.
   */
  files: FileAccess;
  /** Asks the agent's model; throws `model_not_configured` for an agent without one. */
  generate(request: GenerateRequest): Promise<GenerateResult>;
  /** Records a recovered problem on the run; it is shown with the result. */
  warn(code: string, message: string): Promise<void>;
  /**
   * Delegates a sub-task to another agent (one on this agent's `delegates` list) and waits for its
   * result: a typed success or failure, never a thrown failure of the delegate. A delegate whose output
   * does not pass `expect` is a failure too.
   */
  delegate(agentId: string, request: DelegateRequest, options?: { expect?: Schema }): Promise<DelegateResult>;
}

export interface DelegateRequest {
  task: string;
  facts?: Record<string, unknown>;
  artifacts?: Array<{ id: string; kind: string; title?: string }>;
  history?: string;
  constraints?: string[];
}

export type DelegateResult = { ok: true; runId: string; output: unknown } | { ok: false; runId: string | null; error: SerializedError };

/**
 * A handler: the whole work of a `code` agent, or the orchestration of a `model` agent that needs more
 * than one plain request (chunked summaries, answers checked against their input).
 */
export type AgentHandler = (input: unknown, context: AgentContext) => Promise<unknown>;

/** An agent ready to run: its spec, where it came from, and its compiled schemas. */
export interface AgentDefinition {
  spec: AgentSpec;
  /** The file it was loaded from, or `builtin:<id>`. */
  source: string;
  inputSchema: Schema | undefined;
  outputSchema: Schema | undefined;
  handler: AgentHandler | undefined;
}
