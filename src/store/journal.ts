import { sql, type Kysely, type Transaction } from 'kysely';
import { NovaError } from '../core/errors.ts';
import { eventSchemaVersion, isEventType, type NewEvent, type RunEvent } from '../core/events.ts';
import { reduceRunEvents } from '../core/run-state.ts';
import type { DatabaseSchema } from './database-schema.ts';
import { isTransient, toStoreError } from './store-error.ts';
import type { StoreDialect } from './store.ts';

export interface AppendOptions {
  /** When the event happened; default now. */
  at?: Date;
}

/**
 * The append-only, ordered journal of every run. `seq` starts at 1 and increases by one per run with
 * no gaps, also under concurrent appends from several processes: the next seq is taken under the run
 * row's lock (PostgreSQL) or the database write lock (SQLite).
 */
export interface Journal {
  append(runId: string, event: NewEvent, options?: AppendOptions): Promise<RunEvent>;
  read(runId: string, options?: { afterSeq?: number }): Promise<RunEvent[]>;
}

// Events that change the projection kept on the runs row; they are written in one transaction with it.
const projectedTypes = new Set(['run-start', 'run-wait', 'run-end', 'warning', 'error']);
const maxAttempts = 8;

export function createJournal(db: Kysely<DatabaseSchema>, dialect: StoreDialect, location: string): Journal {
  async function insertEvent(executor: Kysely<DatabaseSchema>, runId: string, type: string, at: string, payload: string) {
    const query =
      dialect === 'postgres'
        ? sql<{ seq: number }>`WITH next AS (
              UPDATE runs SET last_seq = last_seq + 1 WHERE id = ${runId} RETURNING last_seq)
            INSERT INTO run_events (run_id, seq, type, at, payload, schema_version)
            SELECT ${runId}, last_seq, ${type}, ${at}, ${payload}, ${eventSchemaVersion} FROM next
            RETURNING seq`
        : sql<{ seq: number }>`INSERT INTO run_events (run_id, seq, type, at, payload, schema_version)
            SELECT ${runId}, last_seq + 1, ${type}, ${at}, ${payload}, ${eventSchemaVersion} FROM runs WHERE id = ${runId}
            RETURNING seq`;
    const result = await query.execute(executor);
    const row = result.rows[0];
    if (row === undefined) {
      throw new NovaError({
        code: 'run_not_found',
        fault: 'system',
        message: `Cannot append ${type} to run ${runId}: the run does not exist`,
        hint: 'Create the run before journalling its events.',
        runId,
      });
    }
    return Number(row.seq);
  }

  async function appendOnce(runId: string, event: NewEvent, at: string): Promise<number> {
    const payload = JSON.stringify(event.payload);
    if (!projectedTypes.has(event.type)) return insertEvent(db, runId, event.type, at, payload);
    return db.transaction().execute(async (transaction) => {
      const seq = await insertEvent(transaction, runId, event.type, at, payload);
      await project(transaction, runId, event, at);
      return seq;
    });
  }

  return {
    async append(runId, event, options) {
      const at = (options?.at ?? new Date()).toISOString();
      for (let attempt = 1; ; attempt += 1) {
        try {
          const seq = await appendOnce(runId, event, at);
          return {
            runId,
            seq,
            type: event.type,
            at,
            payload: event.payload,
            schemaVersion: eventSchemaVersion,
          } as RunEvent;
        } catch (error) {
          if (attempt < maxAttempts && isTransient(error)) {
            await delay(5 * attempt);
            continue;
          }
          throw toStoreError(error, `appending ${event.type} to run ${runId}`, location);
        }
      }
    },

    async read(runId, options) {
      try {
        const rows = await db
          .selectFrom('run_events')
          .selectAll()
          .where('run_id', '=', runId)
          .where('seq', '>', options?.afterSeq ?? 0)
          .orderBy('seq')
          .execute();
        return rows.map((row) => {
          if (!isEventType(row.type)) {
            throw new NovaError({
              code: 'store_error',
              fault: 'system',
              message: `Run ${runId} event ${row.seq} has unknown type "${row.type}"`,
              hint: 'The journal was written by a newer Nova; upgrade Nova to read it.',
            });
          }
          return {
            runId: row.run_id,
            seq: Number(row.seq),
            type: row.type,
            at: row.at,
            payload: JSON.parse(row.payload) as unknown,
            schemaVersion: Number(row.schema_version),
          } as RunEvent;
        });
      } catch (error) {
        throw toStoreError(error, `reading the journal of run ${runId}`, location);
      }
    },
  };

  /** Keeps the runs row (status, output, error, usage, counts) in step with the journal. */
  async function project(transaction: Transaction<DatabaseSchema>, runId: string, event: NewEvent, at: string) {
    switch (event.type) {
      case 'run-start':
        await transaction
          .updateTable('runs')
          .set({
            status: 'running',
            started_at: at,
            owner_host: event.payload.owner.host,
            owner_pid: event.payload.owner.pid,
          })
          .where('id', '=', runId)
          .execute();
        return;
      case 'run-wait':
        await transaction.updateTable('runs').set({ status: 'waiting' }).where('id', '=', runId).execute();
        return;
      case 'warning':
        await transaction
          .updateTable('runs')
          .set((builder) => ({ warning_count: builder('warning_count', '+', 1) }))
          .where('id', '=', runId)
          .execute();
        return;
      case 'error':
        await transaction
          .updateTable('runs')
          .set({ error: JSON.stringify(event.payload.error) })
          .where('id', '=', runId)
          .where('error', 'is', null)
          .execute();
        return;
      case 'run-end': {
        // The status rules live in one place (reduceRunEvents): the row is recomputed from the journal.
        const rows = await transaction
          .selectFrom('run_events')
          .select(['seq', 'type', 'at', 'payload'])
          .where('run_id', '=', runId)
          .where('type', 'in', ['run-start', 'run-wait', 'model-result', 'warning', 'error', 'run-end'])
          .orderBy('seq')
          .execute();
        const state = reduceRunEvents(
          rows.map(
            (row) =>
              ({ runId, seq: Number(row.seq), type: row.type, at: row.at, payload: JSON.parse(row.payload), schemaVersion: 1 }) as RunEvent,
          ),
        );
        await transaction
          .updateTable('runs')
          .set({
            usage: JSON.stringify(state.usage),
            status: state.status,
            output: JSON.stringify(state.output ?? null),
            error: state.error === null ? null : JSON.stringify(state.error),
            ended_at: at,
            lease_expires_at: null,
          })
          .where('id', '=', runId)
          .execute();
        return;
      }
      default:
        return;
    }
  }
}

function delay(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}
