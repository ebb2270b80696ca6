import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importErpFiles } from '../../src/domains/erp/erp-import.ts';
import { QueryProcess } from '../../src/domains/erp/query-process.ts';
import { executeReadOnly, type ReadOnlyQueryTarget } from '../../src/domains/erp/read-only-query.ts';
import type { DatabaseSchema } from '../../src/store/database-schema.ts';
import { openTemporarySqliteStore, type TestStore } from '../support/test-stores.ts';
import { fixtureImportFiles } from './erp-fixture.ts';

describe('the SQLite query process', () => {
  let store: TestStore;
  let target: ReadOnlyQueryTarget<DatabaseSchema>;
  beforeAll(async () => {
    store = await openTemporarySqliteStore();
    await importErpFiles(store.store, { files: fixtureImportFiles() });
    target = { db: store.store.db, dialect: 'sqlite', location: store.store.location };
  });
  afterAll(async () => store.cleanUp());

  it('is started once and reused; a query past its limit kills it, and the next query gets a new one', async () => {
    const queryProcess = new QueryProcess();
    try {
      const first = await executeReadOnly(target, 'SELECT count(*) AS n FROM erp_items', { maxRows: 10, timeoutMs: 60_000, queryProcess });
      const pid = queryProcess.pid;
      expect(pid).toBeDefined();
      await executeReadOnly(target, 'SELECT id FROM erp_customers', { maxRows: 10, timeoutMs: 60_000, queryProcess });
      expect(queryProcess.pid).toBe(pid);
      expect(first.rows).toEqual([{ n: 4 }]);

      const endless = 'WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n';
      await expect(executeReadOnly(target, endless, { maxRows: 10, timeoutMs: 1_000, queryProcess })).rejects.toMatchObject({ code: 'tool_timeout', hint: expect.stringContaining('Narrow it') });
      expect(queryProcess.pid).toBeUndefined();
      expect((await executeReadOnly(target, 'SELECT count(*) AS n FROM erp_items', { maxRows: 10, timeoutMs: 60_000, queryProcess })).rows).toEqual([{ n: 4 }]);
      expect(queryProcess.pid).not.toBe(pid);
    } finally {
      queryProcess.close();
    }
  }, 180_000);

  it('says the time went to start-up when the process never gets ready, not that the SQL was slow', async () => {
    const neverReady = new QueryProcess({ command: { executable: process.execPath, args: ['-e', 'setInterval(() => {}, 1000)'] }, startupLimitMs: 500 });
    try {
      await expect(executeReadOnly(target, 'SELECT 1 AS one FROM erp_items', { maxRows: 1, timeoutMs: 60_000, queryProcess: neverReady })).rejects.toMatchObject({
        code: 'tool_timeout',
        message: 'The query process did not start within 500 ms, so the query did not run',
        hint: expect.stringContaining('not to your SQL'),
      });
    } finally {
      neverReady.close();
    }
  });

  it('reports a process that dies as a typed error, and starts a new one next time', async () => {
    const dies = new QueryProcess({ command: { executable: process.execPath, args: ['-e', 'process.stdout.write(JSON.stringify({ ready: true }) + "\\n"); process.stdin.once("data", () => process.exit(3))'] } });
    try {
      await expect(executeReadOnly(target, 'SELECT 1 AS one FROM erp_items', { maxRows: 1, timeoutMs: 60_000, queryProcess: dies })).rejects.toMatchObject({ code: 'tool_error', message: expect.stringContaining('the query process ended (exit 3)') });
      expect(dies.pid).toBeUndefined();
    } finally {
      dies.close();
    }
  });
});
