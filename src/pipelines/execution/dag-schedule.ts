import type { NovaError } from '../../core/errors.ts';
import type { StepView } from '../expression.ts';
import type { PipelineDefinition, StepDefinition } from '../pipeline-definition.ts';
import { downstreamOf } from '../pipeline-plan.ts';
import type { PipelineJournal } from './pipeline-journal.ts';
import type { StepOutcome } from './step-unit.ts';

type StepState = 'pending' | 'running' | 'succeeded' | 'failed' | 'continued' | 'skipped' | 'not-run';

/** A failed step that stops what needs it (not one that continueOnError let through). */
export interface StepFailure {
  stepId: string;
  path: string;
  error: NovaError;
  alsoFailed: string[];
}

/**
 * Where each step of a run's DAG stands, and so which can start: a step starts once every step it
 * needs has ended; a step whose need failed (or was not run) is not run; a cancelled run starts
 * nothing more. Keeps what expressions read of each ended step (`steps.<id>`) and the failures that
 * end the run.
 */
export class DagSchedule {
  readonly #pipeline: PipelineDefinition;
  readonly #journal: Pick<PipelineJournal, 'record'>;
  readonly #states = new Map<string, StepState>();
  readonly #views: Record<string, StepView> = {};
  readonly #failures: StepFailure[] = [];

  constructor(pipeline: PipelineDefinition, journal: Pick<PipelineJournal, 'record'>) {
    this.#pipeline = pipeline;
    this.#journal = journal;
    for (const step of pipeline.steps) this.#states.set(step.id, 'pending');
  }

  /**
   * Starts each step that can start now, in file order, marking it running; `skippedNeed` is a
   * need that was skipped (the step is then skipped too unless it has its own `when`). When
   * `stopped`, the steps still pending are marked not run instead.
   */
  launchReady(stopped: () => boolean, launch: (step: StepDefinition, skippedNeed: string | undefined) => void): void {
    for (const step of this.#pipeline.steps) {
      if (this.#states.get(step.id) !== 'pending') continue;
      if (stopped()) {
        this.#states.set(step.id, 'not-run');
        continue;
      }
      const needs = step.needs.map((need) => this.#states.get(need));
      if (needs.some((state) => state === 'pending' || state === 'running')) continue;
      if (needs.some((state) => state === 'failed' || state === 'not-run')) {
        this.#states.set(step.id, 'not-run');
        continue;
      }
      const skippedNeed = step.needs.find((need) => this.#states.get(need) === 'skipped');
      this.#states.set(step.id, 'running');
      launch(step, skippedNeed);
    }
  }

  /** Records how a step ended. A failure continueOnError lets through is a warning on the run (once). */
  settle(step: StepDefinition, outcome: StepOutcome): void {
    if (outcome.status === 'succeeded') {
      this.#states.set(step.id, 'succeeded');
      this.#views[step.id] = { output: outcome.output, status: 'succeeded', error: null };
      return;
    }
    if (outcome.status === 'skipped') {
      this.#states.set(step.id, 'skipped');
      this.#views[step.id] = { output: null, status: 'skipped', error: null };
      return;
    }
    const path = outcome.failedPath ?? step.id;
    this.#views[step.id] = { output: null, status: 'failed', error: outcome.error.toJSON() };
    if (step.continueOnError && outcome.error.code !== 'cancelled') {
      this.#states.set(step.id, 'continued');
      if (outcome.reused !== true) {
        this.#journal.record({
          type: 'warning',
          payload: { code: outcome.error.code, message: `Step ${path} failed and the pipeline goes on (continueOnError): ${outcome.error.message}`, details: { step: path } },
        });
      }
      return;
    }
    this.#states.set(step.id, 'failed');
    this.#failures.push({ stepId: step.id, path, error: outcome.error, alsoFailed: outcome.alsoFailed ?? [] });
  }

  /** What expressions read of the steps that ended so far, as a copy. */
  views(): Record<string, StepView> {
    return { ...this.#views };
  }

  /** The output of a step that ended, or undefined. */
  outputOf(stepId: string): unknown {
    return this.#views[stepId]?.output;
  }

  get failures(): readonly StepFailure[] {
    return this.#failures;
  }

  /** The steps downstream of this one that were not run. */
  notRunDownstream(stepId: string): string[] {
    return downstreamOf(this.#pipeline, stepId).filter((id) => this.#states.get(id) === 'not-run');
  }
}
