import type { SerializedError } from '../core/errors.ts';
import type { PipelineStepEnd, PipelineStepKind, PipelineStepStart, RunEvent } from '../core/events.ts';

/** Where one step path of a pipeline run stands, read from its journal. */
export interface StepSummary {
  path: string;
  stepId: string;
  index: number | null;
  kind: PipelineStepKind | null;
  /** `running`: started and not ended (in flight, or cut off by a crash); `waiting`: an approve step that waits. */
  status: 'succeeded' | 'failed' | 'skipped' | 'running' | 'waiting';
  /** The highest attempt that started. */
  attempts: number;
  /** Of all attempts together. */
  durationMs: number;
  agentId: string | null;
  childRunId: string | null;
  input: unknown;
  error: SerializedError | null;
  /** Why it was skipped, or that its failure was allowed (continueOnError). */
  note: string | null;
  /** The seq of its last event, for ordering. */
  lastSeq: number;
}

/** Every step path of a pipeline run, in the order they first appeared in the journal. */
export function summarizeSteps(events: readonly RunEvent[]): StepSummary[] {
  const byPath = new Map<string, StepSummary>();
  for (const event of events) {
    if ((event.type !== 'step-start' && event.type !== 'step-end') || !('stepId' in event.payload)) continue;
    const payload = event.payload;
    const summary = byPath.get(payload.path) ?? {
      path: payload.path,
      stepId: payload.stepId,
      index: payload.index ?? null,
      kind: null,
      status: 'running' as const,
      attempts: 0,
      durationMs: 0,
      agentId: null,
      childRunId: null,
      input: null,
      error: null,
      note: null,
      lastSeq: event.seq,
    };
    summary.lastSeq = event.seq;
    if (event.type === 'step-start') {
      const start = payload as PipelineStepStart;
      summary.kind = start.kind;
      summary.attempts = Math.max(summary.attempts, start.attempt);
      summary.status = start.kind === 'approve' ? 'waiting' : 'running';
      summary.agentId = start.agentId ?? summary.agentId;
      summary.childRunId = start.childRunId ?? summary.childRunId;
      if (start.input !== undefined) summary.input = start.input;
    } else {
      const end = payload as PipelineStepEnd;
      summary.durationMs += end.durationMs;
      summary.childRunId = end.childRunId ?? summary.childRunId;
      summary.attempts = Math.max(summary.attempts, end.attempt);
      if (end.retryInMs === undefined) {
        summary.status = end.status;
        summary.error = end.error ?? null;
        summary.note = end.status === 'skipped' ? (end.reason ?? null) : end.continued === true ? 'failed, allowed by continueOnError' : end.recovered === true ? 'output recovered from its finished child run' : null;
      } else {
        summary.error = end.error ?? null;
      }
    }
    byPath.set(payload.path, summary);
  }
  return [...byPath.values()];
}
