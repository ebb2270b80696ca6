import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { storeLocation } from '../../src/config/load-config.ts';
import { openStore } from '../../src/store/store.ts';
import { parseJsonOutput, runCli, type CliResult } from '../support/cli.ts';
import { startFakeOpenAIServer, type FakeOpenAIServer, type FakeRequest } from '../support/fake-openai-server.ts';
import { temporaryDirectory } from '../support/temporary-directory.ts';

/** A 401 like OpenAI's, echoing the key the request carried. */
function rejectEchoingKey(request: FakeRequest) {
  const key = String(request.headers['authorization'] ?? '').replace(/^Bearer\s+/, '');
  return { status: 401, error: { message: `Incorrect API key provided: ${key}. You can find your API key at https://example.invalid/keys.`, type: 'invalid_request_error', code: 'invalid_api_key' } };
}

describe('a provider error that echoes the API key', () => {
  let server: FakeOpenAIServer;
  let home: { path: string; remove: () => void };
  // Not shaped like a key (no `sk-`): only the configured-secret redactor can catch it.
  const canary = `nova-canary-${randomBytes(12).toString('hex')}`;

  beforeAll(async () => {
    server = await startFakeOpenAIServer({ defaultResponse: rejectEchoingKey });
  });
  afterAll(async () => server.close());
  beforeEach(() => {
    home = temporaryDirectory();
    server.requests.length = 0;
  });
  afterEach(() => home.remove());

  const environment = () => ({ NOVA_HOME: home.path, NOVA_MODEL: 'openai-compatible:fake-model', NOVA_OPENAI_COMPATIBLE_BASE_URL: server.url, NOVA_OPENAI_COMPATIBLE_API_KEY: canary });

  /** Every row of the journal and of the runs table, read straight from the database (no redaction on the way out). */
  async function storedRows(): Promise<string> {
    const store = await openStore(storeLocation(home.path, environment()));
    try {
      const events = await store.db.selectFrom('run_events').selectAll().execute();
      const runs = await store.db.selectFrom('runs').selectAll().execute();
      expect(events.length).toBeGreaterThan(0);
      return JSON.stringify({ events, runs });
    } finally {
      await store.close();
    }
  }

  it('is recorded and printed with the key masked: journal rows, runs list/show --json, stdout and stderr', async () => {
    const env = environment();
    const outputs: CliResult[] = [];
    const json = await runCli(['run', 'chat', '--input', '{"text":"hi"}', '--json'], env);
    outputs.push(json, await runCli(['run', 'chat', '--input', '{"text":"hi again"}'], env));
    // The server really got the key, and really echoed it: the test would see it if Nova kept it.
    expect(server.requests.map((request) => request.headers['authorization'])).toContain(`Bearer ${canary}`);
    expect(json.exitCode).toBe(1);
    const failure = parseJsonOutput(json)['error'] as { code: string; message: string };
    expect(failure).toMatchObject({ code: 'model_error' });
    expect(failure.message).toContain('Incorrect API key provided: ***');

    const runId = String(parseJsonOutput(json)['runId']);
    const list = await runCli(['runs', 'list', '--json'], env);
    const show = await runCli(['runs', 'show', runId, '--json'], env);
    outputs.push(list, show);
    expect(list.exitCode).toBe(0);
    expect(show.exitCode).toBe(0);
    expect(show.stdout).toContain('AI_APICallError: Incorrect API key provided: ***');

    const rows = await storedRows();
    expect(rows).toContain('Incorrect API key provided: ***');
    expect(rows).not.toContain(canary);
    for (const output of outputs) {
      expect(output.stdout).not.toContain(canary);
      expect(output.stderr).not.toContain(canary);
    }
    expect(outputs[1]!.stderr).toContain('error[model_error]');
  });
});
