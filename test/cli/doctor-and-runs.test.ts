import { latestSchemaVersion } from '../../src/store/migrations.ts';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../support/fake-openai-server.ts';
import { parseJsonOutput, runCli } from '../support/cli.ts';
import { dropSchema, noticePostgresSkipped, testDatabaseUrl, uniqueSchemaName } from '../support/postgres.ts';
import { temporaryDirectory } from '../support/temporary-directory.ts';
import pg from 'pg';

const secret = 'sk-test-this-must-never-be-printed-0123456789';

describe('nova doctor', () => {
  let home: { path: string; remove: () => void };
  beforeEach(() => {
    home = temporaryDirectory();
  });
  afterEach(() => home.remove());

  it('reports store, providers, default model and agents, never a key', async () => {
    const env = { NOVA_HOME: home.path, NOVA_MODEL: 'openai:gpt-4o-mini', OPENAI_API_KEY: secret };
    const result = await runCli(['doctor', '--json'], env);
    expect(result.exitCode).toBe(0);
    const report = parseJsonOutput(result);
    expect(report).toMatchObject({
      store: { dialect: 'sqlite', location: `${home.path}/nova.db`, schemaVersion: latestSchemaVersion, access: 'read-write', problem: null },
      models: { default: 'openai:gpt-4o-mini', defaultProblem: null },
      agents: { issues: [] },
    });
    const openai = (report['models'] as { providers: Array<{ provider: string; configured: boolean; keySet: boolean }> }).providers.find((provider) => provider.provider === 'openai');
    expect(openai).toMatchObject({ configured: true, keySet: true });
    const human = await runCli(['doctor'], env);
    for (const output of [result.stdout, result.stderr, human.stdout, human.stderr]) expect(output).not.toContain(secret);
    expect(human.stdout).toMatch(/store\s+sqlite/);
  });

  it('warns that no model is configured, and still exits 0 (code agents need none)', async () => {
    const result = await runCli(['doctor', '--json'], { NOVA_HOME: home.path });
    expect(result.exitCode).toBe(0);
    expect(parseJsonOutput(result)['models']).toMatchObject({ default: null, defaultProblem: { code: 'model_not_configured', severity: 'warning' } });
    const human = await runCli(['doctor'], { NOVA_HOME: home.path });
    expect(human.exitCode).toBe(0);
    expect(human.stderr).toContain('warning[model_not_configured]: No default model is configured.');
    expect(human.stderr).toContain('hint: Set NOVA_MODEL=');
    expect(human.stderr).not.toContain('error[');
  });

  it('reports the router: where its thresholds come from, and the embedding and judge models; broken settings exit 1', async () => {
    const { writeFileSync } = await import('node:fs');
    const { defaultThresholds } = await import('../../src/router/calibration.ts');
    const shipped = parseJsonOutput(await runCli(['doctor', '--json'], { NOVA_HOME: home.path }));
    expect(shipped['router']).toEqual({ thresholds: { ...defaultThresholds }, thresholdsFrom: 'defaults', problem: null, embeddings: null, judge: null });

    writeFileSync(`${home.path}/config.yaml`, 'router:\n  embeddings: { model: "ollama:nomic-embed-text" }\n  judge: { model: "openai:gpt-4o-mini" }\n');
    writeFileSync(`${home.path}/router.json`, '{"version": 1}');
    const broken = await runCli(['doctor', '--json'], { NOVA_HOME: home.path });
    expect(broken.exitCode).toBe(1);
    expect(parseJsonOutput(broken)['router']).toMatchObject({ thresholds: null, problem: { code: 'config_invalid' }, embeddings: 'ollama:nomic-embed-text', judge: 'openai:gpt-4o-mini' });
    expect((await runCli(['doctor'], { NOVA_HOME: home.path })).stdout).toMatch(/router\s+broken settings: Invalid router settings in .*router\.json/);
  });

  it('exits 1 and lists the problem when a user agent file is broken', async () => {
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(`${home.path}/agents`);
    writeFileSync(`${home.path}/agents/broken.md`, '---\nid: broken\nengine: model\n---\nhi\n');
    const result = await runCli(['doctor', '--json'], { NOVA_HOME: home.path });
    expect(result.exitCode).toBe(1);
    const issues = (parseJsonOutput(result)['agents'] as { issues: Array<{ file: string; path: string }> }).issues;
    expect(issues.map((issue) => issue.path)).toEqual(expect.arrayContaining(['name', 'description', 'samples']));
    expect(issues[0]?.file).toBe(`${home.path}/agents/broken.md`);
  });
});

