import { NovaError, toNovaError } from '../../core/errors.ts';
import { emptyUsage } from '../../core/usage.ts';
import { evaluateTemplate, type ExpressionScope } from '../expression.ts';
import type { StepDefinition } from '../pipeline-definition.ts';
import { leafSteps } from '../pipeline-plan.ts';
import { ApprovalWaits } from './approval-waits.ts';
import { DagSchedule } from './dag-schedule.ts';
import type { ExecutionContext } from './execution-context.ts';
import { runForeach } from './foreach-fan-out.ts';
import { RunActivity } from './run-activity.ts';
import { cancelledStepError, runUnit, stepFailure, type StepOutcome } from './step-unit.ts';

/** How an execution of a pipeline run came out. */
export type ExecutionOutcome =
  | { status: 'succeeded'; output: unknown }
  /** The first error is the run's; each failed step has one. */
  | { status: 'failed' | 'cancelled'; errors: NovaError[] }
  /** Only approvals (or nested runs waiting for them) are left: the run was let go, and waits for people. */
  | { status: 'waiting'; waitingFor: string[] };

/**
 * Executes a pipeline run's DAG: each step starts once the steps it needs have ended, independent
 * steps run at once (within the run's and the process's limits), a failed step stops what needs it
 * while independent branches finish. Outcomes recorded by an earlier leg of the run are reused
 * (resume). When nothing is left but waiting for people, the run is let go (`waiting`).
 *
 * The loop here is wiring: which steps are ready is the DagSchedule's, a foreach's items are
 * foreach-fan-out's, waits for people are ApprovalWaits'.
 */
export class PipelineExecution {
  readonly #context: ExecutionContext;
  readonly #schedule: DagSchedule;
  readonly #activity = new RunActivity();
  readonly #waits: ApprovalWaits;
  /** The steps in flight, so that a run stopped by a failed journal returns only once they have stopped. */
  readonly #inFlight = new Set<Promise<void>>();
  readonly #park: boolean;

  constructor(context: ExecutionContext, options: { park?: boolean } = {}) {
    this.#context = context;
    this.#park = options.park ?? true;
    this.#schedule = new DagSchedule(context.pipeline, context.journal);
    this.#waits = new ApprovalWaits(context, this.#activity);
  }

