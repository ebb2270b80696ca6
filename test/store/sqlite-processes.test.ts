import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { newRunId } from '../../src/core/ids.ts';
import { openStore } from '../../src/store/store.ts';
import { temporaryDirectory } from '../support/temporary-directory.ts';

const worker = fileURLToPath(new URL('./append-worker.ts', import.meta.url));
const run = promisify(execFile);

describe('the SQLite journal shared by several processes', () => {
  const directory = temporaryDirectory();
  afterEach(() => directory.remove());

  it("keeps seq gap-free and each process's events in its own order", async () => {
    const path = join(directory.path, 'nova.db');
    const store = await openStore({ dialect: 'sqlite', path });
    const runId = newRunId();
    await store.runs.create({ id: runId, kind: 'agent', agentId: 'chat', input: null });
    await Promise.all(['a', 'b', 'c'].map((tag) => run(process.execPath, ['--import', 'tsx', worker, path, runId, '40', tag])));
    const events = await store.journal.read(runId);
    expect(events.map((event) => event.seq)).toEqual(Array.from({ length: 120 }, (_, index) => index + 1));
    for (const tag of ['a', 'b', 'c']) {
      const mine = events.map((event) => (event.payload as { message: string }).message).filter((message) => message.startsWith(`${tag}-`));
      expect(mine).toEqual(Array.from({ length: 40 }, (_, index) => `${tag}-${index}`));
    }
    expect((await store.runs.get(runId))?.warningCount).toBe(120);
    await store.close();
  }, 30_000);
});
