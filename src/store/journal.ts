import type { Kysely, Transaction } from 'kysely';
import { NovaError } from '../core/errors.ts';
import { eventSchemaVersion, isEventType, type NewEvent, type RunEvent } from '../core/events.ts';
import { applyRunEvent, type RunProjection } from '../core/run-state.ts';
import type { DatabaseSchema } from './database-schema.ts';
import { projectionColumns, projectionFromRow, runRow, type CreateRunInput } from './run-row.ts';
import { isTransient, toStoreError } from './store-error.ts';
import type { StoreDialect } from './store.ts';

/** An event and when it happened; the journal assigns its `seq`. */
export interface TimedEvent {
  event: NewEvent;
  at: Date;
}

export interface AppendResult {
  events: RunEvent[];
  /** The run's projection after these events (the fold of its whole journal). */
  projection: RunProjection;
}

/**
 * The append-only, ordered journal of every run. `seq` starts at 1 and increases by one per run with
 * no gaps, also under concurrent appends from several processes: events are written under the run
 * row's lock (`FOR UPDATE` on PostgreSQL; the database write lock of `BEGIN IMMEDIATE` on SQLite),
 * together with the projection of the run they change, in one transaction.
 */
export interface Journal {
  /** Creates a run and journals its first events, in one transaction. */
  start(run: CreateRunInput, events: readonly TimedEvent[]): Promise<AppendResult>;
  /** Appends events in order, in one transaction: all are written or none. */
  appendMany(runId: string, events: readonly TimedEvent[]): Promise<AppendResult>;
  append(runId: string, event: NewEvent, options?: { at?: Date }): Promise<RunEvent>;
  read(runId: string, options?: { afterSeq?: number }): Promise<RunEvent[]>;
}

const maxAttempts = 8;

export function createJournal(db: Kysely<DatabaseSchema>, dialect: StoreDialect, location: string): Journal {
  async function writeEvents(transaction: Transaction<DatabaseSchema>, runId: string, events: readonly TimedEvent[]): Promise<AppendResult> {
    let query = transaction.selectFrom('runs').select(['last_seq', ...projectionColumns]).where('id', '=', runId);
    if (dialect === 'postgres') query = query.forUpdate();
    const row = await query.executeTakeFirst();
    if (row === undefined) {
      throw new NovaError({
        code: 'run_not_found',
        fault: 'system',
        message: `Cannot journal ${events.map((entry) => entry.event.type).join(', ')} for run ${runId}: the run does not exist`,
        hint: 'Create the run before journalling its events.',
        runId,
      });
    }
    let seq = Number(row.last_seq);
    let projection = projectionFromRow(row);
    const written: RunEvent[] = [];
    for (const { event, at } of events) {
      seq += 1;
      const journalled = { runId, seq, type: event.type, at: at.toISOString(), payload: event.payload, schemaVersion: eventSchemaVersion } as RunEvent;
      written.push(journalled);
      projection = applyRunEvent(projection, journalled);
    }
    if (written.length === 0) return { events: written, projection };
    await transaction
      .insertInto('run_events')
      .values(
        written.map((event) => ({
          run_id: runId,
          seq: event.seq,
          type: event.type,
          at: event.at,
          payload: JSON.stringify(event.payload),
          schema_version: event.schemaVersion,
        })),
      )
      .execute();
    const owner = written.find((event) => event.type === 'run-start')?.payload as { owner: { host: string; pid: number } } | undefined;
    await transaction
      .updateTable('runs')
      .set({
        last_seq: seq,
        ...runRow.projection(projection),
        ...(owner === undefined ? {} : { owner_host: owner.owner.host, owner_pid: owner.owner.pid }),
        ...(projection.endedAt === null ? {} : { lease_expires_at: null }),
      })
      .where('id', '=', runId)
      .execute();
    return { events: written, projection };
  }

  async function withRetry<Value>(doing: string, work: () => Promise<Value>): Promise<Value> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await work();
      } catch (error) {
        if (attempt < maxAttempts && isTransient(error)) {
          await new Promise((resolve) => setTimeout(resolve, 5 * attempt));
          continue;
        }
        throw toStoreError(error, doing, location);
      }
    }
  }

  const journal: Journal = {
    start: (run, events) =>
      withRetry(`starting run ${run.id}`, () =>
        db.transaction().execute(async (transaction) => {
          await transaction.insertInto('runs').values(runRow.create(run)).execute();
          return writeEvents(transaction, run.id, events);
        }),
      ),

    appendMany: (runId, events) =>
      withRetry(`appending ${events.map((entry) => entry.event.type).join(', ')} to run ${runId}`, () =>
        db.transaction().execute((transaction) => writeEvents(transaction, runId, events)),
      ),

    async append(runId, event, options) {
      const result = await journal.appendMany(runId, [{ event, at: options?.at ?? new Date() }]);
      return result.events[0]!;
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
  return journal;
}
