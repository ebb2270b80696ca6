import { NovaError } from '../core/errors.ts';
import { toModelError } from './provider-errors.ts';
import type { ModelCallContext } from './provider-errors.ts';

/** How retryable model errors are retried: exponential backoff with jitter, capped. */
export interface RetryPolicy {
  /** Retries after the first attempt; 0 disables retrying. */
  maxRetries: number;
  baseDelayMs: number;
  /** Caps every wait, including one a `retry-after` header asks for. */
  maxDelayMs: number;
}

/** 3 retries, 0.5 s doubling to at most 8 s. */
export const defaultRetryPolicy: Readonly<RetryPolicy> = Object.freeze({
  maxRetries: 3,
  baseDelayMs: 500,
  maxDelayMs: 8000,
});

/** Told before each wait: which retry comes next, how long Nova waits, and the error that caused it. */
export interface RetryNotice {
  /** 1 for the first retry. */
  attempt: number;
  delayMs: number;
  error: NovaError;
}

/** Options of `callWithRetry`; `signal` cancels both the call and the wait between attempts. */
export interface CallWithRetryOptions {
  retry?: Partial<RetryPolicy>;
  signal?: AbortSignal;
  context: ModelCallContext;
  onRetry?: (notice: RetryNotice) => void;
  /** Test hooks. */
  _internal?: { random?: () => number };
}

/**
 * Runs `call`, mapping failures with `toModelError` and retrying only retryable ones. Aborts are
 * rethrown untouched, also while waiting between attempts.
 */
export async function callWithRetry<T>(call: () => PromiseLike<T>, options: CallWithRetryOptions): Promise<T> {
  const policy = options.retry === undefined ? defaultRetryPolicy : { ...defaultRetryPolicy, ...options.retry };
  const signal = options.signal;
  for (let attempt = 0; ; attempt += 1) {
    signal?.throwIfAborted();
    try {
      return await call();
    } catch (error) {
      // A cancelled call surfaces as whatever the signal's reason was; it is not a model error.
      if (signal?.aborted === true) throw error;
      const mapped = toModelError(error, options.context);
      if (!mapped.retryable) throw mapped;
      if (attempt >= policy.maxRetries) throw attempt === 0 ? mapped : gaveUp(mapped, attempt + 1);
      const delayMs = retryDelayMs({
        attempt,
        policy,
        retryAfterMs: mapped.detailsOf('model_error')?.retryAfterMs,
        random: options._internal?.random ?? Math.random,
      });
      options.onRetry?.({ attempt: attempt + 1, delayMs, error: mapped });
      await sleep(delayMs, signal);
    }
  }
}

/**
 * The wait before retry `attempt + 1`: `baseDelayMs * 2^attempt`, with "equal jitter" (half fixed, half
 * random) so that concurrent runs do not retry in lockstep, at least `retryAfterMs`, at most `maxDelayMs`.
 */
export function retryDelayMs(input: {
  attempt: number;
  policy: RetryPolicy;
  retryAfterMs: number | undefined;
  random: () => number;
}): number {
  const { attempt, policy } = input;
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  const jittered = exponential / 2 + (input.random() * exponential) / 2;
  const wanted = input.retryAfterMs === undefined ? jittered : Math.max(jittered, input.retryAfterMs);
  return Math.round(Math.min(policy.maxDelayMs, wanted));
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal === undefined) {
      setTimeout(resolve, ms);
      return;
    }
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function gaveUp(error: NovaError, attempts: number): NovaError {
  return new NovaError({
    code: error.code,
    fault: error.fault,
    retryable: error.retryable,
    message: `${error.message} Gave up after ${attempts} attempts.`,
    hint: error.hint,
    details: { ...error.details, attempts },
    cause: error.cause,
  });
}
