import type { ExecutionContext } from './execution-context.ts';
import type { RunActivity } from './run-activity.ts';
import { releaseRun } from './run-ownership.ts';
import type { WaitControl } from './step-work.ts';

interface PendingWait {
  poll: () => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  polling: boolean;
}

/**
 * The units of a run that wait for people: approve steps, and nested pipeline steps whose child run
 * waits (or that another process continues). Each wait polls the journal for what others wrote;
 * when nothing but waits is left, the run can be let go (`park`) and resumed once someone decides.
 */
export class ApprovalWaits {
  readonly #context: ExecutionContext;
  readonly #activity: RunActivity;
  readonly #waits = new Map<string, PendingWait>();

  constructor(context: ExecutionContext, activity: RunActivity) {
    this.#context = context;
    this.#activity = activity;
  }

  /** Whether any unit waits. */
  get pending(): boolean {
    return this.#waits.size > 0;
  }

  /** What units wait with: a waiting unit leaves the run's activity until its wait ends. */
  readonly control: WaitControl = {
    waitFor: <Value>(path: string, poll: () => Promise<Value | undefined>): Promise<Value> =>
      new Promise<unknown>((resolve, reject) => {
        const { signal } = this.#context;
        if (signal.aborted) {
          reject(signal.reason);
          return;
        }
        // Cancelled or stopped while waiting for a person: the wait ends (the run can be resumed later).
        const onAbort = () => {
          if (this.#waits.get(path)?.resolve !== settle) return;
          this.#waits.delete(path);
          reject(signal.reason);
        };
        const settle = (value: unknown) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        };
        signal.addEventListener('abort', onAbort, { once: true });
        this.#waits.set(path, { poll, resolve: settle, reject, polling: false });
        this.#activity.leave();
        // Look at once: the decision may already be in the journal (a resumed run).
        void this.poll();
      }).finally(() => {
        this.#activity.enter();
      }) as Promise<Value>,
  };

  /**
   * Reads what others journalled (approvals) and asks each wait whether it is over; true if one is.
   * The run counts as busy meanwhile, so it is never let go while a wait may be ending.
   */
  async poll(): Promise<boolean> {
    this.#activity.enter();
    try {
      try {
        await this.#readJournal();
      } catch (error) {
        for (const wait of this.#waits.values()) wait.reject(error);
        this.#waits.clear();
        return true;
      }
      const polls = [...this.#waits].filter(([, wait]) => !wait.polling).map(async ([path, wait]) => {
        wait.polling = true;
        try {
          const value = await wait.poll();
          if (value === undefined || this.#waits.get(path) !== wait) return false;
          this.#waits.delete(path);
          wait.resolve(value);
          return true;
        } catch (error) {
          this.#waits.delete(path);
          wait.reject(error);
          return true;
        } finally {
          wait.polling = false;
        }
      });
      return (await Promise.all(polls)).some((ended) => ended);
    } finally {
      this.#activity.leave();
      this.#activity.changed.notify();
    }
  }

  /**
   * Lets the run go when only people can move it on: the paths it waits for, or undefined if
   * something came in meanwhile. The last event is then a `run-wait` (so the run reads `waiting`),
   * and the release is a compare-and-set on the journal's last seq: a decision journalled after this
   * executor last read makes it fail, and this executor goes on and sees the decision.
   */
  async park(): Promise<string[] | undefined> {
    const { journal, memo, runtime, runId } = this.#context;
    if (await this.poll()) return undefined;
    if (!this.#activity.idle || this.#waits.size === 0) return undefined;
    const waitingFor = [...this.#waits.keys()];
    if (memo.lastType !== 'run-wait') {
      const before = memo.lastSeq;
      await journal.append({ type: 'run-wait', payload: { reason: `waiting for ${waitingFor.join(', ')} (nova runs approve ${runId} <step>)` } });
      await this.#readJournal();
      // Anything but our own run-wait came in: look at it before letting go.
      if (memo.lastSeq !== before + 1) return undefined;
    }
    if (await releaseRun(runtime.store, runId, memo.lastSeq)) return waitingFor;
    return undefined;
  }

  async #readJournal(): Promise<void> {
    const { journal, memo, runtime, runId } = this.#context;
    await journal.commit();
    for (const event of await runtime.store.journal.read(runId, { afterSeq: memo.lastSeq })) memo.apply(event);
  }
}
