import { sql, type Kysely, type Selectable } from 'kysely';
import type { RunKind, RunRecord, RunStatus } from '../core/run.ts';
import type { SecretRedactor } from '../core/secret-redactor.ts';
import { withLiveness } from '../core/run-state.ts';
import type { DatabaseSchema, RunsTable } from './database-schema.ts';
import { findByIdOrPrefix } from './find-by-id-prefix.ts';
import { isOwnerAlive } from './owner-liveness.ts';
import { projectionFromRow, runRow, type CreateRunInput } from './run-row.ts';
import { storeOperations } from './store-error.ts';

export interface RunFilter {
  status?: RunStatus;
  agentId?: string;
  /** Agent or pipeline id. */
  target?: string;
  kind?: RunKind;
  parentRunId?: string;
  /** Newest first; default 50. */
  limit?: number;
}

export interface RunsRepository {
  create(input: CreateRunInput): Promise<RunRecord>;
  /** The run, or undefined. An unfinished run whose owner died reads as `interrupted`. */
  get(id: string): Promise<RunRecord | undefined>;
  /** By full id or a unique prefix of one (as users type them); `run_not_found` otherwise. */
  find(idOrPrefix: string): Promise<RunRecord>;
  list(filter?: RunFilter): Promise<RunRecord[]>;
  /** Extends the lease of a running run; other hosts take an expired lease as a dead owner. */
  renewLease(id: string, leaseExpiresAt: Date): Promise<void>;
}

const unfinished: RunStatus[] = ['running', 'waiting', 'interrupted'];

/** @param redactor masks configured secrets in a created run's input (see `createJournal`). */
export function createRunsRepository(db: Kysely<DatabaseSchema>, location: string, redactor: SecretRedactor): RunsRepository {
  const wrap = storeOperations(location);

  return {
    create: (input) =>
      wrap(`creating run ${input.id}`, async () => {
        const row = runRow.create({ ...input, input: redactor.value(input.input) });
        await db.insertInto('runs').values(row).execute();
        return toRecord({ ...row, warning_count: 0, last_seq: 0 } as Selectable<RunsTable>, new Date());
      }),

    get: (id) =>
      wrap(`reading run ${id}`, async () => {
        const row = await db.selectFrom('runs').selectAll().where('id', '=', id).executeTakeFirst();
        return row === undefined ? undefined : toRecord(row, new Date());
      }),

    find: (idOrPrefix) =>
      wrap(`finding run ${idOrPrefix}`, async () => {
        const row = await findByIdOrPrefix({
          idOrPrefix,
          idStart: 'run_',
          noun: 'run',
          code: 'run_not_found',
          listCommand: 'nova runs list',
          exact: (id) => db.selectFrom('runs').selectAll().where('id', '=', id).executeTakeFirst(),
          startingWith: (prefix, limit) => db.selectFrom('runs').selectAll().where(sql`substr(id, 1, ${prefix.length})`, '=', prefix).orderBy('created_at', 'desc').limit(limit).execute(),
        });
        return toRecord(row, new Date());
      }),

    list: (filter = {}) =>
      wrap('listing runs', async () => {
        const limit = filter.limit ?? 50;
        let query = db.selectFrom('runs').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc');
        // target = agent id for agent runs: the target index finds them (there is no index on agent_id alone).
        if (filter.agentId !== undefined) query = query.where('target', '=', filter.agentId).where('agent_id', '=', filter.agentId);
        if (filter.target !== undefined) query = query.where('target', '=', filter.target);
        if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
        if (filter.parentRunId !== undefined) query = query.where('parent_run_id', '=', filter.parentRunId);
        const now = new Date();
        if (filter.status === undefined) return (await query.limit(limit).execute()).map((row) => toRecord(row, now));
        if (!unfinished.includes(filter.status)) {
          return (await query.where('status', '=', filter.status).limit(limit).execute()).map((row) => toRecord(row, now));
        }
        // Whether an unfinished run is running or interrupted depends on its owner, known only now.
        const rows = await query.where('status', 'in', ['running', 'waiting']).execute();
        return rows
          .map((row) => toRecord(row, now))
          .filter((record) => record.status === filter.status)
          .slice(0, limit);
      }),

    renewLease: (id, leaseExpiresAt) =>
      wrap(`renewing the lease of run ${id}`, async () => {
        await db
          .updateTable('runs')
          .set({ lease_expires_at: leaseExpiresAt.toISOString() })
          .where('id', '=', id)
          .where('ended_at', 'is', null)
          .execute();
      }),
  };
}

function toRecord(row: Selectable<RunsTable>, now: Date): RunRecord {
  const owner = row.owner_host === null || row.owner_pid === null ? null : { host: row.owner_host, pid: Number(row.owner_pid) };
  const projection = projectionFromRow(row);
  const status = withLiveness(projection.status, { ownerAlive: isOwnerAlive(owner, row.lease_expires_at, now) });
  return {
    id: row.id,
    kind: row.kind as RunKind,
    agentId: row.agent_id,
    target: row.target,
    parentRunId: row.parent_run_id,
    status,
    input: JSON.parse(row.input) as unknown,
    output: projection.output,
    error: projection.error,
    warningCount: projection.warningCount,
    usage: projection.usage,
    createdAt: row.created_at,
    startedAt: projection.startedAt,
    endedAt: projection.endedAt,
    supersededBy: projection.supersededBy,
    owner,
    leaseExpiresAt: row.lease_expires_at,
  };
}
