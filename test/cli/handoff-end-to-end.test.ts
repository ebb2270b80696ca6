import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseJsonOutput, runCli } from '../support/cli.ts';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../support/fake-openai-server.ts';
import { temporaryDirectory } from '../support/temporary-directory.ts';

interface ChatRequest {
  tools?: Array<{ function: { name: string } }>;
  messages: Array<{ role: string; content: unknown }>;
}

describe('handoffs over the real provider path', () => {
  let server: FakeOpenAIServer;
  let home: { path: string; remove: () => void };
  let env: Record<string, string>;

  beforeAll(async () => {
    server = await startFakeOpenAIServer();
  });
  afterAll(async () => server.close());
  beforeEach(() => {
    home = temporaryDirectory();
    env = { NOVA_HOME: home.path, NOVA_MODEL: 'openai-compatible:fake-model', NOVA_OPENAI_COMPATIBLE_BASE_URL: server.url };
    server.requests.length = 0;
  });
  afterEach(() => home.remove());

  it('a handoff_to_translator tool call hands the conversation over; the output is the translator answer, the chain is in the journal', async () => {
    mkdirSync(join(home.path, 'agents'));
    writeFileSync(
      join(home.path, 'agents', 'front-desk.md'),
      '---\nid: front-desk\nname: Front desk\ncategory: chat\ndescription: Greets requests and hands them to the right specialist.\nsamples: [help me with this, I have a request, can you take this]\nengine: model\nhandoffs: [translator]\n---\nYou are the front desk. Hand translation requests to the translator.\n',
    );
    server.enqueue(
      { toolCalls: [{ id: 'call_h1', name: 'handoff_to_translator', arguments: { task: 'Translate "good morning" into German', facts: { targetLanguage: 'German' } } }] },
      { text: JSON.stringify({ translation: 'Guten Morgen', targetLanguage: 'German' }) },
    );
    const result = await runCli(['run', 'front-desk', 'please translate "good morning" to German', '--json'], env);
    const json = parseJsonOutput(result);
    expect(json).toMatchObject({ status: 'succeeded', output: { translation: 'Guten Morgen', targetLanguage: 'German' } });

    const first = server.requests[0]?.body as ChatRequest;
    expect(first.tools?.map((tool) => tool.function.name)).toEqual(['handoff_to_translator']);
    const second = server.requests[1]?.body as ChatRequest;
    expect(JSON.stringify(second.messages)).toContain('Task from front-desk (you now answer the user directly)');
    expect(JSON.stringify(second.messages)).toContain('Translate \\"good morning\\" into German');

    const shown = parseJsonOutput(await runCli(['runs', 'show', String(json['runId']), '--json'], env));
    const events = shown['events'] as Array<{ type: string; payload: { childRunId?: string } }>;
    expect(events.map((event) => event.type)).toEqual(['run-start', 'agent-start', 'model-call', 'model-result', 'handoff-send', 'handoff-accept', 'run-end']);
    const childRunId = events.find((event) => event.type === 'handoff-accept')?.payload.childRunId;
    const child = parseJsonOutput(await runCli(['runs', 'show', String(childRunId), '--json'], env));
    expect(child['run']).toMatchObject({ agentId: 'translator', parentRunId: json['runId'], status: 'succeeded' });
    const timeline = await runCli(['runs', 'show', String(json['runId'])], env);
    expect(timeline.stdout).toMatch(/handoff-send\s+front-desk -> translator \(transfer\)/);
    expect(timeline.stdout).toMatch(/handoff-accept\s+translator takes over in run run_/);
  });

  it('the planner carries out its plan by delegating each step, and reports each result', async () => {
    server.enqueue(
      {
        text: JSON.stringify({
          goal: 'Send a German summary of the minutes',
          steps: [
            { order: 1, title: 'Summarise', detail: 'Summarise the minutes.', agentId: 'summarizer' },
            { order: 2, title: 'Translate', detail: 'Translate the summary into German.', agentId: 'translator' },
            { order: 3, title: 'Send', detail: 'Send it to the team.', agentId: null },
          ],
        }),
      },
      { text: JSON.stringify({ summary: 'Budget approved.', keyPoints: ['Budget approved'] }) },
      { text: JSON.stringify({ translation: 'Budget genehmigt.', targetLanguage: 'German' }) },
    );
    const json = parseJsonOutput(await runCli(['run', 'planner', '--input', JSON.stringify({ text: 'summarise the minutes and translate them into German', execute: true }), '--json'], env));
    expect(json['status']).toBe('succeeded');
    const steps = (json['output'] as { steps: Array<{ agentId: string | null; result: { status: string; output?: unknown; reason?: string } }> }).steps;
    expect(steps.map((step) => step.result.status)).toEqual(['succeeded', 'succeeded', 'skipped']);
    expect(steps[0]?.result.output).toMatchObject({ summary: 'Budget approved.' });
    expect(steps[1]?.result.output).toMatchObject({ translation: 'Budget genehmigt.' });
    const shown = parseJsonOutput(await runCli(['runs', 'show', String(json['runId']), '--json'], env));
    expect((shown['events'] as Array<{ type: string }>).filter((event) => event.type.startsWith('delegate')).map((event) => event.type)).toEqual(['delegate-start', 'delegate-end', 'delegate-start', 'delegate-end']);
  });
});
