import type { Migration } from '../migrations.ts';

/**
 * The run that does a run's work again (`run-supersede`, status `superseded`): part of the journal's
 * projection kept on the run row, so `nova runs list` names it without reading journals. Existing
 * runs were never superseded: the column starts empty.
 */
export const runSupersededBy: Migration = {
  version: 10,
  name: 'run superseded by',
  async up(db) {
    await db.schema.alterTable('runs').addColumn('superseded_by', 'text').execute();
  },
};
