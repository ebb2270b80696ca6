/**
 * A counting semaphore: at most `limit` holders at once, the others wait in order. Steps of a
 * pipeline take a slot of their run and one of the process (the global limit) while they work.
 */
export class Semaphore {
  readonly limit: number;
  #held = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(limit: number) {
    this.limit = Math.max(1, Math.floor(limit));
  }

  get held(): number {
    return this.#held;
  }

  /** Waits for a slot; the returned function gives it back (once). Rejects if the signal aborts first. */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted === true) throw signal.reason;
    if (this.#held < this.limit) {
      this.#held += 1;
      return this.#releaser();
    }
    await new Promise<void>((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        const index = this.#waiting.indexOf(grant);
        if (index !== -1) this.#waiting.splice(index, 1);
        reject(signal?.reason);
      };
      this.#waiting.push(grant);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    return this.#releaser();
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiting.shift();
      // The slot passes straight to the next waiter, so `held` stays the same.
      if (next !== undefined) next();
      else this.#held -= 1;
    };
  }
}

/** Takes slots of several semaphores in order; the returned function releases them all. */
export async function acquireAll(semaphores: readonly Semaphore[], signal?: AbortSignal): Promise<() => void> {
  const releases: Array<() => void> = [];
  try {
    for (const semaphore of semaphores) releases.push(await semaphore.acquire(signal));
  } catch (error) {
    for (const release of releases.reverse()) release();
    throw error;
  }
  return () => {
    for (const release of releases.reverse()) release();
  };
}

/** The process-wide limit on pipeline steps working at once, across all runs of this process. */
export const defaultGlobalSteps = new Semaphore(16);
