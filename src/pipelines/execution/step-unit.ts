import { NovaError, toNovaError, type ErrorCode, type SerializedError } from '../../core/errors.ts';
import type { PipelineStepEnd } from '../../core/events.ts';
import { addUsage, emptyUsage, type Usage } from '../../core/usage.ts';
import { formatDurationMs } from '../duration.ts';
import type { RetryPolicy } from '../pipeline-definition.ts';
import { idempotencyKey, type ExecutionContext } from './execution-context.ts';
import { runAttempt, type StepUnit, type WaitControl } from './step-work.ts';

/** How a unit (a step or a foreach item) came out. */
export type UnitOutcome =
  | { status: 'succeeded'; output: unknown; usage: Usage }
  | { status: 'skipped'; output: null; reason: string }
  /** `reused`: a failure accepted by continueOnError in an earlier leg of the run, not journalled again. */
  | { status: 'failed'; error: NovaError; usage: Usage; reused?: boolean };

/** A step's outcome; a foreach's failure names its first failing item and the others. */
export type StepOutcome = UnitOutcome & { alsoFailed?: string[]; failedPath?: string };

/** A step (or a foreach item's thread) stopped by the run's cancellation. */
export function cancelledStepError(stepId: string, cause: unknown): NovaError {
  return new NovaError({ code: 'cancelled', fault: 'user', message: `Step ${stepId} was cancelled`, hint: '`nova runs resume` continues the run.', cause });
}

/** Failures that come out the same however often they are tried. */
const permanentCodes: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'input_invalid',
  'config_invalid',
  'agent_not_found',
  'agent_invalid',
  'pipeline_invalid',
  'pipeline_not_found',
  'model_not_configured',
  'tool_not_allowed',
  'cancelled',
]);

/** Whether another attempt can help: not for bad input or configuration, an expression's error or a rejection. */
export function isRetryable(error: NovaError): boolean {
  if (permanentCodes.has(error.code)) return false;
  if (error.code === 'step_failed' && error.fault === 'user') return false;
  return true;
}

/** The wait before attempt `retryNumber + 1` (`retryNumber` counts from 1). */
export function backoffDelay(policy: RetryPolicy, retryNumber: number): number {
  const base = policy.backoff === 'fixed' ? policy.initialMs : policy.initialMs * 2 ** (retryNumber - 1);
  return policy.maxMs === undefined ? base : Math.min(base, policy.maxMs);
}

/**
 * Runs one unit to its outcome: reuses the recorded outcome of a unit that finished before (resume),
 * else runs attempts (each journalled between `step-start` and `step-end`), retrying with backoff
 * under the step's policy, each attempt bounded by the step's timeout.
 */
export async function runUnit(context: ExecutionContext, unit: StepUnit, waits: WaitControl): Promise<UnitOutcome> {
  const { step, path } = unit;
  const finished = context.memo.finished(path);
  if (finished !== undefined) {
    context.onProgress({ type: 'step-reuse', runId: context.runId, stepId: step.id, path, status: finished.status === 'skipped' ? 'skipped' : 'succeeded' });
    if (finished.status === 'failed') return { status: 'failed', error: NovaError.fromJSON(finished.error ?? unknownFailure(path)), usage: emptyUsage, reused: true };
    return finished.status === 'skipped' ? { status: 'skipped', output: null, reason: finished.reason ?? 'skipped' } : { status: 'succeeded', output: finished.output ?? null, usage: emptyUsage };
  }
  let resumed = context.memo.inFlight(path);
  let attempt = resumed?.start.attempt ?? context.memo.nextAttempt(path);
  // A resumed run gives a failed step a fresh budget; an attempt cut off by a crash keeps its place in it.
  const lastAttempt = resumed === undefined ? attempt + step.retry.attempts - 1 : Math.max(step.retry.attempts, attempt);
  let retries = 0;
  let usage = emptyUsage;
  for (;;) {
    const started = performance.now();
    const key = idempotencyKey(context.runId, path, attempt);
    const attemptControl = attemptSignal(context.signal, step.timeoutMs, path);
    const end = { stepId: step.id, path, attempt, ...(unit.index === undefined ? {} : { index: unit.index }) };
    try {
      const result = await runAttempt(context, unit, { attempt, key, signal: attemptControl.signal, resumed, waits });
      if (result.usage !== undefined) usage = addUsage(usage, result.usage);
      for (const warning of result.warnings ?? []) {
        context.journal.record({ type: 'warning', payload: { code: warning.code, message: `${path}: ${warning.message}`, details: { step: path, childRunId: result.childRunId ?? null } } });
      }
      const payload: PipelineStepEnd = {
        ...end,
        status: 'succeeded',
        output: result.output ?? null,
        durationMs: elapsed(started),
        ...(result.childRunId === undefined ? {} : { childRunId: result.childRunId }),
        ...(result.recovered === true ? { recovered: true } : {}),
        ...(hasUsage(result.usage) ? { usage: result.usage } : {}),
      };
      await context.journal.append({ type: 'step-end', payload });
      return { status: 'succeeded', output: result.output ?? null, usage };
    } catch (caught) {
      const error = attemptControl.failure(caught, context);
      const retry = attempt < lastAttempt && isRetryable(error) && !context.signal.aborted;
      const delay = retry ? backoffDelay(step.retry, retries + 1) : undefined;
      const payload: PipelineStepEnd = {
        ...end,
        status: 'failed',
        error: error.toJSON(),
        durationMs: elapsed(started),
        ...(typeof error.runId === 'string' && error.runId !== context.runId ? { childRunId: error.runId } : {}),
        ...(delay === undefined ? {} : { retryInMs: delay }),
        ...(delay === undefined && step.continueOnError ? { continued: true } : {}),
      };
      if (context.signal.aborted && !context.cancelled()) throw caught;
      await context.journal.append({ type: 'step-end', payload });
      if (delay === undefined) return { status: 'failed', error, usage };
      await context.internals.sleep(delay, context.signal);
      retries += 1;
      attempt += 1;
      resumed = undefined;
    } finally {
      attemptControl.dispose();
    }
  }
}

