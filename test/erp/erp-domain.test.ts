import { join } from 'node:path';
import { describe } from 'vitest';
import { openStore } from '../../src/store/store.ts';
import { dropSchema, noticePostgresSkipped, testDatabaseUrl, uniqueSchemaName } from '../support/postgres.ts';
import { temporaryDirectory } from '../support/temporary-directory.ts';
import { describeErpDomain } from './erp-domain-behaviour.ts';

describeErpDomain('sqlite', async () => {
  const directory = temporaryDirectory();
  const store = await openStore({ dialect: 'sqlite', path: join(directory.path, 'nova.db') });
  return {
    store,
    cleanUp: async () => {
      await store.close();
      directory.remove();
    },
  };
});

noticePostgresSkipped();

describe.skipIf(testDatabaseUrl === undefined)('postgres', () => {
  describeErpDomain('postgres', async () => {
    const url = testDatabaseUrl ?? '';
    const schema = uniqueSchemaName();
    const store = await openStore({ dialect: 'postgres', url, schema, poolSize: 4 });
    return {
      store,
      cleanUp: async () => {
        await store.close();
        await dropSchema(url, schema);
      },
    };
  });
});
