import { sql, type Kysely } from 'kysely';
import { NovaError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import type { DatabaseSchema } from '../../store/database-schema.ts';
import { storeOperations } from '../../store/store-error.ts';
import type { Store } from '../../store/store.ts';
import type { PipelineDefinition } from '../pipeline-definition.ts';
import type { CatchUpPolicy } from '../pipeline-spec.ts';

/** The table of migration 0006-schedules (a type alias: Kysely's withTables wants an index signature). */
export type ScheduleTables = {
  pipeline_schedules: {
    id: string;
    pipeline_id: string;
    cron: string;
    timezone: string;
    catch_up: string;
    inputs: string;
    label: string | null;
    origin: string;
    created_at: string;
    cancelled_at: string | null;
    last_fire_at: string | null;
    last_run_id: string | null;
  };
};

/** A recurring pipeline run. */
export interface Schedule {
  id: string;
  pipelineId: string;
  cron: string;
  timezone: string;
  catchUp: CatchUpPolicy;
  inputs: Record<string, unknown>;
  /** A name for people ("Friday report"), when given. */
  label: string | null;
  /** `file`: declared by the pipeline file (change it there); `user`: added with `nova schedules add` or the scheduler agent. */
  origin: 'file' | 'user';
  createdAt: string;
  cancelledAt: string | null;
  /** The latest scheduled time already claimed by a serving process. */
  lastFireAt: string | null;
  lastRunId: string | null;
}

export interface NewSchedule {
  pipelineId: string;
  cron: string;
  timezone: string;
  catchUp: CatchUpPolicy;
  inputs: Record<string, unknown>;
  label?: string | null;
}

export interface ScheduleRepository {
  /** Active schedules (and cancelled ones too when asked), oldest first. */
  list(options?: { includeCancelled?: boolean }): Promise<Schedule[]>;
  get(id: string): Promise<Schedule | undefined>;
  create(schedule: NewSchedule, now: Date): Promise<Schedule>;
  /** Cancels a schedule by id or unique prefix; a file's schedule is changed in its file. */
  cancel(idOrPrefix: string, now: Date): Promise<Schedule>;
  /** Brings the schedules that pipeline files declare in line with the files. */
  syncFileSchedules(pipelines: readonly PipelineDefinition[], now: Date): Promise<void>;
  /** Claims the scheduled times up to `through` for this process; false if another process claimed first. */
  claimFire(schedule: Schedule, through: Date): Promise<boolean>;
  recordRun(id: string, runId: string): Promise<void>;
}

type Database = Kysely<DatabaseSchema & ScheduleTables>;
type Row = ScheduleTables['pipeline_schedules'];

/** The schedules in the store. */
export function createScheduleRepository(store: Store): ScheduleRepository {
  const db = store.db.withTables<ScheduleTables>() as Database;
  const wrap = storeOperations(store.location);

  const repository: ScheduleRepository = {
    list: (options = {}) =>
      wrap('listing schedules', async () => {
        let query = db.selectFrom('pipeline_schedules').selectAll().orderBy('created_at').orderBy('id');
        if (options.includeCancelled !== true) query = query.where('cancelled_at', 'is', null);
        return (await query.execute()).map(fromRow);
      }),

    get: (id) =>
      wrap(`reading schedule ${id}`, async () => {
        const row = await db.selectFrom('pipeline_schedules').selectAll().where('id', '=', id).executeTakeFirst();
        return row === undefined ? undefined : fromRow(row);
      }),

    create: (schedule, now) =>
      wrap('creating a schedule', async () => {
        const row: Row = {
          id: newId('sch', now.getTime()),
          pipeline_id: schedule.pipelineId,
          cron: schedule.cron,
          timezone: schedule.timezone,
          catch_up: schedule.catchUp,
          inputs: JSON.stringify(schedule.inputs),
          label: schedule.label ?? null,
          origin: 'user',
          created_at: now.toISOString(),
          cancelled_at: null,
          // Times before the schedule existed are not missed times.
          last_fire_at: now.toISOString(),
          last_run_id: null,
        };
        await db.insertInto('pipeline_schedules').values(row).execute();
        return fromRow(row);
      }),

    async cancel(idOrPrefix, now) {
      const text = idOrPrefix.trim();
      const matches = await wrap(`finding schedule ${text}`, () =>
        db
          .selectFrom('pipeline_schedules')
          .selectAll()
          .where('cancelled_at', 'is', null)
          .where(sql`substr(id, 1, ${text.length})`, '=', text)
          .execute(),
      );
      if (matches.length !== 1) {
        throw new NovaError({
          code: 'input_invalid',
          fault: 'user',
          message: matches.length === 0 ? `No active schedule "${text}"` : `"${text}" matches ${matches.length} schedules: ${matches.map((row) => row.id).join(', ')}`,
          hint: 'List them with `nova schedules list`.',
        });
      }
      const row = matches[0]!;
      if (row.origin === 'file') {
        throw new NovaError({
          code: 'input_invalid',
          fault: 'user',
          message: `Schedule ${row.id} is declared by the file of pipeline ${row.pipeline_id}`,
          hint: 'Remove or change `schedule:` in that file (`nova pipeline show` names it).',
        });
      }
      await wrap(`cancelling schedule ${row.id}`, () => db.updateTable('pipeline_schedules').set({ cancelled_at: now.toISOString() }).where('id', '=', row.id).execute());
      return fromRow({ ...row, cancelled_at: now.toISOString() });
    },

    syncFileSchedules: (pipelines, now) =>
      wrap('updating the schedules of pipeline files', async () => {
        const rows = await db.selectFrom('pipeline_schedules').selectAll().where('origin', '=', 'file').execute();
        const byId = new Map(rows.map((row) => [row.id, row]));
        const declared = new Set<string>();
        for (const pipeline of pipelines) {
          if (pipeline.schedule === undefined) continue;
          const id = `file:${pipeline.id}`;
          declared.add(id);
          const wanted = { cron: pipeline.schedule.cron, timezone: pipeline.schedule.timezone, catch_up: pipeline.schedule.catchUp, inputs: JSON.stringify(pipeline.schedule.inputs) };
          const existing = byId.get(id);
          if (existing === undefined) {
            await db
              .insertInto('pipeline_schedules')
              .values({ id, pipeline_id: pipeline.id, ...wanted, label: null, origin: 'file', created_at: now.toISOString(), cancelled_at: null, last_fire_at: now.toISOString(), last_run_id: null })
              .execute();
          } else if (existing.cancelled_at !== null || existing.cron !== wanted.cron || existing.timezone !== wanted.timezone || existing.catch_up !== wanted.catch_up || existing.inputs !== wanted.inputs) {
            // A schedule declared again (or changed) starts from now: no catch-up of times it was not in force.
            await db
              .updateTable('pipeline_schedules')
              .set({ ...wanted, cancelled_at: null, ...(existing.cancelled_at !== null || existing.cron !== wanted.cron || existing.timezone !== wanted.timezone ? { last_fire_at: now.toISOString() } : {}) })
              .where('id', '=', id)
              .execute();
          }
        }
        for (const row of rows) {
          if (!declared.has(row.id) && row.cancelled_at === null) {
            await db.updateTable('pipeline_schedules').set({ cancelled_at: now.toISOString() }).where('id', '=', row.id).execute();
          }
        }
      }),

    claimFire: (schedule, through) =>
      wrap(`claiming a run of schedule ${schedule.id}`, async () => {
        let update = db.updateTable('pipeline_schedules').set({ last_fire_at: through.toISOString() }).where('id', '=', schedule.id).where('cancelled_at', 'is', null);
        update = schedule.lastFireAt === null ? update.where('last_fire_at', 'is', null) : update.where('last_fire_at', '=', schedule.lastFireAt);
        const result = await update.executeTakeFirst();
        return Number(result.numUpdatedRows) === 1;
      }),

    recordRun: (id, runId) =>
      wrap(`recording the run of schedule ${id}`, async () => {
        await db.updateTable('pipeline_schedules').set({ last_run_id: runId }).where('id', '=', id).execute();
      }),
  };
  return repository;
}

function fromRow(row: Row): Schedule {
  return {
    id: row.id,
    pipelineId: row.pipeline_id,
    cron: row.cron,
    timezone: row.timezone,
    catchUp: row.catch_up as CatchUpPolicy,
    inputs: JSON.parse(row.inputs) as Record<string, unknown>,
    label: row.label,
    origin: row.origin === 'file' ? 'file' : 'user',
    createdAt: row.created_at,
    cancelledAt: row.cancelled_at,
    lastFireAt: row.last_fire_at,
    lastRunId: row.last_run_id,
  };
}
