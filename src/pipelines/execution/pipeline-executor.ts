import { NovaError, toNovaError } from '../../core/errors.ts';
import { evaluateTemplate, type ExpressionScope, type StepView } from '../expression.ts';
import type { StepDefinition } from '../pipeline-definition.ts';
import { downstreamOf, leafSteps } from '../pipeline-plan.ts';
import { Semaphore } from './concurrency.ts';
import type { ExecutionContext } from './execution-context.ts';
import { releaseRun } from './run-ownership.ts';
import { foreachItems } from './foreach-items.ts';
import { Notifier } from './notifier.ts';
import { runUnit, stepFailure, type UnitOutcome } from './step-unit.ts';
import type { WaitControl } from './step-work.ts';

/** How an execution of a pipeline run came out. */
export type ExecutionOutcome =
  | { status: 'succeeded'; output: unknown }
  /** The first error is the run's; each failed step has one. */
  | { status: 'failed' | 'cancelled'; errors: NovaError[] }
  /** Only approvals (or nested runs waiting for them) are left: the run was let go, and waits for people. */
  | { status: 'waiting'; waitingFor: string[] };

type StepState = 'pending' | 'running' | 'succeeded' | 'failed' | 'continued' | 'skipped' | 'not-run';

interface PendingWait {
  poll: () => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  polling: boolean;
}

/** A step's outcome; a foreach's failure names its first failing item and the others. */
type StepOutcome = UnitOutcome & { alsoFailed?: string[]; failedPath?: string };

interface StepFailure {
  stepId: string;
  path: string;
  error: NovaError;
  alsoFailed: string[];
}

/**
 * Executes a pipeline run's DAG: each step starts once the steps it needs have ended, independent
 * steps run at once (within the run's and the process's limits), a failed step stops what needs it
 * while independent branches finish. Outcomes recorded by an earlier leg of the run are reused
 * (resume). When nothing is left but waiting for people, the run is let go (`waiting`).
 */
export class PipelineExecution {
  readonly #context: ExecutionContext;
  readonly #states = new Map<string, StepState>();
  readonly #views: Record<string, StepView> = {};
  readonly #failures: StepFailure[] = [];
  readonly #waits = new Map<string, PendingWait>();
  readonly #changed = new Notifier();
  #running = 0;
  /** The steps in flight, so that a run stopped by a failed journal returns only once they have stopped. */
  readonly #inFlight = new Set<Promise<void>>();
  /** Threads of work that are not waiting for people: while any, the run cannot be let go. */
  #busy = 0;
  readonly #park: boolean;

  constructor(context: ExecutionContext, options: { park?: boolean } = {}) {
    this.#context = context;
    this.#park = options.park ?? true;
    for (const step of context.pipeline.steps) this.#states.set(step.id, 'pending');
  }

