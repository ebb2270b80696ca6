import type { SerializedError } from '../../core/errors.ts';
import type { EventPayloads, PipelineStepEnd, PipelineStepStart, RunEvent, StepDecisionPayload } from '../../core/events.ts';

/** What the journal of a pipeline run says about one step path (a step, or one item of a foreach). */
export interface StepRecord {
  path: string;
  /** The last attempt that started. */
  start: PipelineStepStart | undefined;
  /** When that start was journalled, and its seq. */
  startedAt: string | undefined;
  startSeq: number;
  /** The last end, if it belongs to the last start (or the step was skipped without starting). */
  end: PipelineStepEnd | undefined;
}

export interface StepDecision {
  approved: boolean;
  by: string;
  comment: string | undefined;
  seq: number;
}

/**
 * A pipeline run's journal folded for resume: per step path, the last attempt and how it ended. A
 * step that ended `succeeded` or `skipped` is memoised: resume uses its recorded output and never runs
 * it again. One that started and did not end was in flight: it runs again (same attempt, same
 * idempotency key), unless its child run had finished, whose recorded output is then used.
 */
export class RunMemo {
  readonly #records = new Map<string, StepRecord>();
  readonly #decisions = new Map<string, StepDecision[]>();
  pipelineStart: EventPayloads['pipeline-start'] | undefined;
  lastSeq = 0;
  lastType: RunEvent['type'] | undefined;

  static fromEvents(events: readonly RunEvent[]): RunMemo {
    const memo = new RunMemo();
    for (const event of events) memo.apply(event);
    return memo;
  }

  /** Folds one more event (also used to pick up approvals while the run waits). */
  apply(event: RunEvent): void {
    // Reads of the journal's tail may overlap: an event already folded is not folded twice.
    if (event.seq <= this.lastSeq) return;
    this.lastSeq = event.seq;
    this.lastType = event.type;
    switch (event.type) {
      case 'pipeline-start':
        this.pipelineStart = event.payload;
        break;
      case 'step-start':
        if ('stepId' in event.payload) this.#records.set(event.payload.path, { path: event.payload.path, start: event.payload, startedAt: event.at, startSeq: event.seq, end: undefined });
        break;
      case 'step-end':
        if ('stepId' in event.payload) {
          const record = this.#records.get(event.payload.path);
          this.#records.set(event.payload.path, { path: event.payload.path, start: record?.start, startedAt: record?.startedAt, startSeq: record?.startSeq ?? 0, end: event.payload });
        }
        break;
      case 'step-approve':
      case 'step-reject':
        this.#recordDecision(event.payload, event.type === 'step-approve', event.seq);
        break;
      default:
        break;
    }
  }

  #recordDecision(payload: StepDecisionPayload, approved: boolean, seq: number): void {
    const list = this.#decisions.get(payload.stepId) ?? [];
    list.push({ approved, by: payload.by, comment: payload.comment, seq });
    this.#decisions.set(payload.stepId, list);
  }

  record(path: string): StepRecord | undefined {
    return this.#records.get(path);
  }

  /**
   * The recorded outcome of a step path that is final: it succeeded, was skipped, or failed with
   * `continueOnError` (a warning, accepted). Its output is reused as it is.
   */
  finished(path: string): PipelineStepEnd | undefined {
    const end = this.#records.get(path)?.end;
    return end !== undefined && (end.status === 'succeeded' || end.status === 'skipped' || end.continued === true) ? end : undefined;
  }

  /** The attempt that started and never ended, if any. */
  inFlight(path: string): { start: PipelineStepStart; startedAt: string } | undefined {
    const record = this.#records.get(path);
    if (record?.start === undefined || record.startedAt === undefined) return undefined;
    if (record.end !== undefined && record.end.attempt >= record.start.attempt) return undefined;
    return { start: record.start, startedAt: record.startedAt };
  }

  /** The attempt number a new attempt of this path gets (after a recorded failure, the next one). */
  nextAttempt(path: string): number {
    const record = this.#records.get(path);
    const last = Math.max(record?.start?.attempt ?? 0, record?.end?.attempt ?? 0);
    return last + 1;
  }

  /** The recorded failure of a path, if its last attempt failed. */
  failure(path: string): SerializedError | undefined {
    const end = this.#records.get(path)?.end;
    return end?.status === 'failed' ? end.error : undefined;
  }

  /**
   * The decision on the wait of an approve step that started at `afterSeq`: the first one journalled
   * after that start (a later one for the same wait is ignored; a resumed run that asks again after a
   * rejection waits for a new decision).
   */
  decision(stepId: string, afterSeq: number): StepDecision | undefined {
    return this.#decisions.get(stepId)?.find((decision) => decision.seq > afterSeq);
  }

  /** Paths that were recorded, for reports. */
  paths(): string[] {
    return [...this.#records.keys()];
  }
}
