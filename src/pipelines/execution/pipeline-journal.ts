import type { NewEvent } from '../../core/events.ts';
import type { RunRecorder } from '../../runtime/run-recorder.ts';

/**
 * The journal writer of a pipeline run: the run's `RunRecorder` (write-ahead, lease), with commits
 * made one at a time. Steps working at once record events concurrently; a commit waits for the one
 * before it and then writes everything recorded meanwhile in one transaction (group commit), so a
 * thousand concurrent steps cost far fewer transactions than events, and `seq` order is the order
 * events were recorded.
 */
export class PipelineJournal {
  readonly runId: string;
  readonly #recorder: RunRecorder;
  readonly #onEvent: ((event: NewEvent) => void) | undefined;
  #chain: Promise<void> = Promise.resolve();
  #failure: unknown;

  readonly #onFailure: ((error: unknown) => void) | undefined;

  constructor(recorder: RunRecorder, options: { onEvent?: (event: NewEvent) => void; onFailure?: (error: unknown) => void } = {}) {
    this.runId = recorder.runId;
    this.#recorder = recorder;
    this.#onEvent = options.onEvent;
    this.#onFailure = options.onFailure;
  }

  get recorder(): RunRecorder {
    return this.#recorder;
  }

  /** The first commit that failed: after it the run cannot be journalled, so it must stop. */
  get failure(): unknown {
    return this.#failure;
  }

  record(event: NewEvent): void {
    this.#recorder.record(event);
    this.#onEvent?.(event);
  }

  /** Writes every event recorded so far; resolves once they are durable. */
  commit(): Promise<void> {
    const next = this.#chain.then(() => this.#recorder.commit());
    // The chain only orders commits; each caller gets its own commit's outcome through `next`.
    this.#chain = next.then(
      () => undefined,
      (error: unknown) => {
        if (this.#failure === undefined) {
          this.#failure = error;
          this.#onFailure?.(error);
        }
      },
    );
    return next;
  }

  async append(event: NewEvent): Promise<void> {
    this.record(event);
    await this.commit();
  }
}
