import type { Migration } from '../migrations.ts';

/**
 * Chat sessions (`nova chat`) and their turns (see src/sessions/session-tables.ts). A turn is one user
 * message and what answered it: the run (by id; the run and its journal stay the truth about status,
 * output and usage), the agent, and the answer's text as the conversation history shows it later.
 */
export const sessions: Migration = {
  version: 7,
  name: 'sessions',
  async up(db) {
    await db.schema
      .createTable('sessions')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('title', 'text')
      .addColumn('active_agent_id', 'text')
      .addColumn('created_at', 'text', (column) => column.notNull())
      .addColumn('updated_at', 'text', (column) => column.notNull())
      .execute();
    await db.schema.createIndex('sessions_updated').on('sessions').columns(['updated_at', 'id']).execute();

    await db.schema
      .createTable('session_turns')
      .addColumn('session_id', 'text', (column) => column.notNull().references('sessions.id').onDelete('cascade'))
      .addColumn('position', 'integer', (column) => column.notNull())
      .addColumn('run_id', 'text')
      .addColumn('agent_id', 'text')
      .addColumn('user_text', 'text', (column) => column.notNull())
      .addColumn('answer_text', 'text')
      .addColumn('error', 'text')
      .addColumn('created_at', 'text', (column) => column.notNull())
      .addPrimaryKeyConstraint('session_turns_pk', ['session_id', 'position'])
      .execute();
    await db.schema.createIndex('session_turns_run').on('session_turns').column('run_id').execute();
  },
};
