import { sql, type Kysely, type Transaction } from 'kysely';
import { NovaError } from '../core/errors.ts';
import type { SecretRedactor } from '../core/secret-redactor.ts';
import { eventSchemaVersion, type NewEvent, type RunEvent } from '../core/events.ts';
import { applyRunEvent, initialProjection, type RunProjection } from '../core/run-state.ts';
import type { DatabaseSchema } from './database-schema.ts';
import { eventsFromRows } from './journal-rows.ts';
import { projectionColumns, projectionFromRow, runRow, type CreateRunInput } from './run-row.ts';
import { isTransient, toStoreError } from './store-error.ts';
import type { StoreDialect } from './store.ts';

/** An event and when it happened; the journal assigns its `seq`. */
export interface TimedEvent {
  event: NewEvent;
  at: Date;
}

/** Where a run's journal stands: its last seq and the fold of its events up to there. */
export interface JournalPosition {
  lastSeq: number;
  projection: RunProjection;
}

export interface AppendResult extends JournalPosition {
  events: RunEvent[];
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
  /**
   * Appends events in order, in one transaction: all are written or none. A writer that knows the
   * position it left the journal at passes it, which saves a read; if another writer appended
   * meanwhile, the append is retried from a fresh read, so a stale position is never a problem.
   */
  appendMany(runId: string, events: readonly TimedEvent[], known?: JournalPosition): Promise<AppendResult>;
  append(runId: string, event: NewEvent, options?: { at?: Date }): Promise<RunEvent>;
  read(runId: string, options?: { afterSeq?: number }): Promise<RunEvent[]>;
}

const maxAttempts = 8;

/**
 * @param redactor masks configured secrets in everything journalled (payloads and the run's input),
 *   before the projection is folded, so the runs row and what callers get back are masked too.
 */
export function createJournal(db: Kysely<DatabaseSchema>, dialect: StoreDialect, location: string, redactor: SecretRedactor): Journal {
  function redacted(events: readonly TimedEvent[]): readonly TimedEvent[] {
    if (redactor.size === 0) return events;
    return events.map((entry) => {
      const payload = redactor.value(entry.event.payload);
      return payload === entry.event.payload ? entry : { at: entry.at, event: { ...entry.event, payload } as NewEvent };
    });
  }

  /** Numbers the events after `before` and folds them into the run's projection. */
  function number(runId: string, events: readonly TimedEvent[], before: JournalPosition): AppendResult {
    let seq = before.lastSeq;
    let projection = before.projection;
    const written: RunEvent[] = [];
    for (const { event, at } of events) {
      seq += 1;
      const journalled = { runId, seq, type: event.type, at: at.toISOString(), payload: event.payload, schemaVersion: eventSchemaVersion } as RunEvent;
      written.push(journalled);
      projection = applyRunEvent(projection, journalled);
    }
    return { events: written, projection, lastSeq: seq };
  }

  async function insertEvents(transaction: Transaction<DatabaseSchema>, events: readonly RunEvent[]): Promise<void> {
    if (events.length === 0) return;
    // Plain SQL rather than the query builder: this is the hottest statement of a run (a few
    // microseconds of building per event add up at the scale of a turn).
    const rows = events.map(
      (event) => sql`(${event.runId}, ${event.seq}, ${event.type}, ${event.at}, ${JSON.stringify(event.payload)}, ${event.schemaVersion})`,
    );
    await sql`INSERT INTO run_events (run_id, seq, type, at, payload, schema_version) VALUES ${sql.join(rows)}`.execute(transaction);
  }

  async function writeEvents(
    transaction: Transaction<DatabaseSchema>,
    runId: string,
    events: readonly TimedEvent[],
    known: JournalPosition | undefined,
  ): Promise<AppendResult> {
    const before = known ?? (await readPosition(transaction, runId, events));
    const result = number(runId, events, before);
    if (result.events.length === 0) return result;
    // Claim the seqs first: the row lock orders concurrent writers, and `last_seq = before` turns a
    // stale position (another process appended meanwhile) into a conflict that is retried from a fresh read.
    const columns: Record<string, string | number | null> = {
      last_seq: result.lastSeq,
      ...runRow.changedProjection(before.projection, result.projection),
      ...ownerColumns(result.events),
      ...(result.projection.endedAt !== null && before.projection.endedAt === null ? { lease_expires_at: null } : {}),
    };
    const assignments = Object.entries(columns).map(([column, value]) => sql`${sql.ref(column)} = ${value}`);
    const claimed = await sql`UPDATE runs SET ${sql.join(assignments)} WHERE id = ${runId} AND last_seq = ${before.lastSeq}`.execute(transaction);
    if (Number(claimed.numAffectedRows) !== 1) throw new StalePosition();
    await insertEvents(transaction, result.events);
    return result;
  }

  async function readPosition(transaction: Transaction<DatabaseSchema>, runId: string, events: readonly TimedEvent[]): Promise<JournalPosition> {
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
    return { lastSeq: Number(row.last_seq), projection: projectionFromRow(row) };
  }

  async function withRetry<Value>(doing: string, work: (attempt: number) => Promise<Value>): Promise<Value> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await work(attempt);
      } catch (error) {
        if (error instanceof StalePosition && attempt < maxAttempts) continue;
        if (attempt < maxAttempts && isTransient(error)) {
          await new Promise((resolve) => setTimeout(resolve, 5 * attempt));
          continue;
        }
        throw toStoreError(error, doing, location);
      }
    }
  }

  const journal: Journal = {
    start: (unredactedRun, unredactedEvents) => {
      const run = { ...unredactedRun, input: redactor.value(unredactedRun.input) };
      const events = redacted(unredactedEvents);
      return withRetry(`starting run ${run.id}`, () =>
        db.transaction().execute(async (transaction) => {
          // The row is written once, already holding the projection of its first events.
          const result = number(run.id, events, { lastSeq: 0, projection: initialProjection });
          await transaction
            .insertInto('runs')
            .values({
              ...runRow.create(run),
              ...runRow.changedProjection(initialProjection, result.projection),
              ...ownerColumns(result.events),
              last_seq: result.lastSeq,
            })
            .execute();
          await insertEvents(transaction, result.events);
          return result;
        }),
      );
    },

    appendMany: (runId, unredactedEvents, known) => {
      const events = redacted(unredactedEvents);
      return withRetry(`appending ${events.map((entry) => entry.event.type).join(', ')} to run ${runId}`, (attempt) =>
        // A known position saves a read; after a conflict the position is read afresh.
        db.transaction().execute((transaction) => writeEvents(transaction, runId, events, attempt === 1 ? known : undefined)),
      );
    },

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
        return eventsFromRows(rows);
      } catch (error) {
        throw toStoreError(error, `reading the journal of run ${runId}`, location);
      }
    },
  };
  return journal;
}

/** The owner recorded by a `run-start` among the events, as columns of the runs row. */
function ownerColumns(events: readonly RunEvent[]): { owner_host?: string; owner_pid?: number } {
  const start = events.find((event) => event.type === 'run-start');
  if (start?.type !== 'run-start') return {};
  return { owner_host: start.payload.owner.host, owner_pid: start.payload.owner.pid };
}

/** The position a writer assumed is out of date: another writer appended first. */
class StalePosition extends Error {}
