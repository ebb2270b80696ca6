import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { startFakeOpenAIServer, type FakeOpenAIServer } from './fake-openai-server.ts';
import { temporaryDirectory } from './temporary-directory.ts';

export interface FakeModelHome {
  /** The fake OpenAI-protocol server, shared by the file's tests; its requests are cleared before each test. */
  readonly server: FakeOpenAIServer;
  /** A fresh NOVA_HOME for each test. */
  readonly home: string;
  /** NOVA_HOME and a model pointing at the fake server, as `nova` reads them. */
  readonly env: Record<string, string>;
}

/**
 * The set-up most CLI tests share: one fake model server for the file, a fresh NOVA_HOME per test, and
 * the environment that points Nova at both. Call it inside a `describe`.
 */
export function useFakeModelHome(): FakeModelHome {
  let server: FakeOpenAIServer | undefined;
  let home: { path: string; remove: () => void } | undefined;
  beforeAll(async () => {
    server = await startFakeOpenAIServer();
  });
  afterAll(async () => server?.close());
  beforeEach(() => {
    home = temporaryDirectory();
    server!.requests.length = 0;
  });
  afterEach(() => home?.remove());
  return {
    get server() {
      return server!;
    },
    get home() {
      return home!.path;
    },
    get env() {
      return { NOVA_HOME: home!.path, NOVA_MODEL: 'openai-compatible:fake-model', NOVA_OPENAI_COMPATIBLE_BASE_URL: server!.url };
    },
  };
}
