import type { Kysely } from 'kysely';
import { runsAndJournal } from './migrations/0001-runs-and-journal.ts';
import { erpTables } from './migrations/0002-erp.ts';
import { memoryNotes } from './migrations/0003-memory.ts';
import { routerFeedback } from './migrations/0004-router-feedback.ts';
import { runTarget } from './migrations/0005-run-target.ts';
import { pipelineSchedules } from './migrations/0006-schedules.ts';
import { sessions } from './migrations/0007-sessions.ts';
import { routerEmbeddings } from './migrations/0008-router-embeddings.ts';
import { memoryTextKeyVersion } from './migrations/0009-memory-text-key-version.ts';
import { runSupersededBy } from './migrations/0010-run-superseded-by.ts';
import type { StoreDialect } from './store.ts';

export interface Migration {
  version: number;
  name: string;
  up(db: Kysely<unknown>, dialect: StoreDialect): Promise<void>;
}

/**
 * The one ordered list of schema changes for both dialects, one file each under migrations/. Append
 * only: a released migration is never edited; a change is a new file with the next version.
 */
export const migrations: readonly Migration[] = [runsAndJournal, erpTables, memoryNotes, routerFeedback, runTarget, pipelineSchedules, sessions, routerEmbeddings, memoryTextKeyVersion, runSupersededBy];

/** The highest version: migrations of different features may be listed in any order, each applied once. */
export const latestSchemaVersion = Math.max(...migrations.map((migration) => migration.version));
