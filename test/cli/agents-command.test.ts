import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseJsonOutput, runCli } from '../support/cli.ts';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../support/fake-openai-server.ts';
import { temporaryDirectory } from '../support/temporary-directory.ts';

describe('nova agents', () => {
  let home: { path: string; remove: () => void };
  let env: Record<string, string>;
  let server: FakeOpenAIServer;

  beforeAll(async () => {
    server = await startFakeOpenAIServer();
  });
  afterAll(async () => server.close());
  beforeEach(() => {
    home = temporaryDirectory();
    env = { NOVA_HOME: home.path };
  });
  afterEach(() => home.remove());

  it('list shows the shipped agents with their categories, and filters by category', async () => {
    const all = parseJsonOutput(await runCli(['agents', 'list', '--json'], env))['agents'] as Array<{ id: string; category: string; origin: string }>;
    expect(all.map((agent) => agent.id)).toEqual(expect.arrayContaining(['chat', 'explainer', 'planner', 'brainstormer', 'summarizer', 'translator', 'proofreader', 'tone-rewriter', 'entity-extractor', 'text-classifier', 'email-drafter']));
    expect(all.find((agent) => agent.id === 'translator')).toMatchObject({ category: 'language', origin: 'shipped' });
    const language = parseJsonOutput(await runCli(['agents', 'list', '--category', 'language', '--json'], env))['agents'] as Array<{ category: string }>;
    expect(language.length).toBeGreaterThanOrEqual(7);
    expect(new Set(language.map((agent) => agent.category))).toEqual(new Set(['language']));
    const table = await runCli(['agents', 'list'], env);
    expect(table.stdout).toMatch(/^ID\s+CATEGORY\s+ENGINE\s+FROM\s+DESCRIPTION/);
    expect(table.stdout).toMatch(/\ntranslator\s+language\s+model\s+shipped/);
  });

  it('lint is clean on the roster', async () => {
    const result = await runCli(['agents', 'lint', '--json'], env);
    expect(result.exitCode).toBe(0);
    expect(parseJsonOutput(result)).toMatchObject({ errors: 0, warnings: 0, issues: [] });
  });

  it('lint reports a broken user file with file:line and exits 1, while the other agents still run', async () => {
    mkdirSync(join(home.path, 'agents'));
    const file = join(home.path, 'agents', 'broken.md');
    writeFileSync(file, '---\nid: broken\nname: Broken\ncategory: test\ndescription: An agent with a tool that does not exist.\nsamples: [a, b, c]\nengine: model\ntools: [teleport]\n---\nHi.\n');
    const result = await runCli(['agents', 'lint'], env);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain(`${file}:8:1 error tools: unknown tool "teleport"`);
    const refused = await runCli(['run', 'broken', 'hi', '--json'], env);
    expect(refused.exitCode).toBe(2);
    expect(parseJsonOutput(refused)['error']).toMatchObject({ code: 'agent_invalid' });
    expect((await runCli(['agents', 'show', 'chat'], env)).exitCode).toBe(0);
  });

  it('show gives the spec, the source file and whether it overrides a shipped agent', async () => {
    const shipped = parseJsonOutput(await runCli(['agents', 'show', 'translator', '--json'], env))['agent'] as Record<string, unknown>;
    expect(shipped).toMatchObject({ id: 'translator', origin: 'shipped', overridden: false, tools: [], handoffs: [], spec: { handler: 'translate' } });
    expect(String(shipped['source'])).toMatch(/roster\/language\/translator\.md$/);

    mkdirSync(join(home.path, 'agents'));
    writeFileSync(join(home.path, 'agents', 'translator.md'), '---\nid: translator\nname: My translator\ncategory: language\ndescription: Translates with my house style.\nsamples: [a, b, c]\nengine: model\n---\nTranslate.\n');
    const mine = parseJsonOutput(await runCli(['agents', 'show', 'translator', '--json'], env))['agent'] as Record<string, unknown>;
    expect(mine).toMatchObject({ origin: 'user', overridden: true, source: join(home.path, 'agents', 'translator.md') });
    const human = await runCli(['agents', 'show', 'translator'], env);
    expect(human.stdout).toMatch(/overrides\s+.*roster\/language\/translator\.md/);
    const missing = await runCli(['agents', 'show', 'translater'], env);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('closest: translator');
  });

  it('new writes a model agent that loads, lints clean and runs', async () => {
    const created = await runCli(['agents', 'new', 'meeting-notes', '--category', 'language'], env);
    expect(created.exitCode).toBe(0);
    const file = join(home.path, 'agents', 'meeting-notes.md');
    expect(created.stdout.trim()).toBe(file);
    expect(readFileSync(file, 'utf8')).toContain('id: meeting-notes');
    expect(parseJsonOutput(await runCli(['agents', 'lint', '--json'], env))).toMatchObject({ errors: 0, warnings: 0 });
    server.enqueue({ text: 'Notes taken.' });
    const ran = await runCli(['run', 'meeting-notes', 'take notes', '--json'], { ...env, NOVA_MODEL: 'openai-compatible:fake-model', NOVA_OPENAI_COMPATIBLE_BASE_URL: server.url });
    expect(parseJsonOutput(ran)).toMatchObject({ status: 'succeeded', output: { text: 'Notes taken.' } });
  });

  it('new writes a code agent with its handler module that runs without a model', async () => {
    const created = await runCli(['agents', 'new', 'word-count', '--engine', 'code'], env);
    expect(created.exitCode).toBe(0);
    expect(readdirSync(join(home.path, 'agents')).sort()).toEqual(['word-count.md', 'word-count.mts']);
    expect(parseJsonOutput(await runCli(['agents', 'lint', '--json'], env))).toMatchObject({ errors: 0, warnings: 0 });
    const ran = await runCli(['run', 'word-count', 'three little words', '--json'], env);
    expect(parseJsonOutput(ran)).toMatchObject({ status: 'succeeded', output: { text: 'three little words', words: 3 } });
  });

  it('new refuses a bad id, a bad engine, and an existing file', async () => {
    expect((await runCli(['agents', 'new', 'Bad_Id'], env)).stderr).toContain('Invalid agent id "Bad_Id"');
    expect((await runCli(['agents', 'new', 'fine', '--engine', 'python'], env)).exitCode).toBe(2);
    expect((await runCli(['agents', 'new', 'twice'], env)).exitCode).toBe(0);
    const again = await runCli(['agents', 'new', 'twice'], env);
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toContain('already exists');
  });
});
