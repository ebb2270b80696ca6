import type { SerializedError } from './errors.ts';
import type { RouteDecision } from './route-decision.ts';
import type { RunKind, RunOwner } from './run.ts';
import type { Usage } from './usage.ts';

/** The version of the event payload shapes below; journal rows carry it so old runs stay readable. */
export const eventSchemaVersion = 1;

/** Event types, noun-verb, in the order a run usually meets them. */
export const eventTypes = [
  'run-start',
  'route-decide',
  'agent-start',
  'model-call',
  'model-result',
  'tool-call',
  'tool-result',
  'handoff-send',
  'handoff-accept',
  'delegate-start',
  'delegate-end',
  'step-start',
  'step-end',
  'run-wait',
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
  'handoff-send': Record<string, unknown>;
  'handoff-accept': Record<string, unknown>;
  'delegate-start': Record<string, unknown>;
  'delegate-end': Record<string, unknown>;
  'step-start': Record<string, unknown>;
  'step-end': Record<string, unknown>;
  'run-wait': { reason: string };
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
