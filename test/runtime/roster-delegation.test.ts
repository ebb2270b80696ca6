import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LanguageModelV3CallOptions } from '@ai-sdk/provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentDefinition } from '../../src/core/agent-spec.ts';
import type { RunEvent } from '../../src/core/events.ts';
import { delegateToolName } from '../../src/core/handoff-envelope.ts';
import { ScriptedModel, type ScriptedAnswer } from '../../src/models/testing.ts';
import { openNova, shippedRosterDirectory, type Nova } from '../../src/app/nova.ts';
import { runAgent } from '../../src/runtime/run-agent.ts';
import { makeAgent } from '../support/agents.ts';
import { temporaryDirectory } from '../support/temporary-directory.ts';

/** Every agent file of the shipped roster, by the id in its front matter. */
function rosterIds(): string[] {
  const ids: string[] = [];
  for (const entry of readdirSync(shippedRosterDirectory, { recursive: true, encoding: 'utf8' })) {
    if (!entry.endsWith('.md')) continue;
    const id = /^id:\s*(\S+)\s*$/m.exec(readFileSync(join(shippedRosterDirectory, entry), 'utf8'))?.[1];
    if (id === undefined) throw new Error(`roster file ${entry} has no id`);
    ids.push(id);
  }
  return ids.sort();
}

const senderId = 'delegation-tester';
const roster = rosterIds();

