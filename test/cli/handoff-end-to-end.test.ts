import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseJsonOutput, runCli } from '../support/cli.ts';
import { useFakeModelHome } from '../support/fake-model-home.ts';

interface ChatRequest {
  tools?: Array<{ function: { name: string } }>;
  messages: Array<{ role: string; content: unknown }>;
}

describe('handoffs over the real provider path', () => {
  const fixture = useFakeModelHome();

  it('a handoff_to_translator tool call hands the conversation over; the output is the translator answer, the chain is in the journal', async () => {
    mkdirSync(join(fixture.home, 'agents'));
    writeFileSync(
      join(fixture.home, 'agents', 'front-desk.md'),
      '---\nid: front-desk\nname: Front desk\ncategory: chat\ndescription: Greets requests and hands them to the right specialist.\nsamples: [help me with this, I have a request, can you take this]\nengine: model\nhandoffs: [translator]\n---\nYou are the front desk. Hand translation requests to the translator.\n',
    );
    fixture.server.enqueue(
      { toolCalls: [{ id: 'call_h1', name: 'handoff_to_translator', arguments: { task: 'Translate "good morning" into German', facts: { targetLanguage: 'German' } } }] },
      { text: JSON.stringify({ translation: 'Guten Morgen', targetLanguage: 'German' }) },
    );
    const result = await runCli(['run', 'front-desk', 'please translate "good morning" to German', '--json'], fixture.env);
    const json = parseJsonOutput(result);
    expect(json).toMatchObject({ status: 'succeeded', output: { translation: 'Guten Morgen', targetLanguage: 'German' } });

    const first = fixture.server.requests[0]?.body as ChatRequest;
    expect(first.tools?.map((tool) => tool.function.name)).toEqual(['handoff_to_translator']);
    const second = fixture.server.requests[1]?.body as ChatRequest;
    expect(JSON.stringify(second.messages)).toContain('Task from front-desk (you now answer the user directly)');
    expect(JSON.stringify(second.messages)).toContain('Translate \\"good morning\\" into German');

    const shown = parseJsonOutput(await runCli(['runs', 'show', String(json['runId']), '--json'], fixture.env));
    const events = shown['events'] as Array<{ type: string; payload: { childRunId?: string } }>;
    expect(events.map((event) => event.type)).toEqual(['run-start', 'agent-start', 'model-call', 'model-result', 'handoff-send', 'handoff-accept', 'run-end']);
    const childRunId = events.find((event) => event.type === 'handoff-accept')?.payload.childRunId;
    const child = parseJsonOutput(await runCli(['runs', 'show', String(childRunId), '--json'], fixture.env));
    expect(child['run']).toMatchObject({ agentId: 'translator', parentRunId: json['runId'], status: 'succeeded' });
    const timeline = await runCli(['runs', 'show', String(json['runId'])], fixture.env);
    expect(timeline.stdout).toMatch(/handoff-send\s+front-desk -> translator \(transfer\)/);
    expect(timeline.stdout).toMatch(/handoff-accept\s+translator takes over in run run_/);
  });

  it('the planner carries out its plan by delegating each step, and reports each result', async () => {
    fixture.server.enqueue(
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
    const json = parseJsonOutput(await runCli(['run', 'planner', '--input', JSON.stringify({ text: 'summarise the minutes and translate them into German', execute: true }), '--json'], fixture.env));
    expect(json['status']).toBe('succeeded');
    const steps = (json['output'] as { steps: Array<{ agentId: string | null; result: { status: string; output?: unknown; reason?: string } }> }).steps;
    expect(steps.map((step) => step.result.status)).toEqual(['succeeded', 'succeeded', 'skipped']);
    expect(steps[0]?.result.output).toMatchObject({ summary: 'Budget approved.' });
    expect(steps[1]?.result.output).toMatchObject({ translation: 'Budget genehmigt.' });
    const shown = parseJsonOutput(await runCli(['runs', 'show', String(json['runId']), '--json'], fixture.env));
    expect((shown['events'] as Array<{ type: string }>).filter((event) => event.type.startsWith('delegate')).map((event) => event.type)).toEqual(['delegate-start', 'delegate-end', 'delegate-start', 'delegate-end']);
  });
});
