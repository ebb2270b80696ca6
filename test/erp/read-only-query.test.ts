import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { erpDatabase } from '../../src/domains/erp/erp-database.ts';
import { importErpFiles } from '../../src/domains/erp/erp-import.ts';
import { executeReadOnly, runReadOnlyQuery, type ReadOnlyQueryTarget } from '../../src/domains/erp/read-only-query.ts';
import type { DatabaseSchema } from '../../src/store/database-schema.ts';
import type { Store } from '../../src/store/store.ts';
import { noticePostgresSkipped, testDatabaseUrl } from '../support/postgres.ts';
import { openTemporaryPostgresStore, openTemporarySqliteStore, type TestStore } from '../support/test-stores.ts';
import { fixtureImportFiles } from './erp-fixture.ts';

const limits = { maxRows: 100, timeoutMs: 10_000 };

function describeReadOnlyQueries(name: string, open: () => Promise<TestStore>): void {
  describe(`read-only ERP queries on ${name}`, () => {
    let store: Store;
    let cleanUp: () => Promise<void>;
    let target: ReadOnlyQueryTarget<DatabaseSchema>;
    const customerCount = async () => Number((await erpDatabase(store).selectFrom('erp_customers').select((builder) => builder.fn.countAll<number | string>().as('count')).executeTakeFirstOrThrow()).count);

    beforeAll(async () => {
      ({ store, cleanUp } = await open());
      await importErpFiles(store, { files: fixtureImportFiles() });
      target = { db: store.db, dialect: store.dialect, location: store.location };
    });
    afterAll(async () => cleanUp());

    it('runs a query and returns its columns and rows', async () => {
      const result = await runReadOnlyQuery(target, 'SELECT id, name FROM erp_customers ORDER BY id;', limits);
      expect(result).toEqual({
        sql: 'SELECT id, name FROM erp_customers ORDER BY id',
        columns: ['id', 'name'],
        rows: [{ id: 'C1', name: 'Alpha Corp' }, { id: 'C2', name: 'Beta LLC' }, { id: 'C3', name: 'Gamma, Inc.' }],
        rowCount: 3,
        truncated: false,
        truncatedBecause: null,
        truncatedReason: null,
      });
    });

    it('limits the answer while reading it: a huge cell is cut with a marker, and rows stop at the byte cap', async () => {
      // Straight to the read-only path: the guard's function list has nothing that makes a megabyte.
      const text = (characters: number, letter: string) => (name === 'postgres' ? `repeat('${letter}', ${characters})` : `replace(hex(zeroblob(${characters / 2})), '0', '${letter}')`);
      const huge = await executeReadOnly(target, `SELECT id, ${text(1_000_000, 'x')} AS blob_text FROM erp_customers ORDER BY id`, { ...limits, maxCellChars: 100 });
      expect(huge.rowCount).toBe(3);
      expect(huge.rows[0]!['blob_text']).toBe(`${'x'.repeat(100)}…[truncated: 999900 more characters]`);
      expect(huge).toMatchObject({ truncated: true, truncatedReason: '3 cell(s) longer than 100 characters were cut' });
      const wide = await executeReadOnly(target, `SELECT a.entry_id, ${text(800, 'y')} AS filler FROM erp_journal_lines a, erp_journal_lines b`, { ...limits, maxRows: 1000, maxBytes: 4096 });
      expect(wide.rowCount).toBeGreaterThan(0);
      expect(JSON.stringify(wide.rows).length).toBeLessThanOrEqual(4096);
      expect(wide).toMatchObject({ truncated: true, truncatedBecause: 'bytes', truncatedReason: expect.stringContaining('passed 4 KB') });
    });

    it('stops at the row limit and says so', async () => {
      const result = await runReadOnlyQuery(target, 'SELECT entry_id FROM erp_journal_lines ORDER BY entry_id, line_no', { ...limits, maxRows: 4 });
      expect(result).toMatchObject({ rowCount: 4, truncated: true, rows: [{ entry_id: 'JE1' }, { entry_id: 'JE1' }, { entry_id: 'JE2' }, { entry_id: 'JE2' }] });
    });

    it('refuses a write or a read outside the ERP tables before anything runs', async () => {
      await expect(runReadOnlyQuery(target, 'DELETE FROM erp_customers', limits)).rejects.toMatchObject({ code: 'tool_not_allowed', fault: 'model' });
      await expect(runReadOnlyQuery(target, 'SELECT * FROM runs', limits)).rejects.toMatchObject({ code: 'tool_not_allowed', message: expect.stringContaining('"runs" is not an ERP table') });
      expect(await customerCount()).toBe(3);
    });

    it('reports SQL the database rejects as the model’s tool_error', async () => {
      await expect(runReadOnlyQuery(target, 'SELECT no_such_column FROM erp_customers', limits)).rejects.toMatchObject({ code: 'tool_error', fault: 'model', message: expect.stringMatching(/no_such_column/) });
    });

    it('stops a query past its time limit with tool_timeout', async () => {
      const endless = 'WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n';
      await expect(runReadOnlyQuery(target, endless, { maxRows: 10, timeoutMs: 1_500 })).rejects.toMatchObject({ code: 'tool_timeout' });
      // The connection is still usable afterwards.
      expect((await runReadOnlyQuery(target, 'SELECT count(*) AS n FROM erp_items', limits)).rows).toEqual([{ n: name === 'postgres' ? '4' : 4 }]);
    });

    it('holds on its own: a write that got past the check is refused by the read-only connection', async () => {
      // PostgreSQL's DECLARE takes no DELETE at all, so the write tried there is a row lock.
      const write = name === 'postgres' ? 'SELECT id FROM erp_customers FOR SHARE' : "DELETE FROM erp_customers WHERE id = 'C1'";
      await expect(executeReadOnly(target, write, limits)).rejects.toMatchObject({ code: 'tool_not_allowed', message: expect.stringContaining('read-only') });
      if (name === 'sqlite') await expect(executeReadOnly(target, 'CREATE TEMP TABLE stolen (x)', limits)).rejects.toMatchObject({ code: 'tool_not_allowed' });
      expect(await customerCount()).toBe(3);
    });
  });
}

// A space in the path: the read-only connection opens the file by URI.
describeReadOnlyQueries('sqlite', () => openTemporarySqliteStore('nova erp test '));

noticePostgresSkipped();

describe.skipIf(testDatabaseUrl === undefined)('postgres', () => {
  describeReadOnlyQueries('postgres', () => openTemporaryPostgresStore());
});
