import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { configuredSecrets } from '../../src/config/configured-secrets.ts';
import { storeLocation } from '../../src/config/load-config.ts';
import { runAgent } from '../../src/runtime/run-agent.ts';
import { openStore } from '../../src/store/store.ts';
import { makeAgent, scripted } from '../support/agents.ts';
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

describe('a model that writes a configured secret in its streamed answer', () => {
  it('streams, journals and returns the answer with the secret masked, also when split across deltas', async () => {
    const directory = temporaryDirectory();
    const canary = `canary-${randomBytes(8).toString('hex')}`;
    const store = await openStore({ dialect: 'sqlite', path: join(directory.path, 'nova.db'), redactor: configuredSecrets({ env: { SOME_SERVICE_TOKEN: canary } }) });
    try {
      // The scripted model streams its text in three pieces of 18 characters: the canary (characters 14
      // to 37) is split across all three.
      const { resolveModel } = scripted([{ text: `Your token is ${canary}, keep it safe.` }]);
      const pieces: string[] = [];
      const onTextDelta = (delta: string) => pieces.push(delta);
      const result = await runAgent({ agent: makeAgent({}), input: { text: 'what is my token' }, store, resolveModel, stream: true, onTextDelta });
      expect(result.output).toEqual({ text: 'Your token is ***, keep it safe.' });
      expect(pieces.join('')).toBe('Your token is ***, keep it safe.');
      expect(pieces.filter((piece) => piece.includes('cana'))).toEqual([]);
      const rows = JSON.stringify(await store.db.selectFrom('run_events').selectAll().execute());
      expect(rows).toContain('Your token is ***');
      expect(rows).not.toContain(canary);
    } finally {
      await store.close();
      directory.remove();
    }
  });
});
