import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { schemaFromZod } from '../../src/core/schema.ts';
import type { ToolDefinition } from '../../src/core/tool-spec.ts';
import { createModelResolver } from '../../src/models/model-resolver.ts';
import { runAgent } from '../../src/runtime/run-agent.ts';
import type { Store } from '../../src/store/store.ts';
import { makeAgent, temporaryStore } from '../support/agents.ts';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../support/fake-openai-server.ts';

interface ChatRequest {
  stream?: boolean;
  tools?: Array<{ function: { name: string } }>;
  messages: Array<{ role: string; content: unknown; tool_call_id?: string; tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }> }>;
}

const lookup: ToolDefinition<{ sku: string }> = {
  name: 'stock_level',
  description: 'On-hand quantity of an item.',
  input: schemaFromZod(z.object({ sku: z.string() })),
  execute: async ({ sku }) => ({ sku, onHand: 42 }),
};

describe('the agent loop over the real OpenAI-compatible provider path', () => {
  let server: FakeOpenAIServer;
  let store: Store;
  let close: () => Promise<void>;

  beforeAll(async () => {
    server = await startFakeOpenAIServer();
  });
  afterAll(async () => server.close());
  beforeEach(async () => {
    server.requests.length = 0;
    ({ store, close } = await temporaryStore());
  });
  afterEach(async () => close());

  const resolveModel = () =>
    createModelResolver({
      settings: { aliases: {} },
      env: { NOVA_MODEL: 'openai-compatible:fake-model', NOVA_OPENAI_COMPATIBLE_BASE_URL: server.url },
    });

  for (const stream of [false, true]) {
    it(`runs a tool call round trip ${stream ? 'streaming' : 'without streaming'}`, async () => {
      server.enqueue(
        { toolCalls: [{ id: 'call_7', name: 'stock_level', arguments: { sku: 'AB-1' } }], usage: { promptTokens: 20, completionTokens: 8 } },
        { text: stream ? ['There are ', '42 on hand.'] : 'There are 42 on hand.', usage: { promptTokens: 40, completionTokens: 6 } },
      );
      const deltas: string[] = [];
      const result = await runAgent({
        agent: makeAgent({ tools: ['stock_level'] }),
        input: { text: 'how many AB-1?' },
        store,
        resolveModel: resolveModel(),
        tools: new Map([['stock_level', lookup as ToolDefinition]]),
        stream,
        onTextDelta: (delta) => deltas.push(delta),
      });
      expect(result).toMatchObject({ status: 'succeeded', output: { text: 'There are 42 on hand.' }, warnings: [] });
      expect(result.usage).toMatchObject({ inputTokens: 60, outputTokens: 14 });
      const [first, second] = server.requests.map((request) => request.body as ChatRequest);
      expect(first?.stream ?? false).toBe(stream);
      expect(first?.tools?.map((tool) => tool.function.name)).toEqual(['stock_level']);
      const assistant = second?.messages.find((message) => message.role === 'assistant');
      expect(assistant?.tool_calls?.[0]).toMatchObject({ id: 'call_7', function: { name: 'stock_level' } });
      const toolMessage = second?.messages.find((message) => message.role === 'tool');
      expect(toolMessage).toMatchObject({ tool_call_id: 'call_7' });
      expect(JSON.parse(String(toolMessage?.content))).toEqual({ sku: 'AB-1', onHand: 42 });
      if (stream) expect(deltas.join('')).toBe('There are 42 on hand.');
    });
  }

  it('retries a 500 and a 429, keeps both as warnings, and succeeds', async () => {
    server.enqueue({ status: 500, error: { message: 'boom', type: 'server_error' } }, { status: 429, error: { message: 'slow down' }, headers: { 'retry-after': '0' } }, { text: 'finally' });
    const result = await runAgent({ agent: makeAgent({}), input: { text: 'x' }, store, resolveModel: resolveModel(), _internal: { retry: { baseDelayMs: 1, maxDelayMs: 5 } } });
    expect(result).toMatchObject({ status: 'succeeded', output: { text: 'finally' } });
    expect(result.warnings.map((warning) => warning.code)).toEqual(['model_error', 'model_error']);
    expect(server.requests).toHaveLength(3);
  });

  it('fails the run with model_error after the retries run out', async () => {
    server.enqueue(...Array.from({ length: 4 }, () => ({ status: 503, error: { message: 'overloaded' } })));
    const result = await runAgent({ agent: makeAgent({}), input: { text: 'x' }, store, resolveModel: resolveModel(), _internal: { retry: { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 5 } } });
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ code: 'model_error', fault: 'provider', retryable: true });
    expect(server.requests).toHaveLength(4);
  });
});