describe('nova runs list', () => {
  let server: FakeOpenAIServer;
  let home: { path: string; remove: () => void };
  beforeAll(async () => {
    server = await startFakeOpenAIServer();
  });
  afterAll(async () => server.close());
  beforeEach(() => {
    home = temporaryDirectory();
  });
  afterEach(() => home.remove());

  it('lists runs newest first, filters by status and agent, and rejects an unknown status', async () => {
    const env = { NOVA_HOME: home.path, NOVA_MODEL: 'openai-compatible:fake-model', NOVA_OPENAI_COMPATIBLE_BASE_URL: server.url };
    server.enqueue({ text: 'one' }, { status: 400, error: { message: 'bad request' } });
    const first = parseJsonOutput(await runCli(['run', 'chat', 'first', '--json'], env));
    const second = parseJsonOutput(await runCli(['run', 'chat', 'second', '--json'], env));
    expect(second['status']).toBe('failed');
    const all = parseJsonOutput(await runCli(['runs', 'list', '--json'], env))['runs'] as Array<{ id: string }>;
    expect(all.map((run) => run.id)).toEqual([second['runId'], first['runId']]);
    const failed = parseJsonOutput(await runCli(['runs', 'list', '--status', 'failed', '--json'], env))['runs'] as Array<{ id: string; error: { code: string } }>;
    expect(failed.map((run) => run.id)).toEqual([second['runId']]);
    expect(failed[0]?.error.code).toBe('model_error');
    expect(parseJsonOutput(await runCli(['runs', 'list', '--agent', 'translator', '--json'], env))['runs']).toEqual([]);
    const table = await runCli(['runs', 'list'], env);
    expect(table.stdout).toMatch(/RUN\s+STATUS\s+TARGET/);
    expect(table.stdout).toContain(String(first['runId']));
    const bad = await runCli(['runs', 'list', '--status', 'done'], env);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('Unknown status "done"');
    const missing = await runCli(['runs', 'show', 'run_nothing'], env);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('run_not_found');
  });
});

noticePostgresSkipped();

describe.skipIf(testDatabaseUrl === undefined)('nova on PostgreSQL (NOVA_DATABASE_URL)', () => {
  const url = testDatabaseUrl ?? '';
  const schema = uniqueSchemaName();
  let server: FakeOpenAIServer;
  let home: { path: string; remove: () => void };

  beforeAll(async () => {
    server = await startFakeOpenAIServer();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.end();
    home = temporaryDirectory();
  });
  afterAll(async () => {
    await server.close();
    await dropSchema(url, schema);
    home.remove();
  });

  it('runs an agent with the journal in PostgreSQL and shows it', async () => {
    // The schema travels in the URL (libpq `options`), as a user may give it.
    const databaseUrl = `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    const env = { NOVA_HOME: home.path, NOVA_DATABASE_URL: databaseUrl, NOVA_MODEL: 'openai-compatible:fake-model', NOVA_OPENAI_COMPATIBLE_BASE_URL: server.url };
    const doctor = parseJsonOutput(await runCli(['doctor', '--json'], env));
    expect(doctor['store']).toMatchObject({ dialect: 'postgres', schemaVersion: latestSchemaVersion });
    const run = parseJsonOutput(await runCli(['run', 'chat', 'hello', '--json'], env));
    expect(run).toMatchObject({ status: 'succeeded', output: { text: 'fake answer' } });
    const shown = parseJsonOutput(await runCli(['runs', 'show', String(run['runId']), '--json'], env));
    expect((shown['events'] as unknown[]).length).toBe(5);
  });
});
