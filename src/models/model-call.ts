import type { LanguageModelV3, LanguageModelV3CallOptions } from '@ai-sdk/provider';
import type { ModelTurnResult } from './model-turn-result.ts';
import { turnResultFromGenerate } from './model-turn-result.ts';
import type { ModelCallContext } from './provider-errors.ts';
import { callWithRetry } from './retry-policy.ts';
import type { CallWithRetryOptions, RetryNotice, RetryPolicy } from './retry-policy.ts';
import { collectStream } from './stream-collector.ts';

/** One model turn: the model, its call options, and how to retry and report failures. */
export interface GenerateWithRetryOptions {
  model: LanguageModelV3;
  options: LanguageModelV3CallOptions;
  /** Defaults: 3 retries, 500 ms base delay, 8 s cap. */
  retry?: Partial<RetryPolicy>;
  /** Cancels the call and any wait between attempts; combined with `options.abortSignal` if both are set. */
  signal?: AbortSignal;
  context: ModelCallContext;
  onRetry?: (notice: RetryNotice) => void;
  /** Test hooks: `random` replaces Math.random in the jitter. */
  _internal?: { random?: () => number };
}

/** As `GenerateWithRetryOptions`, plus a callback for text as it streams. */
export interface StreamWithRetryOptions extends GenerateWithRetryOptions {
  /** Called with each piece of text as it arrives, in order. */
  onTextDelta?: (delta: string) => void;
}

/**
 * One model turn with `doGenerate`. Failures become NovaErrors (`toModelError`); retryable ones are
 * retried with exponential backoff and jitter, honouring `retry-after` up to `maxDelayMs`. The AI SDK
 * providers do not retry at this level, so `maxRetries + 1` is the most requests one turn makes.
 *
 * @throws NovaError `model_error` (see `toModelError`), or the abort reason when cancelled.
 */
export async function generateWithRetry(input: GenerateWithRetryOptions): Promise<ModelTurnResult> {
  const callOptions = withSignal(input.options, input.signal);
  const result = await callWithRetry(() => input.model.doGenerate(callOptions), retryOptions(input, callOptions));
  return turnResultFromGenerate(result);
}

/**
 * One model turn with `doStream`, collected into the same result as `generateWithRetry`. Only a failure
 * before the stream starts is retried (once text has been delivered, a retry would repeat it).
 *
 * @throws NovaError `model_error` for a failed call or an `error` part in the stream, or the abort reason.
 */
export async function streamWithRetry(input: StreamWithRetryOptions): Promise<ModelTurnResult> {
  const callOptions = withSignal(input.options, input.signal);
  const { stream } = await callWithRetry(() => input.model.doStream(callOptions), retryOptions(input, callOptions));
  return collectStream(stream, {
    context: input.context,
    onTextDelta: input.onTextDelta,
    signal: callOptions.abortSignal,
  });
}

function withSignal(options: LanguageModelV3CallOptions, signal: AbortSignal | undefined): LanguageModelV3CallOptions {
  if (signal === undefined || options.abortSignal === signal) return options;
  const abortSignal = options.abortSignal === undefined ? signal : AbortSignal.any([signal, options.abortSignal]);
  return { ...options, abortSignal };
}

function retryOptions(
  input: GenerateWithRetryOptions,
  callOptions: LanguageModelV3CallOptions,
): CallWithRetryOptions {
  return {
    retry: input.retry,
    signal: callOptions.abortSignal,
    context: input.context,
    onRetry: input.onRetry,
    _internal: input._internal,
  };
}
