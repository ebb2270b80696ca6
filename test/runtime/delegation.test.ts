import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AgentDefinition, AgentSpecInput } from '../../src/core/agent-spec.ts';
import { schemaFromZod } from '../../src/core/schema.ts';
import type { RunEvent } from '../../src/core/events.ts';
import { runAgent } from '../../src/runtime/run-agent.ts';
import type { Store } from '../../src/store/store.ts';
import { makeAgent, temporaryStore } from '../support/agents.ts';
import { modelByAgent, promptText } from '../support/model-by-agent.ts';

function agent(id: string, spec: Partial<AgentSpecInput> = {}, handler?: AgentDefinition['handler']): AgentDefinition {
  return makeAgent({ id, instructions: `You are ${id}.`, ...spec }, handler);
}

describe('handoffs and delegation', () => {
  let store: Store;
  let close: () => Promise<void>;
  beforeEach(async () => {
    ({ store, close } = await temporaryStore());
  });
  afterEach(async () => close());

  async function run(agents: AgentDefinition[], scripts: Parameters<typeof modelByAgent>[0], options: { input?: unknown; handoffs?: { maxDepth?: number; allowCycles?: boolean }; conversation?: Array<{ role: 'user' | 'assistant'; text: string }> } = {}) {
    const byId = new Map(agents.map((definition) => [definition.spec.id, definition]));
    const models = modelByAgent(scripts);
    const result = await runAgent({
      agent: agents[0]!,
      input: options.input ?? { text: 'please help' },
      store,
      resolveModel: models.resolveModel,
      findAgent: (id) => byId.get(id),
      ...(options.handoffs === undefined ? {} : { handoffs: options.handoffs }),
      ...(options.conversation === undefined ? {} : { conversation: options.conversation }),
    });
    const events = await store.journal.read(result.runId);
    return { result, events, received: models.received };
  }

  const types = (events: RunEvent[]) => events.map((event) => event.type);
  const payloadOf = <Type extends RunEvent['type']>(events: RunEvent[], type: Type) => events.find((event) => event.type === type)?.payload as Extract<RunEvent, { type: Type }>['payload'];

  it('transfers: the target answers the user, its answer is the output, and the chain is journalled', async () => {
    const { result, events, received } = await run(
      [agent('front', { handoffs: ['expert'] }), agent('expert')],
      {
        front: [{ toolCalls: [{ toolName: 'handoff_to_expert', input: { task: 'Explain mutexes to the user', facts: { level: 'beginner' }, constraints: ['be brief'] } }] }],
        expert: [{ text: 'A mutex lets one thread in at a time.' }],
      },
    );
    expect(result).toMatchObject({ status: 'succeeded', output: { text: 'A mutex lets one thread in at a time.' } });
    expect(types(events)).toEqual(['run-start', 'agent-start', 'model-call', 'model-result', 'handoff-send', 'handoff-accept', 'run-end']);
    const accept = payloadOf(events, 'handoff-accept');
    expect(accept.envelope).toMatchObject({ version: 1, from: 'front', to: 'expert', mode: 'transfer', task: 'Explain mutexes to the user', facts: { level: 'beginner' }, depth: 1, history: { mode: 'none', runId: result.runId } });
    const child = await store.runs.get(accept.childRunId);
    expect(child).toMatchObject({ parentRunId: result.runId, agentId: 'expert', status: 'succeeded' });
    const brief = promptText(received['expert']?.[0]);
    expect(brief).toContain('Task from front (you now answer the user directly)');
    expect(brief).toContain('- level: beginner');
    expect(brief).toContain('- be brief');
    expect(received['front']?.[0]?.tools?.map((tool) => tool.name)).toEqual(['handoff_to_expert']);
  });

  it('delegates: the result goes back to the caller, who goes on', async () => {
    const { result, events, received } = await run(
      [agent('boss', { delegates: ['worker'] }), agent('worker')],
      {
        boss: [{ toolCalls: [{ toolName: 'delegate_to_worker', input: { task: 'Add 40 and 2' }, toolCallId: 'd1' }] }, { text: 'The worker says 42.' }],
        worker: [{ text: '42' }],
      },
    );
    expect(result).toMatchObject({ status: 'succeeded', output: { text: 'The worker says 42.' } });
    expect(types(events)).toEqual(['run-start', 'agent-start', 'model-call', 'model-result', 'delegate-start', 'delegate-end', 'model-call', 'model-result', 'run-end']);
    expect(payloadOf(events, 'delegate-end')).toMatchObject({ targetId: 'worker', status: 'succeeded', output: { text: '42' } });
    const toolMessage = received['boss']?.[1]?.prompt.find((message) => message.role === 'tool');
    expect(JSON.stringify(toolMessage)).toContain('"ok":true');
    expect(JSON.stringify(toolMessage)).toContain('42');
  });

  it('passes facts named like the target input fields as input, validated by the target schema', async () => {
    const target = agent('translator-lite', { input: { type: 'object', properties: { text: { type: 'string' }, targetLanguage: { type: 'string' } }, required: ['text', 'targetLanguage'] } });
    const ok = await run([agent('front', { delegates: ['translator-lite'] }), target], {
      front: [{ toolCalls: [{ toolName: 'delegate_to_translator_lite', input: { task: 'Translate hello', facts: { targetLanguage: 'German' } } }] }, { text: 'Hallo.' }],
      'translator-lite': [{ text: 'Hallo' }],
    });
    expect(ok.result.status).toBe('succeeded');
    const childInput = (await store.runs.get(payloadOf(ok.events, 'delegate-start').childRunId))?.input;
    expect(childInput).toMatchObject({ targetLanguage: 'German' });
  });

  describe('rejections: shown to the sender once, then a failure', () => {
    const cases: Array<[string, AgentDefinition[], Record<string, unknown>, string, { maxDepth?: number }?]> = [
      ['a target not on the allow-list', [agent('front', { handoffs: ['expert'] }), agent('expert'), agent('other')], { name: 'handoff_to_other', input: { task: 'x' } }, 'not_allowed'],
      ['an envelope without a task', [agent('front', { handoffs: ['expert'] }), agent('expert')], { name: 'handoff_to_expert', input: { facts: {} } }, 'invalid_envelope'],
      ['an unknown history policy', [agent('front', { handoffs: ['expert'] }), agent('expert')], { name: 'handoff_to_expert', input: { task: 'x', history: 'everything' } }, 'invalid_envelope'],
      ['input the target refuses', [agent('front', { handoffs: ['strict'] }), agent('strict', { input: { type: 'object', properties: { text: { type: 'string' }, sku: { type: 'string' } }, required: ['text', 'sku'] } })], { name: 'handoff_to_strict', input: { task: 'x' } }, 'input_invalid'],
      ['a chain too deep', [agent('front', { handoffs: ['expert'] }), agent('expert')], { name: 'handoff_to_expert', input: { task: 'x' } }, 'too_deep', { maxDepth: 0 }],
    ];
    for (const [name, agents, call, reason, limits] of cases) {
      it(`refuses ${name} (${reason}), lets the model recover, and fails on a second refusal`, async () => {
        const attempt = { toolCalls: [{ toolName: String(call['name']), input: call['input'] as object }] };
        const recovered = await run(agents, { front: [attempt, { text: 'I will answer myself.' }] }, limits === undefined ? {} : { handoffs: limits });
        expect(recovered.result).toMatchObject({ status: 'succeeded', output: { text: 'I will answer myself.' } });
        expect(recovered.result.warnings.map((warning) => warning.code)).toEqual(['handoff_rejected']);
        expect(payloadOf(recovered.events, 'handoff-reject')).toMatchObject({ reason });
        expect(promptText(recovered.received['front']?.[1])).toContain('handoff_rejected');

        const failed = await run(agents, { front: [attempt, attempt] }, limits === undefined ? {} : { handoffs: limits });
        expect(failed.result.status).toBe('failed');
        expect(failed.result.error).toMatchObject({ code: 'handoff_rejected', details: { reason } });
      });
    }

    it('refuses a cycle back to an agent already in the chain', async () => {
      const { result, received } = await run([agent('alpha', { handoffs: ['beta'] }), agent('beta', { handoffs: ['alpha'] })], {
        alpha: [{ toolCalls: [{ toolName: 'handoff_to_beta', input: { task: 'go' } }] }],
        beta: [{ toolCalls: [{ toolName: 'handoff_to_alpha', input: { task: 'back' } }] }, { text: 'Fine, beta answers.' }],
      });
      expect(result).toMatchObject({ status: 'succeeded', output: { text: 'Fine, beta answers.' } });
      expect(promptText(received['beta']?.[1])).toContain('would make a cycle: alpha -> beta -> alpha');
    });
  });

  it('keeps a failed delegate as a warning when the caller recovers', async () => {
    const { result } = await run([agent('boss', { delegates: ['worker'] }), agent('worker')], {
      boss: [{ toolCalls: [{ toolName: 'delegate_to_worker', input: { task: 'do it' } }] }, { text: 'The worker failed, so here is my own answer.' }],
      worker: [{ text: '' }],
    });
    expect(result.status).toBe('succeeded');
    expect(result.warnings).toEqual([expect.objectContaining({ code: 'delegate_failed', message: expect.stringContaining('model_output_empty') })]);
  });

  it("fails with the delegate's error as cause when the caller does not recover", async () => {
    const { result } = await run([agent('boss', { delegates: ['worker'] }), agent('worker')], {
      boss: [{ toolCalls: [{ toolName: 'delegate_to_worker', input: { task: 'do it' } }] }, { text: '' }],
      worker: [{ text: '', finishReason: 'length' }],
    });
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ code: 'model_output_empty', details: { delegateError: { code: 'model_truncated' } } });
  });

  it('flows the budget down: a delegate gets at most the steps its caller has left', async () => {
    const loop = { toolCalls: [{ toolName: 'delegate_to_worker', input: { task: 'loop' } }] };
    const { events, received } = await run([agent('boss', { delegates: ['worker'], limits: { maxSteps: 3, timeoutMs: 10_000 } }), agent('worker', { delegates: ['boss'], limits: { maxSteps: 50, timeoutMs: 10_000 } })], {
      boss: [loop, { text: 'done' }],
      worker: Array.from({ length: 5 }, () => ({ toolCalls: [{ toolName: 'no_such_tool', input: {} }] })),
    });
    expect(payloadOf(events, 'delegate-start').envelope.budget).toEqual({ steps: 2 });
    expect(received['worker']).toHaveLength(2);
    expect(payloadOf(events, 'delegate-end')).toMatchObject({ status: 'failed', error: { code: 'limit_exceeded' } });
  });

  describe('history policies: the target sees only what the policy allows', () => {
    const conversation = [
      { role: 'user' as const, text: 'first question about invoices' },
      { role: 'assistant' as const, text: 'first answer' },
      { role: 'user' as const, text: 'second question about suppliers' },
      { role: 'assistant' as const, text: 'second answer' },
    ];
    const cases: Array<[string, string[], string[]]> = [
      ['none', [], ['first question', 'second question', 'Conversation so far']],
      ['last:2', ['second answer', 'now the third'], ['first question', 'second question']],
      ['full', ['first question about invoices', 'second answer', 'now the third'], []],
    ];
    for (const [mode, present, absent] of cases) {
      it(mode, async () => {
        const { received } = await run(
          [agent('boss', { delegates: ['worker'] }), agent('worker')],
          { boss: [{ toolCalls: [{ toolName: 'delegate_to_worker', input: { task: 'help', history: mode } }] }, { text: 'ok' }], worker: [{ text: 'done' }] },
          { conversation, input: { text: 'now the third' } },
        );
        const seen = promptText(received['worker']?.[0]);
        for (const text of present) expect(seen).toContain(text);
        for (const text of absent) expect(seen).not.toContain(text);
      });
    }

    it("defaults to the target's own policy", async () => {
      const { received } = await run([agent('boss', { delegates: ['worker'] }), agent('worker', { history: 'last:1' })], { boss: [{ toolCalls: [{ toolName: 'delegate_to_worker', input: { task: 'help' } }] }, { text: 'ok' }], worker: [{ text: 'done' }] }, { conversation, input: { text: 'the latest' } });
      const seen = promptText(received['worker']?.[0]);
      expect(seen).toContain('Conversation so far (last:1)');
      expect(seen).toContain('the latest');
      expect(seen).not.toContain('second answer');
    });
  });

  it('summary history: the fast model summarises the conversation for the target', async () => {
    const byId = new Map([agent('boss', { delegates: ['worker'] }), agent('worker')].map((definition) => [definition.spec.id, definition]));
    const agentsModel = modelByAgent({ boss: [{ toolCalls: [{ toolName: 'delegate_to_worker', input: { task: 'help', history: 'summary' } }] }, { text: 'ok' }], worker: [{ text: 'done' }] });
    const { ScriptedModel } = await import('../../src/models/testing.ts');
    const fast = new ScriptedModel([{ text: 'The user asked about invoices and suppliers.' }]);
    const result = await runAgent({
      agent: byId.get('boss')!,
      input: { text: 'now the third' },
      store,
      conversation: [{ role: 'user', text: 'first question about invoices' }, { role: 'assistant', text: 'first answer' }],
      resolveModel: (reference) => (reference === 'fast' ? { model: fast, modelString: 'scripted:fast', baseUrl: null, price: undefined } : agentsModel.resolveModel()),
      findAgent: (id) => byId.get(id),
    });
    expect(result.status).toBe('succeeded');
    expect(JSON.stringify(fast.calls[0]?.prompt)).toContain('first question about invoices');
    const seen = promptText(agentsModel.received['worker']?.[0]);
    expect(seen).toContain('(summary of 3 turns) The user asked about invoices and suppliers.');
    expect(seen).not.toContain('first answer');
  });

  it('summary history without a fast model sends the last turns that fit, as documented (no warning)', async () => {
    const { result, received } = await run(
      [agent('boss', { delegates: ['worker'] }), agent('worker')],
      { boss: [{ toolCalls: [{ toolName: 'delegate_to_worker', input: { task: 'help', history: 'summary' } }] }, { text: 'ok' }], worker: [{ text: 'done' }] },
      { conversation: [{ role: 'user', text: 'old turn' }], input: { text: 'the newest turn' } },
    );
    const seen = promptText(received['worker']?.[0]);
    expect(seen).toContain('Conversation so far (summary)');
    expect(seen).toContain('old turn');
    expect(result.warnings).toEqual([]);
  });

  it('summary history whose fast model fails falls back to the last turns, and says so in a warning', async () => {
    const byId = new Map([agent('boss', { delegates: ['worker'] }), agent('worker')].map((definition) => [definition.spec.id, definition]));
    const agentsModel = modelByAgent({ boss: [{ toolCalls: [{ toolName: 'delegate_to_worker', input: { task: 'help', history: 'summary' } }] }, { text: 'ok' }], worker: [{ text: 'done' }] });
    const { ScriptedModel } = await import('../../src/models/testing.ts');
    const fast = new ScriptedModel([{ text: '   ' }]);
    const result = await runAgent({
      agent: byId.get('boss')!,
      input: { text: 'the newest turn' },
      store,
      conversation: [{ role: 'user', text: 'old turn' }],
      resolveModel: (reference) => (reference === 'fast' ? { model: fast, modelString: 'scripted:fast', baseUrl: null, price: undefined } : agentsModel.resolveModel()),
      findAgent: (id) => byId.get(id),
    });
    expect(result.status).toBe('succeeded');
    expect(result.warnings).toEqual([expect.objectContaining({ code: 'model_output_empty', message: expect.stringContaining('the last turns were sent instead') })]);
    expect(promptText(agentsModel.received['worker']?.[0])).toContain('old turn');
  });

  it('the target can read the sender transcript by reference, and only that one', async () => {
    const { result, received } = await run([agent('front', { handoffs: ['expert'] }), agent('expert')], {
      front: [{ toolCalls: [{ toolName: 'handoff_to_expert', input: { task: 'finish this' } }] }],
      expert: [
        { toolCalls: [{ toolName: 'read_transcript', input: { runId: 'run_someone_else' } }] },
        (options) => {
          const sender = /The full conversation is in run (run_[0-9a-z]+)/.exec(JSON.stringify(options.prompt))![1]!;
          return { toolCalls: [{ toolName: 'read_transcript', input: { runId: sender } }] };
        },
        { text: 'Read it.' },
      ],
    });
    expect(result.status).toBe('succeeded');
    const lastPrompt = JSON.stringify(received['expert']?.[2]?.prompt);
    expect(lastPrompt).toContain('tool_not_allowed');
    expect(lastPrompt).toContain('please help');
  });

  it('lets code agents delegate through ctx.delegate, with a typed result and an expected output', async () => {
    const expectNumber = schemaFromZod(z.object({ text: z.string().regex(/^\d+$/) }));
    const coordinator = agent('coordinator', { delegates: ['worker'] }, async (_input, context) => {
      const good = await context.delegate('worker', { task: 'Give a number' }, { expect: expectNumber });
      const bad = await context.delegate('worker', { task: 'Give a number' }, { expect: expectNumber });
      const refused = await context.delegate('nobody', { task: 'x' });
      return { good, bad, refused };
    });
    const { result, events } = await run([coordinator, agent('worker')], { worker: [{ text: '7' }, { text: 'seven' }] });
    const output = result.output as { good: { ok: boolean; output: unknown }; bad: { ok: boolean; error: { code: string } }; refused: { ok: boolean; error: { code: string; details: { reason: string } } } };
    expect(output.good).toMatchObject({ ok: true, output: { text: '7' } });
    expect(output.bad).toMatchObject({ ok: false, error: { code: 'output_invalid' } });
    expect(output.refused).toMatchObject({ ok: false, error: { code: 'handoff_rejected', details: { reason: 'not_allowed' } } });
    expect(types(events).filter((type) => type.startsWith('delegate'))).toEqual(['delegate-start', 'delegate-end', 'delegate-start', 'delegate-end']);
    expect(result.status).toBe('succeeded');
  });
});
