import type { SerializedError } from './errors.ts';
import type { RunEvent } from './events.ts';
import type { RunStatus } from './run.ts';
import { addUsage, emptyUsage, type Usage } from './usage.ts';

export interface RunWarning {
  code: string;
  message: string;
  seq: number;
  step?: number;
}

/**
 * The part of a run's state that is folded from its journal one event at a time. The store keeps it
 * on the run's row (updated in the same transaction as the events), so it is always exactly the fold
 * of the journal, computed by this one function.
 */
export interface RunProjection {
  /** Never `interrupted`: that also depends on whether the owner lives (see `withLiveness`). */
  status: RunStatus;
  output: unknown;
  error: SerializedError | null;
  usage: Usage;
  warningCount: number;
  startedAt: string | null;
  endedAt: string | null;
  /** The run that does this run's work again (`run-supersede`), when its status is `superseded`. */
  supersededBy: string | null;
}

export const initialProjection: RunProjection = Object.freeze({
  status: 'queued',
  output: null,
  error: null,
  usage: emptyUsage,
  warningCount: 0,
  startedAt: null,
  endedAt: null,
  supersededBy: null,
}) as RunProjection;

/**
 * Applies one event. The rules that make failure loud live here:
 * - any `error` event means the run cannot end `succeeded`, whatever its `run-end` says;
 * - once ended, a run's status no longer changes, except by a `run-resume`;
 * - a `run-resume` (`nova runs resume`) opens a new leg of the run: it is running again, and the
 *   errors and end of the legs before it are history (still in the journal), not its outcome. An
 *   error after the resume fails the run as always;
 * - a `run-supersede` ends a run that never ended as `superseded` (another run does its work); it
 *   changes nothing in a run that had ended.
 */
export function applyRunEvent(projection: RunProjection, event: RunEvent): RunProjection {
  if (event.type === 'run-resume') return { ...projection, status: 'running', output: null, error: null, endedAt: null, supersededBy: null };
  if (projection.endedAt !== null) return projection;
  switch (event.type) {
    case 'run-start':
      return { ...projection, status: 'running', startedAt: event.at };
    case 'run-wait':
      return { ...projection, status: 'waiting' };
    case 'model-result':
      return { ...projection, status: 'running', usage: addUsage(projection.usage, event.payload.usage) };
    case 'step-end':
      // A pipeline's steps run as child runs: the pipeline run uses what they used.
      return 'usage' in event.payload && event.payload.usage !== undefined
        ? { ...projection, status: 'running', usage: addUsage(projection.usage, event.payload.usage) }
        : projection.status === 'waiting' ? { ...projection, status: 'running' } : projection;
    case 'warning':
      return { ...projection, warningCount: projection.warningCount + 1 };
    case 'error':
      return { ...projection, error: projection.error ?? event.payload.error };
    case 'run-supersede':
      return { ...projection, status: 'superseded', supersededBy: event.payload.by, endedAt: event.at };
    case 'run-end': {
      const error = projection.error ?? event.payload.error;
      const declared = event.payload.status;
      const status: RunStatus = error === null ? declared : error.code === 'cancelled' ? 'cancelled' : 'failed';
      return { ...projection, status, error, output: event.payload.output ?? null, endedAt: event.at };
    }
    default:
      return projection.status === 'waiting' ? { ...projection, status: 'running' } : projection;
  }
}

export interface RunLiveness {
  /** false when the owner process is known to be dead (same host) or its lease expired. */
  ownerAlive: boolean;
}

/** A started run that never ended, whose owner died, is `interrupted`, never `running` forever. */
export function withLiveness(status: RunStatus, liveness: RunLiveness | undefined): RunStatus {
  if (liveness === undefined || liveness.ownerAlive) return status;
  return status === 'running' || status === 'waiting' ? 'interrupted' : status;
}

/** Everything about a run that is read from its journal. */
export interface RunState extends RunProjection {
  warnings: RunWarning[];
}

/** The run's state as a pure function of its events (and, for an unfinished run, its owner's liveness). */
export function reduceRunEvents(events: readonly RunEvent[], liveness?: RunLiveness): RunState {
  let projection = initialProjection;
  const warnings: RunWarning[] = [];
  for (const event of events) {
    projection = applyRunEvent(projection, event);
    if (event.type === 'warning') {
      warnings.push({
        code: event.payload.code,
        message: event.payload.message,
        seq: event.seq,
        ...(event.payload.step === undefined ? {} : { step: event.payload.step }),
      });
    }
  }
  return { ...projection, status: withLiveness(projection.status, liveness), warnings };
}
