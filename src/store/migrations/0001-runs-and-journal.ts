import { sql } from 'kysely';
import type { Migration } from '../migrations.ts';

/** Runs and their journal. */
export const runsAndJournal: Migration = {
  version: 1,
  name: 'runs and journal',
  async up(db, dialect) {
    await db.schema
      .createTable('runs')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('kind', 'text', (column) => column.notNull())
      .addColumn('agent_id', 'text')
      .addColumn('parent_run_id', 'text')
      .addColumn('status', 'text', (column) => column.notNull())
      .addColumn('input', 'text', (column) => column.notNull())
      .addColumn('output', 'text')
      .addColumn('error', 'text')
      .addColumn('warning_count', 'integer', (column) => column.notNull().defaultTo(0))
      .addColumn('usage', 'text', (column) => column.notNull())
      .addColumn('created_at', 'text', (column) => column.notNull())
      .addColumn('started_at', 'text')
      .addColumn('ended_at', 'text')
      .addColumn('owner_host', 'text')
      .addColumn('owner_pid', 'integer')
      .addColumn('lease_expires_at', 'text')
      .addColumn('last_seq', 'integer', (column) => column.notNull().defaultTo(0))
      .execute();
    await db.schema.createIndex('runs_status').on('runs').columns(['status', 'created_at']).execute();
    await db.schema.createIndex('runs_agent').on('runs').columns(['agent_id', 'created_at']).execute();
    await db.schema.createIndex('runs_created').on('runs').column('created_at').execute();
    await db.schema.createIndex('runs_parent').on('runs').column('parent_run_id').execute();

    await db.schema
      .createTable('run_events')
      .addColumn('run_id', 'text', (column) => column.notNull().references('runs.id').onDelete('cascade'))
      .addColumn('seq', 'integer', (column) => column.notNull())
      .addColumn('type', 'text', (column) => column.notNull())
      .addColumn('at', 'text', (column) => column.notNull())
      .addColumn('payload', 'text', (column) => column.notNull())
      .addColumn('schema_version', 'integer', (column) => column.notNull())
      .addPrimaryKeyConstraint('run_events_pk', ['run_id', 'seq'])
      // SQLite: the events live in their primary key's b-tree (one write per event instead of two).
      .$call((builder) => (dialect === 'sqlite' ? builder.modifyEnd(sql`without rowid`) : builder))
      .execute();
  },
};
