import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NovaError } from '../../src/core/errors.ts';
import { runAgent } from '../../src/runtime/run-agent.ts';
import type { Store } from '../../src/store/store.ts';
import { makeAgent, temporaryStore } from '../support/agents.ts';

describe('runAgent with a code agent', () => {
  let store: Store;
  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ store, close } = await temporaryStore());
  });
  afterEach(async () => close());

  const output = { type: 'object', properties: { total: { type: 'number' } }, required: ['total'] };

  it('runs the handler with its input and journals one step, with no model at all', async () => {
    const agent = makeAgent({ output }, async (input) => ({ total: (input as { values: number[] }).values.reduce((sum, value) => sum + value, 0) }));
    const result = await runAgent({ agent, input: { values: [1, 2, 3.5] }, store });
    expect(result).toMatchObject({ status: 'succeeded', output: { total: 6.5 }, error: null });
    expect((await store.journal.read(result.runId)).map((event) => event.type)).toEqual(['run-start', 'agent-start', 'step-start', 'step-end', 'run-end']);
  });

  it('keeps what the handler warns about on the run', async () => {
    const agent = makeAgent({}, async (_input, context) => {
      await context.warn('row_skipped', 'row 7 had no amount');
      return { done: true };
    });
    const result = await runAgent({ agent, input: {}, store });
    expect(result.status).toBe('succeeded');
    expect(result.warnings).toEqual([expect.objectContaining({ code: 'row_skipped', message: 'row 7 had no amount' })]);
  });

  it('fails with output_invalid when the handler breaks its own output schema', async () => {
    const agent = makeAgent({ output }, async () => ({ total: 'many' }));
    const result = await runAgent({ agent, input: {}, store });
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ code: 'output_invalid', fault: 'system' });
  });

  it('turns a plain exception into a loud internal_error naming the agent', async () => {
    const agent = makeAgent({ id: 'summer' }, async () => {
      throw new TypeError('cannot read properties of undefined');
    });
    const result = await runAgent({ agent, input: {}, store });
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ code: 'internal_error', fault: 'system', message: expect.stringContaining('summer') });
  });

  it("keeps a handler's own NovaError as it is", async () => {
    const agent = makeAgent({}, async () => {
      throw new NovaError({ code: 'input_invalid', fault: 'user', message: 'no such PO', hint: 'check the number' });
    });
    const result = await runAgent({ agent, input: {}, store });
    expect(result.error).toMatchObject({ code: 'input_invalid', fault: 'user', hint: 'check the number' });
  });

  it("passes the run's conversation to a handler's requests unless the request says otherwise", async () => {
    const { ScriptedModel } = await import('../../src/models/testing.ts');
    const model = new ScriptedModel([{ text: 'with history' }, { text: 'alone' }]);
    const agent = makeAgent({ engine: 'model', instructions: 'x' }, async (_input, context) => {
      await context.generate({ prompt: 'follow-up' });
      await context.generate({ prompt: 'standalone', conversation: [] });
      return { done: true };
    });
    const result = await runAgent({
      agent,
      input: {},
      store,
      conversation: [{ role: 'user', text: 'earlier question' }, { role: 'assistant', text: 'earlier answer' }],
      resolveModel: () => ({ model, modelString: 'scripted:x', baseUrl: null, price: undefined }),
    });
    expect(result.status).toBe('succeeded');
    expect(JSON.stringify(model.calls[0]?.prompt)).toContain('earlier answer');
    expect(JSON.stringify(model.calls[1]?.prompt)).not.toContain('earlier answer');
  });

  it('gives the handler an idempotency key: the run id, or the one the caller passes', async () => {
    const agent = makeAgent({}, async (_input, context) => ({ key: context.idempotencyKey }));
    const plain = await runAgent({ agent, input: {}, store });
    expect(plain.output).toEqual({ key: plain.runId });
    const keyed = await runAgent({ agent, input: {}, store, idempotencyKey: 'run_x/step-a/1' });
    expect(keyed.output).toEqual({ key: 'run_x/step-a/1' });
  });

  it('is cancelled even when the handler ignores the signal', async () => {
    const controller = new AbortController();
    const agent = makeAgent({}, () => new Promise(() => setTimeout(() => controller.abort(), 10)));
    const result = await runAgent({ agent, input: {}, store, signal: controller.signal });
    expect(result.status).toBe('cancelled');
  });
});
