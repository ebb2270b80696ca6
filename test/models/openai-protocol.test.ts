/**
 * End to end through the real provider code (the AI SDK's OpenAI and OpenAI-compatible providers, real
 * HTTP) against a local fake server of the Chat Completions protocol.
 */
import type { LanguageModelV3CallOptions, LanguageModelV3Prompt } from '@ai-sdk/provider';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NovaError } from '../../src/core/errors.ts';
import { generateWithRetry, streamWithRetry } from '../../src/models/model-call.ts';
import { createLanguageModel } from '../../src/models/provider-registry.ts';
import { startFakeOpenAIServer } from '../support/fake-openai-server.ts';
import type { FakeOpenAIServer } from '../support/fake-openai-server.ts';

const userPrompt: LanguageModelV3Prompt = [{ role: 'user', content: [{ type: 'text', text: 'What is the weather in Oslo?' }] }];
const weatherTool: NonNullable<LanguageModelV3CallOptions['tools']>[number] = {
  type: 'function',
  name: 'weather',
  description: 'Current weather for a city',
  inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
const fast = { baseDelayMs: 1, maxDelayMs: 5 };

async function rejection(promise: Promise<unknown>): Promise<NovaError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof NovaError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

let server: FakeOpenAIServer;
beforeAll(async () => {
  server = await startFakeOpenAIServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
  expect(server.pendingResponses()).toBe(0);
});

describe.each([
  ['openai-compatible:org/model', { NOVA_OPENAI_COMPATIBLE_BASE_URL: 'SERVER' }, 'NOVA_OPENAI_COMPATIBLE_API_KEY'],
  ['openai:gpt-4o-mini', { OPENAI_API_KEY: 'sk-test-key-0001', OPENAI_BASE_URL: 'SERVER' }, 'OPENAI_API_KEY'],
])('%s against the fake server', (modelString, envTemplate, keyVariable) => {
  function setup() {
    const env = Object.fromEntries(Object.entries(envTemplate).map(([name, value]) => [name, value === 'SERVER' ? server.url : value]));
    const created = createLanguageModel({ modelString, env });
    return { model: created.model, context: { modelString: created.modelString, baseUrl: created.baseUrl } };
  }

  it('answers a non-streaming request with text and usage', async () => {
    const { model, context } = setup();
    server.enqueue({ text: 'It is sunny.', usage: { promptTokens: 12, completionTokens: 4 } });
    const turn = await generateWithRetry({ model, options: { prompt: userPrompt }, context });
    expect(turn.text).toBe('It is sunny.');
    expect(turn.finishReason).toEqual({ unified: 'stop', raw: 'stop' });
    expect([turn.usage.inputTokens.total, turn.usage.outputTokens.total]).toEqual([12, 4]);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ method: 'POST', path: '/v1/chat/completions' });
    expect(server.requests[0]?.body).toMatchObject({ messages: [{ role: 'user', content: 'What is the weather in Oslo?' }] });
  });

  it('streams deltas in order and asks for usage', async () => {
    const { model, context } = setup();
    server.enqueue({ text: ['The ', 'sky ', 'is ', 'clear.'], usage: { promptTokens: 9, completionTokens: 5 } });
    const deltas: string[] = [];
    const turn = await streamWithRetry({ model, options: { prompt: userPrompt }, context, onTextDelta: (delta) => deltas.push(delta) });
    expect(deltas).toEqual(['The ', 'sky ', 'is ', 'clear.']);
    expect(turn.text).toBe('The sky is clear.');
    expect(turn.finishReason.unified).toBe('stop');
    expect([turn.usage.inputTokens.total, turn.usage.outputTokens.total]).toEqual([9, 5]);
    expect(server.requests[0]?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it.each(['generate', 'stream'] as const)('round-trips a tool call (%s)', async (mode) => {
    const { model, context } = setup();
    const call = mode === 'generate' ? generateWithRetry : streamWithRetry;
    server.enqueue({ toolCalls: [{ id: 'call_oslo', name: 'weather', arguments: { city: 'Oslo' } }] }, { text: 'Sunny, 21 degrees.' });
    const first = await call({ model, options: { prompt: userPrompt, tools: [weatherTool] }, context });
    expect(first.finishReason.unified).toBe('tool-calls');
    expect(first.toolCalls).toEqual([{ toolCallId: 'call_oslo', toolName: 'weather', input: '{"city":"Oslo"}' }]);
    expect(server.requests[0]?.body).toMatchObject({ tools: [{ type: 'function', function: { name: 'weather' } }] });

    const toolCall = first.toolCalls[0];
    if (toolCall === undefined) throw new Error('no tool call');
    const followUp: LanguageModelV3Prompt = [
      ...userPrompt,
      { role: 'assistant', content: [{ type: 'tool-call', toolCallId: toolCall.toolCallId, toolName: toolCall.toolName, input: JSON.parse(toolCall.input) }] },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: toolCall.toolCallId, toolName: 'weather', output: { type: 'json', value: { sky: 'sunny', celsius: 21 } } }] },
    ];
    const second = await call({ model, options: { prompt: followUp, tools: [weatherTool] }, context });
    expect(second.text).toBe('Sunny, 21 degrees.');
    const messages = (server.requests[1]?.body as { messages: { role: string; tool_call_id?: string; content?: string; tool_calls?: { id: string }[] }[] }).messages;
    expect(messages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool']);
    expect(messages[1]?.tool_calls?.[0]?.id).toBe('call_oslo');
    expect(messages[2]).toMatchObject({ role: 'tool', tool_call_id: 'call_oslo' });
    expect(JSON.parse(messages[2]?.content ?? 'null')).toEqual({ sky: 'sunny', celsius: 21 });
  });

  it('maps 401 to a non-retryable model_error naming the key variable, after exactly one request', async () => {
    const { model, context } = setup();
    server.enqueue({ status: 401, error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' } });
    const error = await rejection(generateWithRetry({ model, options: { prompt: userPrompt }, context, retry: fast }));
    expect(error).toMatchObject({ code: 'model_error', fault: 'provider', retryable: false });
    expect(error.hint).toContain(keyVariable);
    expect(error.details).toMatchObject({ status: 401, modelString });
    expect(server.requests).toHaveLength(1);
  });

  it('retries a 429 once and then succeeds', async () => {
    const { model, context } = setup();
    server.enqueue({ status: 429, error: { message: 'Rate limit reached', type: 'requests' }, headers: { 'retry-after': '0' } }, { text: 'after the wait' });
    const retries: number[] = [];
    const turn = await generateWithRetry({ model, options: { prompt: userPrompt }, context, retry: fast, onRetry: (notice) => retries.push(notice.attempt) });
    expect(turn.text).toBe('after the wait');
    expect(retries).toEqual([1]);
    expect(server.requests).toHaveLength(2);
  });

  it('gives up on a 429 that never ends after maxRetries + 1 requests, still retryable', async () => {
    const { model, context } = setup();
    const limited = { status: 429, error: { message: 'Rate limit reached', type: 'requests' } };
    server.enqueue(limited, limited, limited);
    const error = await rejection(generateWithRetry({ model, options: { prompt: userPrompt }, context, retry: { ...fast, maxRetries: 2 } }));
    expect(error).toMatchObject({ code: 'model_error', retryable: true });
    expect(error.message).toContain('rate limiting');
    expect(server.requests).toHaveLength(3);
  });

  it('retries a 500', async () => {
    const { model, context } = setup();
    server.enqueue({ status: 500, error: { message: 'The server had an error', type: 'server_error' } }, { text: 'recovered' });
    const turn = await streamWithRetry({ model, options: { prompt: userPrompt }, context, retry: fast });
    expect(turn.text).toBe('recovered');
    expect(server.requests).toHaveLength(2);
  });

  it('turns an error inside the stream into a model_error', async () => {
    const { model, context } = setup();
    server.enqueue({ text: 'Half an ans', streamError: { message: 'backend crashed' } });
    const error = await rejection(streamWithRetry({ model, options: { prompt: userPrompt }, context, retry: fast }));
    expect(error.code).toBe('model_error');
    expect(error.message).toContain('backend crashed');
  });

  it('rejects promptly when aborted during the backoff', async () => {
    const { model, context } = setup();
    server.enqueue({ status: 503, error: { message: 'overloaded', type: 'server_error' } });
    const controller = new AbortController();
    const started = performance.now();
    const pending = generateWithRetry({
      model,
      options: { prompt: userPrompt },
      context,
      signal: controller.signal,
      retry: { baseDelayMs: 30_000, maxDelayMs: 30_000 },
      onRetry: () => setTimeout(() => controller.abort(), 20),
    });
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(server.requests).toHaveLength(1);
  });

  it('aborts a request in flight', async () => {
    const { model, context } = setup();
    server.enqueue({ text: 'slow', delayMs: 5000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = performance.now();
    await expect(generateWithRetry({ model, options: { prompt: userPrompt }, context, signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('an unreachable server', () => {
  it('is a retryable model_error whose message names the URL', async () => {
    const closed = await startFakeOpenAIServer();
    const url = closed.url;
    await closed.close();
    const created = createLanguageModel({ modelString: 'openai-compatible:org/model', env: { NOVA_OPENAI_COMPATIBLE_BASE_URL: url } });
    const context = { modelString: created.modelString, baseUrl: created.baseUrl };
    const attempts: number[] = [];
    const error = await rejection(
      generateWithRetry({ model: created.model, options: { prompt: userPrompt }, context, retry: { ...fast, maxRetries: 1 }, onRetry: (notice) => attempts.push(notice.attempt) }),
    );
    expect(error).toMatchObject({ code: 'model_error', retryable: true });
    expect(error.message).toContain(`Could not reach ${url}`);
    expect(error.hint).toContain('NOVA_OPENAI_COMPATIBLE_BASE_URL');
    expect(attempts).toEqual([1]);
  });
});