describe('a model agent delegates to every roster agent', () => {
  let home: { path: string; remove: () => void };
  let nova: Nova;
  let csvFile: string;

  beforeAll(async () => {
    home = temporaryDirectory();
    nova = await openNova({ env: { NOVA_HOME: home.path } });
    mkdirSync(join(home.path, 'temp'));
    csvFile = join(home.path, 'temp', 'orders.csv');
    writeFileSync(csvFile, 'customer,month,amount\nacme,2026-01,10.50\nglobex,2026-02,4.00\n');
  });
  afterAll(async () => {
    await nova.close();
    home.remove();
  });

  /** Values for the required fields a task cannot give (the sender passes them as facts). */
  function requiredFacts(target: AgentDefinition): Record<string, unknown> {
    const known: Record<string, unknown> = { file: csvFile };
    const required = (target.inputSchema?.jsonSchema['required'] as string[] | undefined) ?? [];
    const facts: Record<string, unknown> = {};
    for (const field of required.filter((name) => name !== 'text' && name !== 'request')) {
      if (!(field in known)) throw new Error(`${target.spec.id} requires "${field}": give this test a value for it`);
      facts[field] = known[field];
    }
    return facts;
  }

  /**
   * Runs the sender, whose model makes one delegate call and then finishes; every other model call (a
   * model agent as the delegate) answers "ok", which may fail that agent's output schema: the child's
   * own business, not the delegation's.
   */
  async function delegate(targetId: string, call: { task: string; facts?: Record<string, unknown> }) {
    const answer = (options: LanguageModelV3CallOptions): ScriptedAnswer => {
      const system = options.prompt[0]?.role === 'system' ? options.prompt[0].content : '';
      if (!system.includes(`You are ${senderId}.`)) return { text: 'ok' };
      const answered = options.prompt.some((message) => message.role === 'tool');
      return answered ? { text: 'done' } : { toolCalls: [{ toolName: delegateToolName(targetId), input: call }] };
    };
    const model = new ScriptedModel([answer], { repeat: true });
    const sender = makeAgent({ id: senderId, instructions: `You are ${senderId}.`, delegates: roster, limits: { maxSteps: 4, timeoutMs: 60_000 } });
    const result = await runAgent({
      agent: sender,
      input: { text: `delegate to ${targetId}` },
      store: nova.store,
      tools: nova.tools,
      // The roots of this Nova ($NOVA_HOME among them), as nova run gives them.
      files: nova.files,
      agents: nova.agents.summaries(),
      resolveModel: () => ({ model, modelString: 'scripted:test', baseUrl: null, price: undefined }),
      findAgent: (id) => (nova.agents.has(id) ? nova.agents.get(id) : undefined),
    });
    const events = await nova.store.journal.read(result.runId);
    return { result, events };
  }

  const ofType = <Type extends RunEvent['type']>(events: RunEvent[], type: Type) =>
    events.filter((event): event is Extract<RunEvent, { type: Type }> => event.type === type);

  it('covers the whole shipped roster', () => {
    expect(roster.length).toBeGreaterThanOrEqual(29);
    expect(roster).toEqual(nova.agents.list().filter((agent) => agent.origin === 'shipped').map((agent) => agent.spec.id).sort());
  });

  for (const targetId of roster) {
    it(`${targetId} accepts the delegation and its run starts with a valid input`, async () => {
      const target = nova.agents.get(targetId);
      const task = target.spec.samples[0]!;
      const { events } = await delegate(targetId, { task, facts: requiredFacts(target) });

      expect(ofType(events, 'handoff-reject').map((event) => event.payload.error)).toEqual([]);
      const start = ofType(events, 'delegate-start')[0];
      expect(start?.payload.envelope).toMatchObject({ to: targetId, task });
      const child = await nova.store.runs.get(start!.payload.childRunId);
      expect(child, 'the child run exists').toBeDefined();
      expect(target.inputSchema?.validate(child!.input).ok ?? true).toBe(true);

      // The task arrives where the target reads a request: `text` if it has one, else `request`.
      const fields = Object.keys((target.inputSchema?.jsonSchema['properties'] as object | undefined) ?? {});
      const taskField = fields.includes('text') ? 'text' : 'request';
      expect(fields).toContain(taskField);
      const received = (child!.input as Record<string, unknown>)[taskField];
      if (target.spec.engine === 'code') expect(received).toBe(task);
      else expect(received).toEqual(expect.stringContaining(task));

      // The child began its work on that input (its handler ran, or its model was called); it may then
      // fail on its own domain (no ERP data, no such pipeline), which is not the delegation's concern.
      const childEvents = (await nova.store.journal.read(child!.id)).map((event) => event.type);
      expect(childEvents).toContain(target.handler === undefined ? 'model-call' : 'step-start');
      expect(child!.error?.code).not.toBe('handoff_rejected');
      expect(ofType(events, 'delegate-end')[0]?.payload).toMatchObject({ childRunId: child!.id });
    });
  }

  it('refuses loudly, naming the field, a delegation that leaves a required field empty', async () => {
    const { result, events } = await delegate('csv-analyst', { task: 'average amount by month' });
    const reject = ofType(events, 'handoff-reject')[0]?.payload;
    expect(reject).toMatchObject({ targetId: 'csv-analyst', reason: 'input_invalid', error: { code: 'handoff_rejected', details: { missingFields: ['file'] } } });
    expect(reject?.error.message).toContain('csv-analyst cannot take this handoff: its input needs file');
    expect(reject?.error.hint).toContain('"file"');
    expect(ofType(events, 'delegate-start')).toEqual([]);
    expect(result.warnings.map((warning) => warning.code)).toEqual(['handoff_rejected']);
  });

  it('passes facts that are input fields, and warns about facts a code agent has no field for', async () => {
    const { events } = await delegate('csv-analyst', { task: 'average amount by month', facts: { file: csvFile, delimiter: ',', goal: 'a monthly view' } });
    const child = await nova.store.runs.get(ofType(events, 'delegate-start')[0]!.payload.childRunId);
    expect(child?.input).toEqual({ file: csvFile, delimiter: ',', request: 'average amount by month' });
    expect(ofType(events, 'warning').map((event) => event.payload)).toContainEqual(expect.objectContaining({ code: 'handoff_facts_unread', details: { targetId: 'csv-analyst', facts: ['goal'] } }));
  });
});
