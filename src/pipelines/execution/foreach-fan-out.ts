import { NovaError, toNovaError } from '../../core/errors.ts';
import { emptyUsage } from '../../core/usage.ts';
import { evaluateTemplate, type ExpressionScope } from '../expression.ts';
import type { StepDefinition } from '../pipeline-definition.ts';
import { Semaphore } from './concurrency.ts';
import { idempotencyKey, type ExecutionContext } from './execution-context.ts';
import { foreachItems } from './foreach-items.ts';
import type { RunActivity } from './run-activity.ts';
import { cancelledStepError, runUnit, stepFailure, type StepOutcome, type UnitOutcome } from './step-unit.ts';
import type { WaitControl } from './step-work.ts';

export interface ForeachFanOut {
  context: ExecutionContext;
  activity: RunActivity;
  waits: WaitControl;
}

/**
 * Runs a foreach step: one unit per item (`check[3]`), at most the step's concurrency (default: the
 * pipeline's) at once, each with `item` and `index` in scope. The step is journalled as one
 * `step-start` (with the number of items) and one `step-end` whose output lists the items' outputs
 * (null for a failed item). On resume the items that ended are reused, which needs the same items.
 */
export async function runForeach(fanOut: ForeachFanOut, step: StepDefinition, scope: ExpressionScope): Promise<StepOutcome> {
  const { context, activity } = fanOut;
  const { memo, journal, pipeline, runId } = context;
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
      payload: { stepId: step.id, path: step.id, attempt, kind: step.kind, idempotencyKey: idempotencyKey(runId, step.id, attempt), items: items.length },
    });
  }
  const limit = new Semaphore(step.concurrency ?? pipeline.concurrency);
  let done = 0;
  let failedCount = 0;
  const progress = () => context.onProgress({ type: 'foreach-progress', runId, stepId: step.id, done, total: items.length, failed: failedCount });
  progress();
  // The step's own thread waits for its items, which are threads of their own.
  activity.leave();
  const settled = await Promise.allSettled(
    items.map(async (item, index) => {
      activity.enter();
      try {
        const release = await limit.acquire(context.signal);
        try {
          const outcome = await runUnit(context, { step, path: `${step.id}[${index}]`, index, scope: { ...scope, item, index } }, fanOut.waits);
          if (outcome.status === 'failed') failedCount += 1;
          return outcome;
        } finally {
          release();
          done += 1;
          progress();
        }
      } finally {
        activity.leave();
        activity.changed.notify();
      }
    }),
  );
  activity.enter();
  if (journal.failure !== undefined) throw journal.failure;
  const outcomes: UnitOutcome[] = settled.map((entry) =>
    entry.status === 'fulfilled' ? entry.value : { status: 'failed', error: context.cancelled() ? cancelledStepError(step.id, entry.reason) : toNovaError(entry.reason), usage: emptyUsage },
  );
  const failedIndexes = outcomes.flatMap((outcome, index) => (outcome.status === 'failed' ? [index] : []));
  const output = outcomes.map((outcome) => (outcome.status === 'succeeded' ? outcome.output : null));
  const durationMs = Math.round(performance.now() - started);
  const base = { stepId: step.id, path: step.id, attempt, durationMs };
  if (failedIndexes.length === 0) {
    await journal.append({ type: 'step-end', payload: { ...base, status: 'succeeded', output } });
    return { status: 'succeeded', output, usage: emptyUsage };
  }
  const first = outcomes[failedIndexes[0]!] as Extract<UnitOutcome, { status: 'failed' }>;
  const firstPath = `${step.id}[${failedIndexes[0]}]`;
  const alsoFailed = failedIndexes.slice(1).map((index) => `${step.id}[${index}]`);
  const error = stepFailure(firstPath, first.error, [], alsoFailed);
  await journal.append({ type: 'step-end', payload: { ...base, status: 'failed', error: error.toJSON(), output, ...(step.continueOnError ? { continued: true } : {}) } });
  // Keep the item's own error as the cause: the step's failure names the item path.
  return { status: 'failed', error: first.error, usage: emptyUsage, alsoFailed, failedPath: firstPath };
}
