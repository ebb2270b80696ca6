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
    // An agent run's target is its agent: one index serves both filters, and each run insert updates one fewer.
    await db.schema.dropIndex('runs_agent').execute();
    // Most runs have no parent: index only the child runs (delegates, pipeline steps).
    await db.schema.dropIndex('runs_parent').execute();
    await db.schema.createIndex('runs_parent').on('runs').column('parent_run_id').where(sql.ref('parent_run_id'), 'is not', null).execute();
  },
};
