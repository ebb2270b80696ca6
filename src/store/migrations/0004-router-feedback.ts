import type { Migration } from '../migrations.ts';

/** Requests users said belonged to another agent (`nova route feedback`): the router learns from them. */
export const routerFeedback: Migration = {
  version: 4,
  name: 'router feedback',
  async up(db) {
    await db.schema
      .createTable('router_feedback')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('run_id', 'text')
      .addColumn('text', 'text', (column) => column.notNull())
      .addColumn('agent_id', 'text', (column) => column.notNull())
      .addColumn('created_at', 'text', (column) => column.notNull())
      .execute();
    await db.schema.createIndex('router_feedback_agent').on('router_feedback').column('agent_id').execute();
  },
};
