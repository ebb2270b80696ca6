import { join } from 'node:path';
import { openStore, type Store } from '../../src/store/store.ts';
import { dropSchema, testDatabaseUrl, uniqueSchemaName } from './postgres.ts';
import { temporaryDirectory } from './temporary-directory.ts';

/** A store of its own for a test, and what removes it again (closing the store first). */
export interface TestStore {
  store: Store;
  cleanUp(): Promise<void>;
}

/** A migrated SQLite store in a fresh temporary folder (its name starts with `prefix`). */
export async function openTemporarySqliteStore(prefix = 'nova-test-'): Promise<TestStore> {
  const directory = temporaryDirectory(prefix);
  const store = await openStore({ dialect: 'sqlite', path: join(directory.path, 'nova.db') });
  return {
    store,
    cleanUp: async () => {
      await store.close();
      directory.remove();
    },
  };
}

/** A migrated store in a fresh schema of the test PostgreSQL (`NOVA_TEST_DATABASE_URL`); the schema is dropped after. */
export async function openTemporaryPostgresStore(poolSize = 4): Promise<TestStore> {
  const url = testDatabaseUrl;
  if (url === undefined) throw new Error('NOVA_TEST_DATABASE_URL is not set: skip the PostgreSQL suite with noticePostgresSkipped/describe.skipIf');
  const schema = uniqueSchemaName();
  const store = await openStore({ dialect: 'postgres', url, schema, poolSize });
  return {
    store,
    cleanUp: async () => {
      await store.close();
      await dropSchema(url, schema);
    },
  };
}
