import type { LanguageModelV3CallOptions, LanguageModelV3Prompt } from '@ai-sdk/provider';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { NovaError } from '../../src/core/errors.ts';
import { schemaFromZod } from '../../src/core/schema.ts';
import type { ToolDefinition } from '../../src/core/tool-spec.ts';
import { runAgent } from '../../src/runtime/run-agent.ts';
import type { Store } from '../../src/store/store.ts';
import { makeAgent, scripted, temporaryStore } from '../support/agents.ts';

const weatherTool: ToolDefinition<{ city: string }, { city: string; celsius: number }> = {
  name: 'weather',
  description: 'The current temperature in a city.',
  input: schemaFromZod(z.object({ city: z.string() })),
  execute: async ({ city }) => ({ city, celsius: 21 }),
};

const brokenTool: ToolDefinition<{ city: string }> = {
  name: 'broken',
  description: 'Always fails.',
  input: schemaFromZod(z.object({ city: z.string() })),
  execute: async () => {
    throw new Error('upstream said no');
  },
};

const tools = new Map<string, ToolDefinition>([
  ['weather', weatherTool as ToolDefinition],
  ['broken', brokenTool as ToolDefinition],
]);

function promptText(prompt: LanguageModelV3Prompt): string {
  return JSON.stringify(prompt);
}

