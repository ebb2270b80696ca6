import type { SerializedError } from './errors.ts';
import type { HandoffEnvelope } from './handoff-envelope.ts';
import type { RouteDecision } from './route-decision.ts';
import type { RunKind, RunOwner, RunStatus } from './run.ts';
import type { Usage } from './usage.ts';

/**
 * The version of the event payload shapes below; journal rows carry it so old runs stay readable. A new
 * event type or a new optional field keeps the version (rows of older versions simply never hold them;
 * a Nova that predates a type refuses to read it, saying to upgrade); changing the shape of an
 * existing payload bumps it, and readers keep understanding the older shape.
 */
export const eventSchemaVersion = 1;

/** Event types, noun-verb, in the order a run usually meets them. */
export const eventTypes = [
  'run-start',
  'run-resume',
  'run-supersede',
  'route-decide',
  'agent-start',
  'pipeline-start',
  'model-call',
  'model-result',
  'tool-call',
  'tool-result',
  'handoff-send',
  'handoff-accept',
  'handoff-reject',
  'delegate-start',
  'delegate-end',
  'step-start',
  'step-end',
  'run-wait',
  'step-approve',
  'step-reject',
  'warning',
  'error',
  'run-end',
] as const;

export type EventType = (typeof eventTypes)[number];

export interface ToolCallRecord {
  toolCallId: string;
  toolName: string;
  input: unknown;
}

/** The handler of a code agent's run, journalled around its work by the runtime. */
export interface HandlerStepPayload {
  handler: string;
}

/** The kinds of pipeline steps. */
export type PipelineStepKind = 'agent' | 'tool' | 'sleep' | 'pipeline' | 'approve';

/** A pipeline step starts an attempt; written before the step acts, so resume knows it was in flight. */
export interface PipelineStepStart {
  /** The step's id in the pipeline file. */
  stepId: string;
  /** The step's path: its id, with the item's index for an item of a `foreach` (`per-invalid[3]`). */
  path: string;
  /** 1 for the first attempt; each retry adds one. */
  attempt: number;
  kind: PipelineStepKind;
  /** Derived from run id, path and attempt; the same when a resumed run runs an in-flight step again. */
  idempotencyKey: string;
  index?: number;
  /** For the whole of a `foreach` step: how many items it has. */
  items?: number;
  /** The run that does the work of an `agent` or `pipeline` step. */
  childRunId?: string;
  agentId?: string;
  toolName?: string;
  pipelineId?: string;
  input?: unknown;
  /** A `sleep` step sleeps until then (resume sleeps only what is left). */
  until?: string;
  /** An `approve` step's question. */
  message?: string;
  /** Written again for an in-flight step by a resumed run. */
  resumed?: boolean;
  /** The child run of the same attempt that a crash cut off; this attempt's child run supersedes it. */
  supersedes?: string;
}

/** A pipeline step's attempt ends. */
export interface PipelineStepEnd {
  stepId: string;
  path: string;
  attempt: number;
  status: 'succeeded' | 'failed' | 'skipped';
  index?: number;
  output?: unknown;
  error?: SerializedError;
  childRunId?: string;
  durationMs: number;
  /** Why a step was skipped (its `when`, or a skipped step it needs). */
  reason?: string;
  /** A failed attempt that will be retried after this many milliseconds. */
  retryInMs?: number;
  /** The failure was allowed (`continueOnError`): a warning, and the steps that need it run. */
  continued?: boolean;
  /** The output was the recorded one of a child run that had finished before a crash. */
  recovered?: boolean;
  /** Tokens (and cost) the attempt's child run used; the pipeline run's usage is their sum. */
  usage?: Usage;
}

/** Someone approved or rejected a waiting `approve` step. */
export interface StepDecisionPayload {
  stepId: string;
  by: string;
  comment?: string;
}

export type FinishReason = 'stop' | 'length' | 'content-filter' | 'tool-calls' | 'error' | 'other';

export interface EventPayloads {
  'run-start': {
    kind: RunKind;
    agentId: string | null;
    input: unknown;
    owner: RunOwner;
    parentRunId: string | null;
  };
  'route-decide': RouteDecision;
  'agent-start': { agentId: string; engine: 'model' | 'code'; model: string | null };
  'model-call': { step: number; model: string; attempt: number; repair: boolean; label?: string };
  'model-result': {
    step: number;
    finishReason: FinishReason;
    rawFinishReason: string | null;
    text: string;
    toolCalls: ToolCallRecord[];
    usage: Usage;
    durationMs: number;
  };
  'tool-call': { step: number } & ToolCallRecord;
  'tool-result': {
    step: number;
    toolCallId: string;
    toolName: string;
    ok: boolean;
    output?: unknown;
    error?: SerializedError;
    durationMs: number;
  };
  'handoff-send': { step: number; envelope: HandoffEnvelope };
  'handoff-accept': { step: number; envelope: HandoffEnvelope; childRunId: string };
  'handoff-reject': { step: number; targetId: string; mode: 'transfer' | 'delegate'; reason: string; error: SerializedError };
  'delegate-start': { step: number; envelope: HandoffEnvelope; childRunId: string };
  'delegate-end': { step: number; childRunId: string; targetId: string; status: string; output?: unknown; error?: SerializedError };
  /** A code agent's handler (`{handler}`), or one step of a pipeline run (`{stepId, attempt, ...}`). */
  'step-start': HandlerStepPayload | PipelineStepStart;
  'step-end': HandlerStepPayload | PipelineStepEnd;
  /** The run waits for someone (an approval); any later event means it runs again. */
  'run-wait': { reason: string; stepId?: string };
  /**
   * A run that ended or was interrupted continues (`nova runs resume`, an approval): it is running
   * again, under a new owner; the failure it ended with, if any, is what the resume is about.
   */
  'run-resume': { owner: RunOwner; resumedFrom: RunStatus; reason: string };
  /**
   * A run that was cut off and never ended is done again by another run (`by`): a resumed pipeline
   * step's new child run. It ends the run as `superseded`; it is written by the resuming process.
   */
  'run-supersede': { by: string; reason: string };
  /** What a pipeline run runs: the pipeline file's text as it was when the run started, so resume runs the same. */
  'pipeline-start': {
    pipelineId: string;
    file: string;
    digest: string;
    source: string;
    /** Paths the user allowed for this run on the command line (`--allow-path`): a resume or an approval allows them again. */
    allowedPaths?: string[];
  };
  'step-approve': StepDecisionPayload;
  'step-reject': StepDecisionPayload;
  /** A failure that was recovered (e.g. a tool error the model worked around): kept and shown. */
  warning: { code: string; message: string; step?: number; details?: Record<string, unknown> };
  /** A failure that was not recovered: a run with one can never end as succeeded. */
  error: { error: SerializedError };
  'run-end': {
    status: 'succeeded' | 'failed' | 'cancelled';
    output: unknown;
    error: SerializedError | null;
    usage: Usage;
  };
}

/** What a writer hands to the journal; the journal assigns `seq` and `at`. */
export type NewEvent = {
  [Type in EventType]: { type: Type; payload: EventPayloads[Type] };
}[EventType];

/** A journal row. */
export type RunEvent = {
  [Type in EventType]: {
    runId: string;
    seq: number;
    type: Type;
    at: string;
    payload: EventPayloads[Type];
    schemaVersion: number;
  };
}[EventType];

export function isEventType(value: string): value is EventType {
  return (eventTypes as readonly string[]).includes(value);
}
