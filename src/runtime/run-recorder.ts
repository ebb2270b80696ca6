import type { Clock } from '../core/clock.ts';
import type { NovaError } from '../core/errors.ts';
import type { NewEvent, RunEvent } from '../core/events.ts';
import type { Store } from '../store/store.ts';
import { toStoreError } from '../store/store-error.ts';

/**
 * Writes one run's journal. Every fact about a run goes through here before the run acts on it, so a
 * crash at any point leaves a journal that says how far the run got. While the run is live it renews
 * its lease, which is how other machines tell a live run from a dead one.
 */
export class RunRecorder {
  readonly runId: string;
  readonly #store: Store;
  readonly #clock: Clock;
  #leaseTimer: NodeJS.Timeout | undefined;
  #leaseError: NovaError | undefined;

  constructor(store: Store, runId: string, clock: Clock) {
    this.#store = store;
    this.runId = runId;
    this.#clock = clock;
  }

  async append(event: NewEvent): Promise<RunEvent> {
    // A lease that could not be renewed means other machines may already think this run is dead.
    if (this.#leaseError !== undefined) throw this.#leaseError;
    return this.#store.journal.append(this.runId, event, { at: this.#clock.now() });
  }

  async warn(code: string, message: string, options: { step?: number; details?: Record<string, unknown> } = {}): Promise<void> {
    await this.append({ type: 'warning', payload: { code, message, ...options } });
  }

  async startLease(leaseMs: number): Promise<void> {
    await this.#renew(leaseMs);
    this.#leaseTimer = setInterval(() => {
      this.#renew(leaseMs).catch((error: unknown) => {
        this.#leaseError = toStoreError(error, `renewing the lease of run ${this.runId}`, this.#store.location);
      });
    }, Math.max(50, Math.floor(leaseMs / 3)));
    this.#leaseTimer.unref();
  }

  stopLease(): void {
    if (this.#leaseTimer !== undefined) clearInterval(this.#leaseTimer);
    this.#leaseTimer = undefined;
  }

  async #renew(leaseMs: number): Promise<void> {
    await this.#store.runs.renewLease(this.runId, new Date(this.#clock.now().getTime() + leaseMs));
  }
}
