/** A flag with waiters: `notify` wakes every `wait`; a notify with no waiter is kept for the next. */
export class Notifier {
  #pending = false;
  #waiters: Array<(timedOut: boolean) => void> = [];

  notify(): void {
    this.#pending = true;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiters) waiter(false);
  }

  /** Resolves true when the timeout passed first. */
  wait(timeoutMs?: number): Promise<boolean> {
    if (this.#pending) {
      this.#pending = false;
      return Promise.resolve(false);
    }
    return new Promise((resolve) => {
      const timer = timeoutMs === undefined ? undefined : setTimeout(() => {
        this.#waiters = this.#waiters.filter((waiter) => waiter !== done);
        resolve(true);
      }, timeoutMs);
      const done = (timedOut: boolean) => {
        if (timer !== undefined) clearTimeout(timer);
        this.#pending = false;
        resolve(timedOut);
      };
      this.#waiters.push(done);
    });
  }
}