  async run(): Promise<ExecutionOutcome> {
    const { signal } = this.#context;
    const onAbort = () => this.#changed.notify();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      for (;;) {
        this.#launchReady();
        if (this.#running === 0) break;
        if (this.#waits.size > 0 && this.#busy === 0 && this.#park && !signal.aborted) {
          const parked = await this.#tryPark();
          if (parked !== undefined) return parked;
          continue;
        }
        const timedOut = await this.#changed.wait(this.#waits.size > 0 ? this.#context.internals.pollMs : undefined);
        if (this.#context.journal.failure !== undefined) {
          // The run's signal has aborted every step (the journal's failure does that): let them stop.
          await Promise.allSettled([...this.#inFlight]);
          throw this.#context.journal.failure;
        }
        if (timedOut && this.#waits.size > 0) await this.#pollWaits();
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
    if (this.#context.journal.failure !== undefined) throw this.#context.journal.failure;
    return this.#finish();
  }

  #launchReady(): void {
    for (const step of this.#context.pipeline.steps) {
      if (this.#states.get(step.id) !== 'pending') continue;
      if (this.#context.signal.aborted) {
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
      this.#running += 1;
      this.#busy += 1;
      const work = this.#runStep(step, skippedNeed).finally(() => {
        this.#running -= 1;
        this.#busy -= 1;
        this.#inFlight.delete(work);
        this.#changed.notify();
      });
      this.#inFlight.add(work);
    }
  }

  /** One step, start to end; never rejects (a failure is the step's outcome, a journal failure stops the run). */
  async #runStep(step: StepDefinition, skippedNeed: string | undefined): Promise<void> {
    let outcome: StepOutcome;
    try {
      outcome = await this.#stepOutcome(step, skippedNeed);
    } catch (caught) {
      if (this.#context.journal.failure !== undefined) return;
      const error = this.#context.cancelled()
        ? new NovaError({ code: 'cancelled', fault: 'user', message: `Step ${step.id} was cancelled`, hint: '`nova runs resume` continues the run.', cause: caught })
        : toNovaError(caught);
      outcome = { status: 'failed', error, usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 } };
      try {
        await this.#context.journal.append({ type: 'step-end', payload: { stepId: step.id, path: step.id, attempt: this.#context.memo.nextAttempt(step.id), status: 'failed', error: error.toJSON(), durationMs: 0 } });
      } catch {
        // The journal itself failed: its failure (kept by the journal) stops the run below.
        return;
      }
    }
    this.#settle(step, outcome);
  }

  async #stepOutcome(step: StepDefinition, skippedNeed: string | undefined): Promise<StepOutcome> {
    const { memo, journal } = this.#context;
    const finished = memo.finished(step.id);
    if (finished !== undefined && step.foreach !== undefined) {
      // A whole foreach that ended: its items are not looked at again.
      this.#context.onProgress({ type: 'step-reuse', runId: this.#context.runId, stepId: step.id, path: step.id, status: finished.status === 'skipped' ? 'skipped' : 'succeeded' });
      if (finished.status === 'skipped') return { status: 'skipped', output: null, reason: finished.reason ?? 'skipped' };
      if (finished.status === 'failed') return { status: 'failed', error: NovaError.fromJSON(finished.error!), usage: zeroUsage, reused: true };
      return { status: 'succeeded', output: finished.output ?? null, usage: zeroUsage };
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
    if (step.foreach !== undefined) return this.#runForeach(step, scope);
    return runUnit(this.#context, { step, path: step.id, index: undefined, scope }, this.#waitControl);
  }

  async #runForeach(step: StepDefinition, scope: ExpressionScope): Promise<StepOutcome> {
    const { memo, journal, pipeline, runId } = this.#context;
    const items = foreachItems(await evaluateTemplate(step.foreach!, scope), step.id);
    const inFlight = memo.inFlight(step.id);
    const attempt = inFlight?.start.attempt ?? memo.nextAttempt(step.id);
    if (inFlight !== undefined && inFlight.start.items !== undefined && inFlight.start.items !== items.length) {
      throw new NovaError({
        code: 'step_failed',
        fault: 'system',
        message: `The items of foreach step ${step.id} changed since the run started (${inFlight.start.items} then, ${items.length} now), so recorded item results cannot be matched to items`,
        hint: 'The foreach expression must give the same list each time it is evaluated (no $now() or $random()); start a new run.',
      });
    }
    const started = performance.now();
    if (inFlight === undefined) {
      await journal.append({
        type: 'step-start',
        payload: { stepId: step.id, path: step.id, attempt, kind: step.kind, idempotencyKey: `${runId}/${step.id}/${attempt}`, items: items.length },
      });
    }
    const limit = new Semaphore(step.concurrency ?? pipeline.concurrency);
    let done = 0;
    let failedCount = 0;
    const progress = () => this.#context.onProgress({ type: 'foreach-progress', runId, stepId: step.id, done, total: items.length, failed: failedCount });
    progress();
    // The step's own thread waits for its items, which are threads of their own.
    this.#busy -= 1;
    const settled = await Promise.allSettled(
      items.map(async (item, index) => {
        this.#busy += 1;
        try {
          const release = await limit.acquire(this.#context.signal);
          try {
            const outcome = await runUnit(this.#context, { step, path: `${step.id}[${index}]`, index, scope: { ...scope, item, index } }, this.#waitControl);
            if (outcome.status === 'failed') failedCount += 1;
            return outcome;
          } finally {
            release();
            done += 1;
            progress();
          }
        } finally {
          this.#busy -= 1;
          this.#changed.notify();
        }
      }),
    );
    this.#busy += 1;
    if (this.#context.journal.failure !== undefined) throw this.#context.journal.failure;
    const outcomes: UnitOutcome[] = settled.map((entry) =>
      entry.status === 'fulfilled' ? entry.value : { status: 'failed', error: this.#context.cancelled() ? cancelledError(step.id, entry.reason) : toNovaError(entry.reason), usage: zeroUsage },
    );
    const failedIndexes = outcomes.flatMap((outcome, index) => (outcome.status === 'failed' ? [index] : []));
    const output = outcomes.map((outcome) => (outcome.status === 'succeeded' ? outcome.output : null));
    const durationMs = Math.round(performance.now() - started);
    const base = { stepId: step.id, path: step.id, attempt, durationMs };
    if (failedIndexes.length === 0) {
      await journal.append({ type: 'step-end', payload: { ...base, status: 'succeeded', output } });
      return { status: 'succeeded', output, usage: zeroUsage };
    }
    const first = outcomes[failedIndexes[0]!] as Extract<UnitOutcome, { status: 'failed' }>;
    const firstPath = `${step.id}[${failedIndexes[0]}]`;
    const alsoFailed = failedIndexes.slice(1).map((index) => `${step.id}[${index}]`);
    const error = stepFailure(firstPath, first.error, [], alsoFailed);
    await journal.append({ type: 'step-end', payload: { ...base, status: 'failed', error: error.toJSON(), output, ...(step.continueOnError ? { continued: true } : {}) } });
    // Keep the item's own error as the cause: the step's failure names the item path.
    return { status: 'failed', error: first.error, usage: zeroUsage, alsoFailed, failedPath: firstPath };
  }

  #settle(step: StepDefinition, outcome: StepOutcome): void {
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
        this.#context.journal.record({
          type: 'warning',
          payload: { code: outcome.error.code, message: `Step ${path} failed and the pipeline goes on (continueOnError): ${outcome.error.message}`, details: { step: path } },
        });
      }
      return;
    }
    this.#states.set(step.id, 'failed');
    this.#failures.push({ stepId: step.id, path, error: outcome.error, alsoFailed: outcome.alsoFailed ?? [] });
  }

  readonly #waitControl: WaitControl = {
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
        this.#busy -= 1;
        // Look at once: the decision may already be in the journal (a resumed run).
        void this.#pollWaits();
      }).finally(() => {
        this.#busy += 1;
      }) as Promise<Value>,
  };

  /**
   * Reads what others journalled (approvals) and asks each wait whether it is over; true if one is.
   * The run counts as busy meanwhile, so it is never let go while a wait may be ending.
   */
  async #pollWaits(): Promise<boolean> {
    this.#busy += 1;
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
      this.#busy -= 1;
      this.#changed.notify();
    }
  }

  async #readJournal(): Promise<void> {
    const { journal, memo, runtime, runId } = this.#context;
    await journal.commit();
    for (const event of await runtime.store.journal.read(runId, { afterSeq: memo.lastSeq })) memo.apply(event);
  }

  /**
   * Lets the run go when only people can move it on; undefined if something came in meanwhile. The
   * last event is then a `run-wait` (so the run reads `waiting`), and the release is a
   * compare-and-set on the journal's last seq: a decision journalled after this executor last read
   * makes it fail, and this executor goes on and sees the decision.
   */
  async #tryPark(): Promise<ExecutionOutcome | undefined> {
    const { journal, memo, runtime, runId } = this.#context;
    if (await this.#pollWaits()) return undefined;
    if (this.#busy > 0 || this.#waits.size === 0) return undefined;
    const waitingFor = [...this.#waits.keys()];
    if (memo.lastType !== 'run-wait') {
      const before = memo.lastSeq;
      await journal.append({ type: 'run-wait', payload: { reason: `waiting for ${waitingFor.join(', ')} (nova runs approve ${runId} <step>)` } });
      await this.#readJournal();
      // Anything but our own run-wait came in: look at it before letting go.
      if (memo.lastSeq !== before + 1) return undefined;
    }
    if (await releaseRun(runtime.store, runId, memo.lastSeq)) return { status: 'waiting', waitingFor };
    return undefined;
  }

  #scope(): ExpressionScope {
    return { inputs: this.#context.inputs, steps: { ...this.#views }, env: this.#context.env };
  }

  async #finish(): Promise<ExecutionOutcome> {
    const { pipeline } = this.#context;
    if (this.#failures.length > 0) {
      const cancelled = this.#context.cancelled() || this.#failures.every((failure) => failure.error.code === 'cancelled');
      const errors = this.#failures.map((failure) => {
        const notRun = downstreamOf(pipeline, failure.stepId).filter((id) => this.#states.get(id) === 'not-run');
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
          ? Object.fromEntries(leafSteps(pipeline).map((step) => [step.id, this.#views[step.id]?.output ?? null]))
          : ((await evaluateTemplate(pipeline.outputs, this.#scope())) ?? null);
      return { status: 'succeeded', output };
    } catch (error) {
      return { status: 'failed', errors: [toNovaError(error)] };
    }
  }
}

const zeroUsage = Object.freeze({ inputTokens: 0, outputTokens: 0, totalTokens: 0 });

function cancelledError(stepId: string, cause: unknown): NovaError {
  return new NovaError({ code: 'cancelled', fault: 'user', message: `Step ${stepId} was cancelled`, hint: '`nova runs resume` continues the run.', cause });
}
