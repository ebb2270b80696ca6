import { describe } from 'vitest';
import { noticePostgresSkipped, testDatabaseUrl } from '../support/postgres.ts';
import { openTemporaryPostgresStore, openTemporarySqliteStore } from '../support/test-stores.ts';
import { describeErpDomain } from './erp-domain-behaviour.ts';

describeErpDomain('sqlite', () => openTemporarySqliteStore());

noticePostgresSkipped();

describe.skipIf(testDatabaseUrl === undefined)('postgres', () => {
  describeErpDomain('postgres', () => openTemporaryPostgresStore());
});
