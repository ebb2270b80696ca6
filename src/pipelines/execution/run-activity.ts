import { Notifier } from './notifier.ts';

/**
 * The threads of work of a run that are not waiting for people (a step, a foreach item, a poll of
 * the waits), and a notifier for any change. While any is busy the run cannot be let go.
 */
export class RunActivity {
  #busy = 0;
  /** Wakes the run's loop: a step ended, a wait changed, the run was cancelled. */
  readonly changed = new Notifier();

  get idle(): boolean {
    return this.#busy === 0;
  }

  enter(): void {
    this.#busy += 1;
  }

  leave(): void {
    this.#busy -= 1;
  }
}