describe('runAgent with a model agent', () => {
  let store: Store;
  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ store, close } = await temporaryStore());
  });
  afterEach(async () => close());

  async function eventTypes(runId: string): Promise<string[]> {
    return (await store.journal.read(runId)).map((event) => event.type);
  }

  it('returns the answer as {text}, with usage, and journals every step', async () => {
    const { model, resolveModel } = scripted([{ text: 'Hello there!', usage: { inputTokens: 12, outputTokens: 4 } }]);
    const agent = makeAgent({ instructions: 'Be kind.' });
    const result = await runAgent({ agent, input: { text: 'hi' }, store, resolveModel });
    expect(result).toMatchObject({ status: 'succeeded', output: { text: 'Hello there!' }, error: null, warnings: [] });
    expect(result.usage).toMatchObject({ inputTokens: 12, outputTokens: 4, totalTokens: 16 });
    expect(await eventTypes(result.runId)).toEqual(['run-start', 'agent-start', 'model-call', 'model-result', 'run-end']);
    expect(model.calls[0]?.prompt[0]).toEqual({ role: 'system', content: 'Be kind.' });
    expect(model.calls[0]?.prompt[1]).toEqual({ role: 'user', content: [{ type: 'text', text: 'hi' }] });
    expect((await store.runs.get(result.runId))?.status).toBe('succeeded');
  });

  it('records cost when the model has a price', async () => {
    const { resolveModel } = scripted([{ text: 'ok', usage: { inputTokens: 1_000_000, outputTokens: 500_000 } }], { input: 2, output: 8 });
    const result = await runAgent({ agent: makeAgent({}), input: { text: 'hi' }, store, resolveModel });
    expect(result.usage.costUsd).toBeCloseTo(6, 6);
  });

  it('runs a tool round trip: the result goes back to the model, and both are journalled', async () => {
    const { model, resolveModel } = scripted([
      { toolCalls: [{ toolName: 'weather', input: { city: 'Lisbon' }, toolCallId: 'call-1' }] },
      { text: 'It is 21 degrees in Lisbon.' },
    ]);
    const agent = makeAgent({ tools: ['weather'] });
    const result = await runAgent({ agent, input: { text: 'weather in Lisbon?' }, store, resolveModel, tools });
    expect(result.status).toBe('succeeded');
    expect(result.output).toEqual({ text: 'It is 21 degrees in Lisbon.' });
    expect(model.calls[0]?.tools?.map((tool) => tool.name)).toEqual(['weather']);
    const toolMessage = model.calls[1]?.prompt.find((message) => message.role === 'tool');
    expect(toolMessage).toEqual({
      role: 'tool',
      content: [{ type: 'tool-result', toolCallId: 'call-1', toolName: 'weather', output: { type: 'json', value: { city: 'Lisbon', celsius: 21 } } }],
    });
    const events = await store.journal.read(result.runId);
    expect(events.map((event) => event.type)).toEqual([
      'run-start', 'agent-start', 'model-call', 'model-result', 'tool-call', 'tool-result', 'model-call', 'model-result', 'run-end',
    ]);
    const toolResult = events.find((event) => event.type === 'tool-result');
    expect(toolResult?.payload).toMatchObject({ ok: true, toolName: 'weather', output: { city: 'Lisbon', celsius: 21 } });
  });

  it('shows a throwing tool to the model, and keeps it as a warning when the model recovers', async () => {
    const { model, resolveModel } = scripted([
      { toolCalls: [{ toolName: 'broken', input: { city: 'Oslo' } }] },
      { text: 'The weather service is down, sorry.' },
    ]);
    const result = await runAgent({ agent: makeAgent({ tools: ['broken'] }), input: { text: 'weather?' }, store, resolveModel, tools });
    expect(result.status).toBe('succeeded');
    expect(result.warnings).toEqual([expect.objectContaining({ code: 'tool_error', message: expect.stringContaining('upstream said no') })]);
    expect(promptText(model.calls[1]!.prompt)).toContain('upstream said no');
    const toolResult = (await store.journal.read(result.runId)).find((event) => event.type === 'tool-result');
    expect(toolResult?.payload).toMatchObject({ ok: false, error: { code: 'tool_error', fault: 'tool' } });
    expect((await store.runs.get(result.runId))?.warningCount).toBe(1);
  });

  it('refuses a tool that is not on the allow-list, and tells the model', async () => {
    const { model, resolveModel } = scripted([
      { toolCalls: [{ toolName: 'weather', input: { city: 'Rome' } }] },
      { text: 'I cannot check the weather.' },
    ]);
    let executed = false;
    const spy = new Map(tools);
    spy.set('weather', { ...weatherTool, execute: async () => { executed = true; return null; } } as ToolDefinition);
    const result = await runAgent({ agent: makeAgent({ tools: [] }), input: { text: 'weather?' }, store, resolveModel, tools: spy });
    expect(executed).toBe(false);
    expect(result.warnings[0]?.code).toBe('tool_not_allowed');
    expect(promptText(model.calls[1]!.prompt)).toContain('tool_not_allowed');
  });

  it('rejects tool arguments that fail the tool schema without running it', async () => {
    const { model, resolveModel } = scripted([{ toolCalls: [{ toolName: 'weather', input: { town: 'Rome' } }] }, { text: 'ok' }]);
    const result = await runAgent({ agent: makeAgent({ tools: ['weather'] }), input: { text: 'x' }, store, resolveModel, tools });
    expect(result.warnings[0]?.message).toContain('city');
    expect(promptText(model.calls[1]!.prompt)).toContain('Invalid arguments for weather');
  });

  describe('output schema', () => {
    const output = {
      type: 'object',
      properties: { label: { type: 'string', enum: ['bug', 'question'] } },
      required: ['label'],
      additionalProperties: false,
    };

    it('accepts valid JSON (also in a ```json fence)', async () => {
      const { resolveModel } = scripted([{ text: '```json\n{"label": "bug"}\n```' }]);
      const result = await runAgent({ agent: makeAgent({ output }), input: { text: 'x' }, store, resolveModel });
      expect(result).toMatchObject({ status: 'succeeded', output: { label: 'bug' }, warnings: [] });
    });

    it('asks for one repair, and succeeds with a warning when the repair is valid', async () => {
      const { model, resolveModel } = scripted([{ text: '{"label": "feature"}' }, { text: '{"label": "question"}' }]);
      const result = await runAgent({ agent: makeAgent({ output }), input: { text: 'x' }, store, resolveModel });
      expect(result).toMatchObject({ status: 'succeeded', output: { label: 'question' } });
      expect(result.warnings.map((warning) => warning.code)).toEqual(['model_output_invalid']);
      const repair = model.calls[1]!.prompt[model.calls[1]!.prompt.length - 1];
      expect(JSON.stringify(repair)).toContain('label: must be one of');
      const calls = (await store.journal.read(result.runId)).filter((event) => event.type === 'model-call');
      expect(calls.map((event) => (event.payload as { repair: boolean }).repair)).toEqual([false, true]);
    });

    it('fails loudly with model_output_invalid when the repair is invalid too', async () => {
      const { resolveModel } = scripted([{ text: 'not json' }, { text: '{"label": 3}' }]);
      const result = await runAgent({ agent: makeAgent({ output }), input: { text: 'x' }, store, resolveModel });
      expect(result.status).toBe('failed');
      expect(result.error).toMatchObject({ code: 'model_output_invalid', fault: 'model', runId: result.runId });
      expect(result.output).toBeNull();
    });
  });

  it.each([
    ['an empty answer', { text: '   ' }, 'model_output_empty'],
    ['a truncated answer', { text: 'The answer is', finishReason: 'length' as const }, 'model_truncated'],
    ['a refusal', { text: '', finishReason: 'content-filter' as const }, 'model_refused'],
  ])('fails on %s', async (_name, turn, code) => {
    const { resolveModel } = scripted([turn]);
    const result = await runAgent({ agent: makeAgent({}), input: { text: 'x' }, store, resolveModel });
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe(code);
    expect(await eventTypes(result.runId)).toEqual(['run-start', 'agent-start', 'model-call', 'model-result', 'error', 'run-end']);
    expect((await store.runs.get(result.runId))?.status).toBe('failed');
  });

  it('stops at maxSteps when the model keeps calling tools', async () => {
    const loop = { toolCalls: [{ toolName: 'weather', input: { city: 'Paris' } }] };
    const { model, resolveModel } = scripted([loop, loop, loop, loop]);
    const agent = makeAgent({ tools: ['weather'], limits: { maxSteps: 3, timeoutMs: 10_000 } });
    const result = await runAgent({ agent, input: { text: 'x' }, store, resolveModel, tools });
    expect(result.error).toMatchObject({ code: 'limit_exceeded', details: { limit: 'maxSteps' } });
    expect(model.calls).toHaveLength(3);
  });

  it('stops when the token budget is spent', async () => {
    const { resolveModel } = scripted([{ text: 'long', usage: { inputTokens: 80, outputTokens: 40 } }]);
    const agent = makeAgent({ limits: { maxSteps: 5, timeoutMs: 10_000, maxTokens: 100 } });
    const result = await runAgent({ agent, input: { text: 'x' }, store, resolveModel });
    expect(result.error).toMatchObject({ code: 'limit_exceeded', details: { limit: 'maxTokens' } });
  });

  it('stops when the cost budget is spent', async () => {
    const { resolveModel } = scripted([{ text: 'pricey', usage: { inputTokens: 1_000_000, outputTokens: 0 } }], { input: 5, output: 5 });
    const agent = makeAgent({ limits: { maxSteps: 5, timeoutMs: 10_000, maxCostUsd: 1 } });
    const result = await runAgent({ agent, input: { text: 'x' }, store, resolveModel });
    expect(result.error).toMatchObject({ code: 'limit_exceeded', details: { limit: 'maxCostUsd' } });
  });

  it('fails with limit_exceeded when the run outlives its timeout', async () => {
    const { resolveModel } = scripted([]);
    const hanging = resolveModel();
    hanging.model.doGenerate = () => new Promise(() => undefined);
    const agent = makeAgent({ limits: { maxSteps: 5, timeoutMs: 150 } });
    const result = await runAgent({ agent, input: { text: 'x' }, store, resolveModel: () => hanging });
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ code: 'limit_exceeded', details: { limit: 'timeoutMs' } });
  });

  it('ends cancelled, and says so in the journal, when the caller aborts mid-call', async () => {
    const controller = new AbortController();
    const { resolveModel } = scripted([]);
    const resolved = resolveModel();
    resolved.model.doGenerate = (options: LanguageModelV3CallOptions) => {
      setTimeout(() => controller.abort(new Error('Ctrl-C')), 20);
      return new Promise((_, reject) => options.abortSignal?.addEventListener('abort', () => reject(options.abortSignal?.reason)));
    };
    const result = await runAgent({ agent: makeAgent({}), input: { text: 'x' }, store, resolveModel: () => resolved, signal: controller.signal });
    expect(result.status).toBe('cancelled');
    expect(result.error?.code).toBe('cancelled');
    const events = await store.journal.read(result.runId);
    expect(events[events.length - 1]).toMatchObject({ type: 'run-end', payload: { status: 'cancelled' } });
    expect((await store.runs.get(result.runId))?.status).toBe('cancelled');
  });

  it('fails with the provider error when the model call fails for good', async () => {
    const failure = new NovaError({ code: 'model_error', fault: 'provider', message: 'HTTP 401 from provider', hint: 'check the key', retryable: false });
    const { resolveModel } = scripted([{ error: failure }]);
    const result = await runAgent({ agent: makeAgent({}), input: { text: 'x' }, store, resolveModel });
    expect(result.error).toMatchObject({ code: 'model_error', fault: 'provider', hint: 'check the key' });
  });

  it('keeps a retried model failure as a warning when a retry succeeds', async () => {
    const flaky = new NovaError({ code: 'model_error', fault: 'provider', message: 'HTTP 503', retryable: true });
    const { resolveModel } = scripted([{ error: flaky }, { text: 'fine now' }]);
    const result = await runAgent({ agent: makeAgent({}), input: { text: 'x' }, store, resolveModel, _internal: { retry: { baseDelayMs: 1, maxDelayMs: 2 } } });
    expect(result).toMatchObject({ status: 'succeeded', output: { text: 'fine now' } });
    expect(result.warnings).toEqual([expect.objectContaining({ code: 'model_error', message: expect.stringContaining('retry 1') })]);
  });

  it('refuses input that fails the input schema before any run exists, naming each path', async () => {
    const { resolveModel } = scripted([{ text: 'never' }]);
    const agent = makeAgent({ input: { type: 'object', properties: { text: { type: 'string' }, count: { type: 'integer' } }, required: ['text'] } });
    const attempt = runAgent({ agent, input: { count: 'two' }, store, resolveModel });
    await expect(attempt).rejects.toMatchObject({ code: 'input_invalid', fault: 'user' });
    await expect(attempt).rejects.toThrow(/text: is required.*count: must be integer/);
    expect(await store.runs.list()).toEqual([]);
  });

  it('refuses to start a model agent when no model is configured', async () => {
    await expect(runAgent({ agent: makeAgent({}), input: { text: 'x' }, store })).rejects.toMatchObject({ code: 'model_not_configured' });
    expect(await store.runs.list()).toEqual([]);
  });
});
