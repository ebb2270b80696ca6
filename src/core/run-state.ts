import type { SerializedError } from './errors.ts';
import type { EventPayloads, RunEvent } from './events.ts';
import type { RunStatus } from './run.ts';
import { addUsage, emptyUsage, type Usage } from './usage.ts';

export interface RunWarning {
  code: string;
  message: string;
  seq: number;
  step?: number;
}

/** Everything about a run that is read from its journal. */
export interface RunState {
  status: RunStatus;
  output: unknown;
  error: SerializedError | null;
  warnings: RunWarning[];
  usage: Usage;
  startedAt: string | null;
  endedAt: string | null;
}

export interface RunLiveness {
  /** false when the owner process is known to be dead (same host) or its lease expired. */
  ownerAlive: boolean;
}

/**
 * The run's state as a pure function of its events (and, for a run that has not ended, whether its
 * owner is still alive). The rules that make failure loud live here:
 * - any `error` event means the run cannot be `succeeded`, whatever its `run-end` says;
 * - a started run without `run-end` whose owner died is `interrupted`, never `running` forever.
 */
export function reduceRunEvents(events: readonly RunEvent[], liveness?: RunLiveness): RunState {
  const state: RunState = {
    status: 'queued',
    output: null,
    error: null,
    warnings: [],
    usage: emptyUsage,
    startedAt: null,
    endedAt: null,
  };
  let firstError: SerializedError | null = null;
  let runEnd: EventPayloads['run-end'] | null = null;
  let waiting = false;

  for (const event of events) {
    switch (event.type) {
      case 'run-start':
        state.startedAt = event.at;
        break;
      case 'model-result':
        state.usage = addUsage(state.usage, event.payload.usage);
        break;
      case 'warning':
        state.warnings.push({
          code: event.payload.code,
          message: event.payload.message,
          seq: event.seq,
          ...(event.payload.step === undefined ? {} : { step: event.payload.step }),
        });
        break;
      case 'error':
        firstError ??= event.payload.error;
        break;
      case 'run-end':
        runEnd = event.payload;
        state.endedAt = event.at;
        break;
      default:
        break;
    }
    waiting = event.type === 'run-wait';
  }

  if (state.startedAt === null) return state;
  if (runEnd !== null) {
    state.output = runEnd.output;
    state.error = runEnd.error ?? firstError;
    state.status = endStatus(runEnd.status, state.error);
    return state;
  }
  state.error = firstError;
  if (liveness !== undefined && !liveness.ownerAlive) state.status = 'interrupted';
  else state.status = waiting ? 'waiting' : 'running';
  return state;
}

function endStatus(declared: EventPayloads['run-end']['status'], error: SerializedError | null): RunStatus {
  if (error === null) return declared;
  return error.code === 'cancelled' ? 'cancelled' : 'failed';
}
