import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseJsonOutput, runCli } from '../support/cli.ts';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../support/fake-openai-server.ts';
import { temporaryDirectory } from '../support/temporary-directory.ts';
import { agentFixtures } from './agent-fixtures.ts';

describe('each language and chat agent through `nova run`, over the real provider path', () => {
  let server: FakeOpenAIServer;
  let home: { path: string; remove: () => void };

  beforeAll(async () => {
    server = await startFakeOpenAIServer();
  });
  afterAll(async () => server.close());
  beforeEach(() => {
    home = temporaryDirectory();
    server.requests.length = 0;
  });
  afterEach(() => home.remove());

  for (const fixture of agentFixtures) {
    it(`${fixture.id} answers from the server`, async () => {
      server.enqueue({ text: fixture.goodAnswer, usage: { promptTokens: 30, completionTokens: 12 } });
      const env = { NOVA_HOME: home.path, NOVA_MODEL: 'openai-compatible:fake-model', NOVA_OPENAI_COMPATIBLE_BASE_URL: server.url };
      const result = await runCli(['run', fixture.id, '--input', JSON.stringify(fixture.input), '--json'], env);
      const json = parseJsonOutput(result);
      expect(json['error']).toBeNull();
      expect(result.exitCode).toBe(0);
      expect(json['output']).toMatchObject(fixture.expectedOutput);
      expect(json['usage']).toMatchObject({ inputTokens: 30, outputTokens: 12 });
      expect(server.requests).toHaveLength(1);
    });

    it(`${fixture.id} fails with model_not_configured when no model is configured`, async () => {
      const result = await runCli(['run', fixture.id, '--input', JSON.stringify(fixture.input), '--json'], { NOVA_HOME: home.path });
      expect(result.exitCode).toBe(2);
      expect(parseJsonOutput(result)['error']).toMatchObject({ code: 'model_not_configured' });
    });
  }
});
