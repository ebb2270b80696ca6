import { sql } from 'kysely';
import type { Migration } from '../migrations.ts';

/** What a run runs, whatever its kind: the agent id of an agent run, the pipeline id of a pipeline run. */
export const runTarget: Migration = {
  version: 5,
  name: 'run target',
  async up(db) {
    await db.schema.alterTable('runs').addColumn('target', 'text').execute();
    await sql`UPDATE runs SET target = agent_id`.execute(db);
    await db.schema.createIndex('runs_target').on('runs').columns(['target', 'created_at']).execute();
  },
};
