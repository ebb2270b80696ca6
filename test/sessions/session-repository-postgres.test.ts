import { describe } from 'vitest';
import { openStore } from '../../src/store/store.ts';
import { dropSchema, noticePostgresSkipped, testDatabaseUrl, uniqueSchemaName } from '../support/postgres.ts';
import { describeSessionRepository } from './session-repository-behaviour.ts';

noticePostgresSkipped();

describe.skipIf(testDatabaseUrl === undefined)('postgres', () => {
  const url = testDatabaseUrl ?? '';
  describeSessionRepository('postgres', () => {
    const schema = uniqueSchemaName();
    return {
      open: () => openStore({ dialect: 'postgres', url, schema, poolSize: 4 }),
      cleanUp: () => dropSchema(url, schema),
    };
  });
});
