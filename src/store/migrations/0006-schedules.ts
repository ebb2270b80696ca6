import type { Migration } from '../migrations.ts';

/**
 * Recurring pipeline runs (src/pipelines/schedules): those a pipeline file declares (`origin` file,
 * id `file:<pipeline id>`) and those created with `nova schedules add` or the scheduler agent.
 * `last_fire_at` is the latest scheduled time already claimed: processes that serve schedules claim a
 * time by compare-and-set on it, so each time fires once however many `nova serve` run.
 */
export const pipelineSchedules: Migration = {
  version: 6,
  name: 'pipeline schedules',
  async up(db) {
    await db.schema
      .createTable('pipeline_schedules')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('pipeline_id', 'text', (column) => column.notNull())
      .addColumn('cron', 'text', (column) => column.notNull())
      .addColumn('timezone', 'text', (column) => column.notNull())
      .addColumn('catch_up', 'text', (column) => column.notNull())
      .addColumn('inputs', 'text', (column) => column.notNull())
      .addColumn('label', 'text')
      .addColumn('origin', 'text', (column) => column.notNull())
      .addColumn('created_at', 'text', (column) => column.notNull())
      .addColumn('cancelled_at', 'text')
      .addColumn('last_fire_at', 'text')
      .addColumn('last_run_id', 'text')
      .execute();
    await db.schema.createIndex('pipeline_schedules_pipeline').on('pipeline_schedules').column('pipeline_id').execute();
  },
};
