import { APICallError } from '@ai-sdk/provider';
import type { LanguageModelV3, LanguageModelV3CallOptions, LanguageModelV3StreamPart } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { NovaError } from '../../src/core/errors.ts';
import { generateWithRetry, streamWithRetry } from '../../src/models/model-call.ts';
import { retryDelayMs } from '../../src/models/retry-policy.ts';
import { ScriptedModel } from '../../src/models/testing.ts';

const context = { modelString: 'openai-compatible:test', baseUrl: 'http://127.0.0.1:9/v1' };
const options: LanguageModelV3CallOptions = { prompt: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] };
const fast = { baseDelayMs: 1, maxDelayMs: 5 };

function status(statusCode: number, headers?: Record<string, string>): APICallError {
  return new APICallError({ message: `status ${statusCode}`, url: 'http://127.0.0.1:9/v1/chat/completions', requestBodyValues: {}, statusCode, responseHeaders: headers });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/** A model whose stream is exactly `parts`. */
function streamingModel(parts: LanguageModelV3StreamPart[]): LanguageModelV3 {
  const model = new ScriptedModel([]);
  return {
    specificationVersion: 'v3',
    provider: 'test',
    modelId: 'test',
    supportedUrls: {},
    doGenerate: (callOptions) => model.doGenerate(callOptions),
    doStream: async () => ({
      stream: new ReadableStream<LanguageModelV3StreamPart>({
        start(controller) {
          for (const part of parts) controller.enqueue(part);
          controller.close();
        },
      }),
    }),
  };
}

describe('generateWithRetry', () => {
  it('returns text, tool calls, finish reason, usage and the responding model', async () => {
    const model = new ScriptedModel([{ text: 'I will look.', toolCalls: [{ toolName: 'search', input: { q: 'x' } }] }], { modelId: 'scripted-x' });
    const turn = await generateWithRetry({ model, options, context });
    expect(turn).toMatchObject({
      text: 'I will look.',
      toolCalls: [{ toolCallId: 'scripted-1-1', toolName: 'search', input: '{"q":"x"}' }],
      finishReason: { unified: 'tool-calls' },
      responseModelId: 'scripted-x',
    });
    expect(turn.usage.inputTokens.total).toBe(10);
  });

  it('retries retryable errors and reports each retry', async () => {
    const model = new ScriptedModel([{ error: status(503) }, { error: status(429) }, { text: 'finally' }]);
    const notices: number[] = [];
    const turn = await generateWithRetry({ model, options, context, retry: fast, onRetry: (notice) => notices.push(notice.attempt) });
    expect(turn.text).toBe('finally');
    expect(model.callCount).toBe(3);
    expect(notices).toEqual([1, 2]);
  });

  it('does not retry a non-retryable error', async () => {
    const model = new ScriptedModel([{ error: status(401) }, { text: 'never' }]);
    const error = await rejection(generateWithRetry({ model, options, context, retry: fast }));
    expect(error).toBeInstanceOf(NovaError);
    expect((error as NovaError).code).toBe('model_error');
    expect(model.callCount).toBe(1);
  });

  it('gives up after maxRetries + 1 attempts with a retryable error', async () => {
    const model = new ScriptedModel([{ error: status(500) }], { repeat: true });
    const error = (await rejection(generateWithRetry({ model, options, context, retry: { ...fast, maxRetries: 2 } }))) as NovaError;
    expect(model.callCount).toBe(3);
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('Gave up after 3 attempts');
    expect(error.detailsOf('model_error')?.attempts).toBe(3);
  });

  it('waits as long as retry-after asks, capped by maxDelayMs', async () => {
    const model = new ScriptedModel([{ error: status(429, { 'retry-after': '60' }) }, { text: 'ok' }]);
    const delays: number[] = [];
    await generateWithRetry({ model, options, context, retry: { baseDelayMs: 1, maxDelayMs: 20 }, onRetry: (notice) => delays.push(notice.delayMs) });
    expect(delays).toEqual([20]);
  });

  it('rejects promptly with the abort reason when aborted during the backoff', async () => {
    const model = new ScriptedModel([{ error: status(503) }, { text: 'too late' }]);
    const controller = new AbortController();
    const started = performance.now();
    const pending = rejection(
      generateWithRetry({
        model,
        options,
        context,
        signal: controller.signal,
        retry: { baseDelayMs: 10_000, maxDelayMs: 10_000 },
        onRetry: () => setTimeout(() => controller.abort(), 10),
      }),
    );
    const error = await pending;
    expect(performance.now() - started).toBeLessThan(1000);
    expect((error as Error).name).toBe('AbortError');
    expect(error).not.toBeInstanceOf(NovaError);
    expect(model.callCount).toBe(1);
  });

  it('does not call the model when already aborted, and passes the signal to the call', async () => {
    const model = new ScriptedModel([{ text: 'a' }, { text: 'b' }]);
    const controller = new AbortController();
    await generateWithRetry({ model, options, context, signal: controller.signal });
    expect(model.calls[0]?.abortSignal?.aborted).toBe(false);
    controller.abort();
    expect(model.calls[0]?.abortSignal?.aborted).toBe(true);
    await expect(generateWithRetry({ model, options, context, signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(model.callCount).toBe(1);
  });
});

describe('retryDelayMs', () => {
  const policy = { maxRetries: 5, baseDelayMs: 100, maxDelayMs: 1000 };
  it('grows exponentially with jitter and stays under the cap', () => {
    expect(retryDelayMs({ attempt: 0, policy, retryAfterMs: undefined, random: () => 0 })).toBe(50);
    expect(retryDelayMs({ attempt: 0, policy, retryAfterMs: undefined, random: () => 1 })).toBe(100);
    expect(retryDelayMs({ attempt: 2, policy, retryAfterMs: undefined, random: () => 1 })).toBe(400);
    expect(retryDelayMs({ attempt: 9, policy, retryAfterMs: undefined, random: () => 1 })).toBe(1000);
    expect(retryDelayMs({ attempt: 0, policy, retryAfterMs: 700, random: () => 0 })).toBe(700);
  });
});

describe('streamWithRetry', () => {
  it('delivers deltas in order and returns the same shape as generate', async () => {
    const model = new ScriptedModel([{ text: 'one two three', toolCalls: [{ toolName: 'save', input: { a: 1 } }] }]);
    const deltas: string[] = [];
    const turn = await streamWithRetry({ model, options, context, onTextDelta: (delta) => deltas.push(delta) });
    expect(deltas.join('')).toBe('one two three');
    expect(deltas.length).toBeGreaterThan(1);
    expect(turn).toMatchObject({ text: 'one two three', toolCalls: [{ toolName: 'save', input: '{"a":1}' }], finishReason: { unified: 'tool-calls' } });
  });

  it('retries a call that fails before the stream starts', async () => {
    const model = new ScriptedModel([{ error: status(502) }, { text: 'streamed' }]);
    const turn = await streamWithRetry({ model, options, context, retry: fast });
    expect(turn.text).toBe('streamed');
    expect(model.callCount).toBe(2);
  });

  it('throws a mapped NovaError for an error part', async () => {
    const model = streamingModel([
      { type: 'text-delta', id: 't', delta: 'partial' },
      { type: 'error', error: { message: 'upstream died', type: 'server_error' } },
    ]);
    const deltas: string[] = [];
    const error = (await rejection(streamWithRetry({ model, options, context, onTextDelta: (delta) => deltas.push(delta) }))) as NovaError;
    expect(error).toBeInstanceOf(NovaError);
    expect(error.code).toBe('model_error');
    expect(error.message).toContain('upstream died');
    expect(deltas).toEqual(['partial']);
  });

  it('fails when the stream ends without a finish', async () => {
    const model = streamingModel([{ type: 'text-delta', id: 't', delta: 'cut off' }]);
    const error = (await rejection(streamWithRetry({ model, options, context }))) as NovaError;
    expect(error.code).toBe('model_error');
    expect(error.message).toContain('ended without a finish');
  });

  it('lets an error thrown by onTextDelta through unchanged', async () => {
    const model = new ScriptedModel([{ text: 'abc' }]);
    const mine = new Error('renderer broke');
    const error = await rejection(streamWithRetry({ model, options, context, onTextDelta: () => { throw mine; } }));
    expect(error).toBe(mine);
  });
});
