import type { Clock } from '../core/clock.ts';
import { NovaError } from '../core/errors.ts';
import type { NewEvent } from '../core/events.ts';
import { initialProjection, type RunProjection } from '../core/run-state.ts';
import type { JournalPosition, TimedEvent } from '../store/journal.ts';
import type { CreateRunInput } from '../store/run-row.ts';
import type { Store } from '../store/store.ts';
import { toStoreError } from '../store/store-error.ts';

/**
 * Writes one run's journal, ahead of every action: events are recorded as they happen (with their
 * time) and committed in one transaction before the run next acts on the world: before each model
 * call, tool call or handler, and at the end. A crash therefore loses at most the events since the
 * last such action, which describe computation that replays the same way, never an effect.
 *
 * While the run is live it renews its lease, which is how other machines tell a live run from a dead one.
 */
export class RunRecorder {
  readonly runId: string;
  readonly #store: Store;
  readonly #clock: Clock;
  #pending: TimedEvent[] = [];
  #creation: CreateRunInput | undefined;
  #position: JournalPosition = { lastSeq: 0, projection: initialProjection };
  #leaseTimer: NodeJS.Timeout | undefined;
  #leaseError: NovaError | undefined;

  constructor(store: Store, runId: string, clock: Clock) {
    this.#store = store;
    this.runId = runId;
    this.#clock = clock;
  }

  /** The run's state as of the last commit: the fold of its journal. */
  get projection(): RunProjection {
    return this.#position.projection;
  }

  /**
   * Records the run's creation with its first events. Like every event, it is written at the next
   * commit, which comes before the run's first action: the run and its first step are one transaction.
   */
  begin(run: Omit<CreateRunInput, 'id'>, events: readonly NewEvent[]): void {
    this.#creation = { ...run, id: this.runId };
    for (const event of events) this.record(event);
  }

  /** Records an event; it is written at the next commit. */
  record(event: NewEvent): void {
    if (this.#position.projection.endedAt !== null) {
      // Work that outlived its run (a handler that ignored cancellation) must not act as if it still ran.
      throw new NovaError({
        code: 'cancelled',
        fault: 'system',
        message: `Run ${this.runId} has already ended; ${event.type} was not recorded`,
        hint: 'The run was cancelled or timed out while this work went on; its journal ends at run-end.',
        runId: this.runId,
      });
    }
    this.#pending.push({ event, at: this.#clock.now() });
  }

  recordWarning(code: string, message: string, options: { step?: number; details?: Record<string, unknown> } = {}): void {
    this.record({ type: 'warning', payload: { code, message, ...options } });
  }

  /** Writes every recorded event, in order, in one transaction. */
  async commit(): Promise<void> {
    // A lease that could not be renewed means other machines may already think this run is dead.
    if (this.#leaseError !== undefined) throw this.#leaseError;
    if (this.#pending.length === 0) return;
    const pending = this.#pending;
    this.#pending = [];
    try {
      const { lastSeq, projection } =
        this.#creation === undefined
          ? await this.#store.journal.appendMany(this.runId, pending, this.#position)
          : await this.#store.journal.start(this.#creation, pending);
      this.#creation = undefined;
      this.#position = { lastSeq, projection };
    } catch (error) {
      // Nothing was written (one transaction): keep the events for the error path's final commit.
      this.#pending = [...pending, ...this.#pending];
      throw error;
    }
  }

  /** Records and commits at once. */
  async append(event: NewEvent): Promise<void> {
    this.record(event);
    await this.commit();
  }

  startLease(leaseMs: number): void {
    this.#leaseTimer = setInterval(() => {
      this.#store.runs.renewLease(this.runId, new Date(this.#clock.now().getTime() + leaseMs)).catch((error: unknown) => {
        this.#leaseError = toStoreError(error, `renewing the lease of run ${this.runId}`, this.#store.location);
      });
    }, Math.max(50, Math.floor(leaseMs / 3)));
    this.#leaseTimer.unref();
  }

  stopLease(): void {
    if (this.#leaseTimer !== undefined) clearInterval(this.#leaseTimer);
    this.#leaseTimer = undefined;
  }
}