  async run(): Promise<ExecutionOutcome> {
    const { signal, journal } = this.#context;
    const changed = this.#activity.changed;
    const onAbort = () => changed.notify();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      for (;;) {
        this.#launchReady();
        if (this.#inFlight.size === 0) break;
        if (this.#waits.pending && this.#activity.idle && this.#park && !signal.aborted) {
          const waitingFor = await this.#waits.park();
          if (waitingFor !== undefined) return { status: 'waiting', waitingFor };
          continue;
        }
        const timedOut = await changed.wait(this.#waits.pending ? this.#context.internals.pollMs : undefined);
        if (journal.failure !== undefined) {
          // The run's signal has aborted every step (the journal's failure does that): let them stop.
          await Promise.allSettled([...this.#inFlight]);
          throw journal.failure;
        }
        if (timedOut && this.#waits.pending) await this.#waits.poll();
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
    if (journal.failure !== undefined) throw journal.failure;
    return this.#finish();
  }

  #launchReady(): void {
    this.#schedule.launchReady(
      () => this.#context.signal.aborted,
      (step, skippedNeed) => {
        this.#activity.enter();
        const work = this.#runStep(step, skippedNeed).finally(() => {
          this.#activity.leave();
          this.#inFlight.delete(work);
          this.#activity.changed.notify();
        });
        this.#inFlight.add(work);
      },
    );
  }

  /** One step, start to end; never rejects (a failure is the step's outcome, a journal failure stops the run). */
  async #runStep(step: StepDefinition, skippedNeed: string | undefined): Promise<void> {
    let outcome: StepOutcome;
    try {
      outcome = await this.#stepOutcome(step, skippedNeed);
    } catch (caught) {
      if (this.#context.journal.failure !== undefined) return;
      const error = this.#context.cancelled() ? cancelledStepError(step.id, caught) : toNovaError(caught);
      outcome = { status: 'failed', error, usage: emptyUsage };
      try {
        await this.#context.journal.append({ type: 'step-end', payload: { stepId: step.id, path: step.id, attempt: this.#context.memo.nextAttempt(step.id), status: 'failed', error: error.toJSON(), durationMs: 0 } });
      } catch {
        // The journal itself failed: its failure (kept by the journal) stops the run below.
        return;
      }
    }
    this.#schedule.settle(step, outcome);
  }

  /** A step's outcome: reused from an earlier leg, skipped (its need was, or its `when` is false), or run. */
  async #stepOutcome(step: StepDefinition, skippedNeed: string | undefined): Promise<StepOutcome> {
    const { memo, journal } = this.#context;
    const finished = memo.finished(step.id);
    if (finished !== undefined && step.foreach !== undefined) {
      // A whole foreach that ended: its items are not looked at again.
      this.#context.onProgress({ type: 'step-reuse', runId: this.#context.runId, stepId: step.id, path: step.id, status: finished.status === 'skipped' ? 'skipped' : 'succeeded' });
      if (finished.status === 'skipped') return { status: 'skipped', output: null, reason: finished.reason ?? 'skipped' };
      if (finished.status === 'failed') return { status: 'failed', error: NovaError.fromJSON(finished.error!), usage: emptyUsage, reused: true };
      return { status: 'succeeded', output: finished.output ?? null, usage: emptyUsage };
    }
    if (finished?.status === 'skipped') return { status: 'skipped', output: null, reason: finished.reason ?? 'skipped' };
    const scope = this.#scope();
    let reason: string | undefined;
    if (skippedNeed !== undefined && step.when === undefined) reason = `it needs ${skippedNeed}, which was skipped`;
    else if (step.when !== undefined && finished === undefined) {
      const value = await evaluateTemplate(step.when, scope);
      if (typeof value !== 'boolean') {
        throw new NovaError({
          code: 'step_failed',
          fault: 'user',
          message: `The when of step ${step.id} gave ${value === undefined ? 'no value' : JSON.stringify(value)}, not true or false`,
          hint: 'Make the condition a comparison or use $boolean(...)/$exists(...); a misspelt name gives no value.',
        });
      }
      if (!value) reason = 'its when is false';
    }
    if (reason !== undefined) {
      await journal.append({ type: 'step-end', payload: { stepId: step.id, path: step.id, attempt: memo.nextAttempt(step.id), status: 'skipped', reason, durationMs: 0 } });
      return { status: 'skipped', output: null, reason };
    }
    if (step.foreach !== undefined) return runForeach({ context: this.#context, activity: this.#activity, waits: this.#waits.control }, step, scope);
    return runUnit(this.#context, { step, path: step.id, index: undefined, scope }, this.#waits.control);
  }

  #scope(): ExpressionScope {
    return { inputs: this.#context.inputs, steps: this.#schedule.views(), env: this.#context.env };
  }

  async #finish(): Promise<ExecutionOutcome> {
    const { pipeline } = this.#context;
    const failures = this.#schedule.failures;
    if (failures.length > 0) {
      const cancelled = this.#context.cancelled() || failures.every((failure) => failure.error.code === 'cancelled');
      const errors = failures.map((failure) => {
        const notRun = this.#schedule.notRunDownstream(failure.stepId);
        return failure.error.code === 'cancelled' ? failure.error : stepFailure(failure.path, failure.error, notRun, failure.alsoFailed);
      });
      return { status: cancelled ? 'cancelled' : 'failed', errors };
    }
    if (this.#context.cancelled()) {
      return { status: 'cancelled', errors: [new NovaError({ code: 'cancelled', fault: 'user', message: `Pipeline run ${this.#context.runId} was cancelled`, hint: '`nova runs resume` continues it.' })] };
    }
    try {
      const output =
        pipeline.outputs === undefined
          ? Object.fromEntries(leafSteps(pipeline).map((step) => [step.id, this.#schedule.outputOf(step.id) ?? null]))
          : ((await evaluateTemplate(pipeline.outputs, this.#scope())) ?? null);
      return { status: 'succeeded', output };
    } catch (error) {
      return { status: 'failed', errors: [toNovaError(error)] };
    }
  }
}
