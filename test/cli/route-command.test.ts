import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseJsonOutput, runCli } from '../support/cli.ts';
import { useFakeModelHome } from '../support/fake-model-home.ts';

describe('nova route, ask, route feedback and eval routing', () => {
  const fixture = useFakeModelHome();

  it('route prints the decision with its candidates and explanation', async () => {
    const result = await runCli(['route', 'translate this email into Spanish', '--json'], fixture.env);
    expect(result.exitCode).toBe(0);
    const decision = parseJsonOutput(result);
    expect(decision).toMatchObject({ agentId: 'translator', method: 'lexical' });
    expect(Object.keys(decision).sort()).toEqual(['agentId', 'candidates', 'confidence', 'explanation', 'method']);
    expect((decision['candidates'] as unknown[]).length).toBeLessThanOrEqual(5);
    const human = await runCli(['route', 'translate this email into Spanish'], fixture.env);
    expect(human.stdout).toMatch(/^translator · lexical · confidence/);
    expect(human.stdout).toMatch(/closest sample/);
  });

  it('ask routes, runs the agent, and journals the decision as route-decide', async () => {
    fixture.server.enqueue({ text: JSON.stringify({ translation: 'Hola', targetLanguage: 'Spanish' }) });
    const result = await runCli(['ask', 'translate "hello" into Spanish', '--json'], fixture.env);
    const json = parseJsonOutput(result);
    expect(json).toMatchObject({ status: 'succeeded', output: { translation: 'Hola' } });
    const shown = parseJsonOutput(await runCli(['runs', 'show', String(json['runId']), '--json'], fixture.env));
    const events = shown['events'] as Array<{ type: string; payload: { agentId?: string; method?: string } }>;
    expect(events.map((event) => event.type).slice(0, 3)).toEqual(['run-start', 'route-decide', 'agent-start']);
    expect(events[1]?.payload).toMatchObject({ agentId: 'translator', method: 'lexical' });
  });

  it('ask honours an explicit @address', async () => {
    fixture.server.enqueue({ text: 'A mutex lets one thread at a time in.' });
    const json = parseJsonOutput(await runCli(['ask', '@explainer', 'translate', 'nothing, explain a mutex', '--json'], fixture.env));
    expect(json).toMatchObject({ status: 'succeeded', output: { text: 'A mutex lets one thread at a time in.' } });
    const body = fixture.server.requests[0]?.body as { messages: Array<{ content: unknown }> };
    expect(body.messages.at(-1)?.content).toBe('translate nothing, explain a mutex');
  });

  it('ask fails with route_ambiguous listing the candidates, records the run, and learns from feedback', async () => {
    const request = 'zorblax the quux frobnicator';
    const failed = await runCli(['ask', request, '--json'], fixture.env);
    expect(failed.exitCode).toBe(1);
    const json = parseJsonOutput(failed);
    expect(json['error']).toMatchObject({ code: 'route_ambiguous', fault: 'user' });
    const runId = String(json['runId']);
    const shown = parseJsonOutput(await runCli(['runs', 'show', runId, '--json'], fixture.env));
    expect((shown['events'] as Array<{ type: string }>).map((event) => event.type)).toEqual(['run-start', 'route-decide', 'error', 'run-end']);

    const feedback = await runCli(['route', 'feedback', runId, '--agent', 'explainer', '--json'], fixture.env);
    expect(feedback.exitCode).toBe(0);
    expect(parseJsonOutput(feedback)['feedback']).toMatchObject({ agentId: 'explainer', text: request });
    const learned = parseJsonOutput(await runCli(['route', request, '--json'], fixture.env));
    expect(learned['agentId']).toBe('explainer');
    expect(String(learned['explanation'])).toContain(`closest sample "${request}"`);

    // An eval of (a near copy of) what was learned must not count the learned example.
    const file = join(fixture.home, 'learned.jsonl');
    writeFileSync(file, `${JSON.stringify({ text: 'Zorblax the quux frobnicator, please!', agent: 'explainer' })}\n`);
    const evaluated = parseJsonOutput(await runCli(['eval', 'routing', '--file', file, '--json'], fixture.env));
    expect(evaluated).toMatchObject({ total: 1, correct: 0 });
  });

  it('ask uses the fallback when no agent is confident, and rejects an unknown fallback', async () => {
    fixture.server.enqueue({ text: 'Happy to chat about that.' });
    const json = parseJsonOutput(await runCli(['ask', 'zorblax the quux frobnicator', '--fallback', 'chat', '--json'], fixture.env));
    expect(json).toMatchObject({ status: 'succeeded', output: { text: 'Happy to chat about that.' } });
    const bad = await runCli(['ask', 'zorblax', '--fallback', 'chatt', '--json'], fixture.env);
    expect(bad.exitCode).toBe(2);
    expect(parseJsonOutput(bad)['error']).toMatchObject({ code: 'agent_not_found' });
  });

  it('ask asks the person at a terminal to pick among the candidates when unsure', async () => {
    // A user agent worded exactly like the shipped summarizer makes the two tie.
    const { mkdirSync, readFileSync } = await import('node:fs');
    const { shippedRosterDirectory } = await import('../../src/app/nova.ts');
    mkdirSync(join(fixture.home, 'agents'));
    writeFileSync(join(fixture.home, 'agents', 'digest.md'), readFileSync(join(shippedRosterDirectory, 'language', 'summarizer.md'), 'utf8').replace('id: summarizer', 'id: digest').replace('handler: summarize\n', '').replace(/output:[\s\S]*?limits:/, 'limits:'));
    const questions: string[] = [];
    let stderr = '';
    fixture.server.enqueue({ text: 'Here is the gist.' });
    const { main } = await import('../../src/cli/main.ts');
    let stdout = '';
    const exitCode = await main(['ask', 'summarise this report'], {
      stdout: (text) => (stdout += text),
      stderr: (text) => (stderr += text),
      env: { ...fixture.env },
      interactive: false,
      interrupt: new AbortController().signal,
      prompt: async (question) => {
        questions.push(question);
        return 'digest';
      },
    });
    expect(questions).toHaveLength(1);
    expect(stderr).toMatch(/1\. (digest|summarizer)/);
    expect(exitCode).toBe(0);
    expect(stdout).toContain('Here is the gist.');
  });

  it('eval routing prints the report in the documented shape, and --fit stores thresholds that are used afterwards', async () => {
    const report = parseJsonOutput(await runCli(['eval', 'routing', '--json'], fixture.env));
    for (const key of ['total', 'correct', 'abstained', 'misrouted', 'accuracy', 'misroutedRate', 'perAgent', 'confusion']) expect(report).toHaveProperty(key);
    expect(report['accuracy']).toBeCloseTo(Number(report['correct']) / Number(report['total']), 3);

    const file = join(fixture.home, 'labelled.jsonl');
    writeFileSync(file, ['translate this to German', 'translate the memo into French', 'summarise the minutes', 'tl;dr of this report', 'explain what a mutex is', 'what does ECONNRESET mean'].map((text, index) => JSON.stringify({ text, agent: ['translator', 'translator', 'summarizer', 'summarizer', 'explainer', 'explainer'][index] })).join('\n'));
    const fitted = parseJsonOutput(await runCli(['eval', 'routing', '--file', file, '--fit', '--json'], fixture.env));
    expect(fitted['total']).toBe(6);
    expect(existsSync(join(fixture.home, 'router.json'))).toBe(true);
    const after = await runCli(['eval', 'routing', '--file', file], fixture.env);
    expect(after.stdout).toContain(`"temperature":${(fitted['thresholds'] as { temperature: number }).temperature}`);
  });

  it('eval routing refuses an empty file and one that names none of its agents, and lists the agents it skipped', async () => {
    const empty = join(fixture.home, 'empty.jsonl');
    writeFileSync(empty, '\n');
    const none = await runCli(['eval', 'routing', '--file', empty], fixture.env);
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toContain('holds no labelled requests');

    const unknown = join(fixture.home, 'unknown.jsonl');
    writeFileSync(unknown, `${JSON.stringify({ text: 'translate this to German', agent: 'translater' })}\n`);
    const mislabelled = await runCli(['eval', 'routing', '--file', unknown], fixture.env);
    expect(mislabelled.exitCode).toBe(2);
    expect(mislabelled.stderr).toContain('names an agent this Nova has (translater)');
    expect(mislabelled.stderr).toContain('translater -> translator?');

    const partly = join(fixture.home, 'partly.jsonl');
    writeFileSync(partly, [{ text: 'translate this to German', agent: 'translator' }, { text: 'review my last commit', agent: 'code-reviewer' }].map((line) => JSON.stringify(line)).join('\n'));
    const report = parseJsonOutput(await runCli(['eval', 'routing', '--file', partly, '--json'], fixture.env));
    expect(report).toMatchObject({ total: 1, skipped: 1, skippedAgents: { 'code-reviewer': 1 } });
    expect((await runCli(['eval', 'routing', '--file', partly], fixture.env)).stdout).toContain('skipped 1 request(s) labelled with agents this Nova does not have: code-reviewer (1)');
  });

  it('with router.embeddings configured, route decides by meaning what no word matches, and eval routing --fit fits that stage too', async () => {
    // Concept words that only chat's texts use among the shipped agents (checked by hand with grep).
    const concepts = [['howdy', 'yo', 'hiya', 'greetings']];
    fixture.server.embedWith((texts) => texts.map((text) => [...concepts.map((concept) => text.toLowerCase().split(/[^a-z]+/).filter((word) => concept.includes(word)).length + 0.1), 0.1]));
    try {
      writeFileSync(join(fixture.home, 'config.yaml'), 'router:\n  embeddings:\n    model: openai-compatible:fake-embedding\n');
      const decision = parseJsonOutput(await runCli(['route', 'howdy!', '--json'], fixture.env));
      expect(decision, JSON.stringify(decision)).toMatchObject({ agentId: 'chat', method: 'embedding' });
      const embedded = fixture.server.requests.filter((request) => request.path === '/v1/embeddings');
      expect(embedded.length).toBeGreaterThan(0);

      const file = join(fixture.home, 'labelled.jsonl');
      writeFileSync(file, [['howdy partner', 'chat'], ['greetings friend', 'chat'], ['hiya there', 'chat'], ['translate this to German', 'translator']].map(([text, agent]) => JSON.stringify({ text, agent })).join('\n'));
      const fitted = parseJsonOutput(await runCli(['eval', 'routing', '--file', file, '--fit', '--json'], fixture.env));
      expect(fitted['stages']).toEqual(['lexical', 'embedding']);
      expect(fitted['thresholds']).toHaveProperty('embeddingMinConfidence');
    } finally {
      fixture.server.embedWith(undefined);
    }
  });

  it('eval routing reports bad lines of a labelled file with their numbers', async () => {
    const file = join(fixture.home, 'bad.jsonl');
    writeFileSync(file, '{"text": "fine", "agent": "chat"}\n{"text": "no agent"}\nnot json\n');
    const result = await runCli(['eval', 'routing', '--file', file], fixture.env);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`${file}:2: expected {"text": string, "agent": string}`);
    expect(result.stderr).toContain(`${file}:3: not JSON`);
  });
});