function unknownFailure(path: string): SerializedError {
  return { code: 'step_failed', message: `Step ${path} failed`, hint: undefined, fault: 'system', retryable: false };
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 1000) / 1000;
}

function hasUsage(usage: Usage | undefined): usage is Usage {
  return usage !== undefined && (usage.totalTokens > 0 || (usage.costUsd ?? 0) > 0);
}

/** The signal of one attempt: the run's, plus the step's timeout. */
function attemptSignal(runSignal: AbortSignal, timeoutMs: number | undefined, path: string) {
  const controller = new AbortController();
  const onAbort = () => controller.abort(runSignal.reason);
  runSignal.addEventListener('abort', onAbort, { once: true });
  if (runSignal.aborted) controller.abort(runSignal.reason);
  let timedOut = false;
  const timer =
    timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          controller.abort(timeoutError(path, timeoutMs));
        }, timeoutMs);
  return {
    signal: controller.signal,
    /** The attempt's failure as the step reports it: a timeout as a timeout, whatever the work made of it. */
    failure(caught: unknown, context: ExecutionContext): NovaError {
      if (timedOut) return timeoutError(path, timeoutMs!);
      if (runSignal.aborted && context.cancelled()) {
        return new NovaError({ code: 'cancelled', fault: 'user', message: `Step ${path} was cancelled`, hint: 'Nothing more runs; `nova runs resume` continues the run.', cause: caught });
      }
      return toNovaError(caught);
    },
    dispose() {
      if (timer !== undefined) clearTimeout(timer);
      runSignal.removeEventListener('abort', onAbort);
    },
  };
}

function timeoutError(path: string, timeoutMs: number): NovaError {
  return new NovaError({
    code: 'limit_exceeded',
    fault: 'system',
    retryable: true,
    message: `Step ${path} timed out after ${formatDurationMs(timeoutMs)}`,
    hint: 'Give the step a longer `timeout`, or a `retry` if the slowness is transient.',
    details: { limit: 'timeout', timeoutMs },
  });
}

/** The error a failed step gives its run: the step path, the cause, and the cause's hint. */
export function stepFailure(path: string, cause: NovaError | SerializedError, notRun: readonly string[], alsoFailed: readonly string[] = []): NovaError {
  const serialized = cause instanceof NovaError ? cause.toJSON() : cause;
  return new NovaError({
    code: 'step_failed',
    fault: serialized.fault,
    retryable: serialized.retryable,
    message: `Step ${path} failed: ${serialized.code}: ${serialized.message}${alsoFailed.length > 0 ? ` (also failed: ${alsoFailed.join(', ')})` : ''}`,
    hint: [serialized.hint, notRun.length > 0 ? `Not run because of it: ${notRun.join(', ')}.` : undefined].filter((part) => part !== undefined).join(' ') || undefined,
    details: { step: path, cause: serialized, notRun: [...notRun], ...(alsoFailed.length > 0 ? { alsoFailed: [...alsoFailed] } : {}) },
  });
}
