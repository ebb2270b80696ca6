import type { LanguageModelV3FinishReason, LanguageModelV3StreamPart, LanguageModelV3Usage } from '@ai-sdk/provider';
import { NovaError } from '../core/errors.ts';
import type { ModelToolCall, ModelTurnResult } from './model-turn-result.ts';
import { toModelError } from './provider-errors.ts';
import type { ModelCallContext } from './provider-errors.ts';

/** Options of `collectStream`. */
export interface CollectStreamOptions {
  context: ModelCallContext;
  /** Called with each piece of text as it arrives, in order. */
  onTextDelta?: (delta: string) => void;
  signal?: AbortSignal;
}

/**
 * Reads a `doStream` stream to its end and returns the turn it carried. An `error` part becomes a thrown
 * NovaError (mapped with `toModelError`); an abort is rethrown untouched. The stream is cancelled when
 * Nova stops reading early, so the HTTP connection is released.
 */
export async function collectStream(
  stream: ReadableStream<LanguageModelV3StreamPart>,
  options: CollectStreamOptions,
): Promise<ModelTurnResult> {
  const reader = stream.getReader();
  let text = '';
  const toolCalls: ModelToolCall[] = [];
  let finish: { finishReason: LanguageModelV3FinishReason; usage: LanguageModelV3Usage } | undefined;
  let responseModelId: string | undefined;
  for (;;) {
    const next = await readPart(reader, options);
    if (next.done) break;
    const part = next.value;
    switch (part.type) {
      case 'text-delta':
        text += part.delta;
        // Some providers open with an empty delta (OpenAI's role chunk); it is not text arriving.
        if (options.onTextDelta !== undefined && part.delta !== '') await deliver(reader, options.onTextDelta, part.delta);
        break;
      case 'tool-call':
        toolCalls.push({ toolCallId: part.toolCallId, toolName: part.toolName, input: part.input });
        break;
      case 'finish':
        finish = { finishReason: part.finishReason, usage: part.usage };
        break;
      case 'response-metadata':
        if (part.modelId !== undefined) responseModelId = part.modelId;
        break;
      case 'error': {
        const mapped = toModelError(part.error, options.context);
        await reader.cancel(mapped);
        throw mapped;
      }
      default:
        // Reasoning, tool input deltas, sources, raw chunks: not part of a turn result.
        break;
    }
    if (options.signal?.aborted === true) {
      await reader.cancel(options.signal.reason);
      throw options.signal.reason;
    }
  }
  if (finish === undefined) throw streamWithoutFinish(options.context);
  const turn: ModelTurnResult = { text, toolCalls, finishReason: finish.finishReason, usage: finish.usage };
  if (responseModelId !== undefined) turn.responseModelId = responseModelId;
  return turn;
}

async function readPart(
  reader: ReadableStreamDefaultReader<LanguageModelV3StreamPart>,
  options: CollectStreamOptions,
): ReturnType<ReadableStreamDefaultReader<LanguageModelV3StreamPart>['read']> {
  try {
    return await reader.read();
  } catch (error) {
    if (options.signal?.aborted === true) throw error;
    throw toModelError(error, options.context);
  }
}

async function deliver(
  reader: ReadableStreamDefaultReader<LanguageModelV3StreamPart>,
  onTextDelta: (delta: string) => void,
  delta: string,
): Promise<void> {
  try {
    onTextDelta(delta);
  } catch (error) {
    // The caller's callback failed: stop the stream and let its error through unchanged.
    await reader.cancel(error);
    throw error;
  }
}

function streamWithoutFinish(context: ModelCallContext): NovaError {
  return new NovaError({
    code: 'model_error',
    fault: 'provider',
    retryable: false,
    message: `The stream from ${context.modelString} ended without a finish.`,
    hint: `The connection to ${context.baseUrl} may have been cut; try again.`,
    details: { modelString: context.modelString, url: context.baseUrl },
  });
}
