/**
 * The signal a run's work listens to: it aborts when the caller cancels or when the run's time limit
 * passes, and says which. (One controller and one timer per run: cheaper than AbortSignal.timeout
 * plus AbortSignal.any, which matters at the scale of a turn.)
 */
export class RunDeadline {
  readonly #controller = new AbortController();
  readonly #timer: NodeJS.Timeout;
  readonly #caller: AbortSignal;
  readonly #onCallerAbort: () => void;
  #expired = false;

  constructor(timeoutMs: number, caller: AbortSignal) {
    this.#caller = caller;
    this.#onCallerAbort = () => this.#controller.abort(caller.reason);
    if (caller.aborted) this.#onCallerAbort();
    else caller.addEventListener('abort', this.#onCallerAbort, { once: true });
    this.#timer = setTimeout(() => {
      this.#expired = true;
      this.#controller.abort(new DOMException(`The run's time limit of ${timeoutMs} ms passed`, 'TimeoutError'));
    }, timeoutMs);
    this.#timer.unref();
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** True when the time limit, not the caller, ended the run. */
  get expired(): boolean {
    return this.#expired && !this.#caller.aborted;
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.#caller.removeEventListener('abort', this.#onCallerAbort);
  }
}
