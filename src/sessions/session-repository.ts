import { sql, type Kysely, type Selectable } from 'kysely';
import { systemClock, type Clock } from '../core/clock.ts';
import { NovaError, type SerializedError } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import type { DatabaseSchema } from '../store/database-schema.ts';
import { findByIdOrPrefix } from '../store/find-by-id-prefix.ts';
import { isUniqueViolation, storeOperations } from '../store/store-error.ts';
import type { Store } from '../store/store.ts';
import { sessionTitle, type Session, type SessionTurn } from './session.ts';
import type { SessionTables, SessionTurnsTable, SessionsTable } from './session-tables.ts';

export interface NewTurn {
  sessionId: string;
  runId: string | null;
  agentId: string | null;
  text: string;
  answer: string | null;
  error: SerializedError | null;
  /** The session's active agent after this turn. */
  activeAgentId: string | null;
}

export interface SessionRepository {
  create(input: { activeAgentId: string | null; title?: string | null }): Promise<Session>;
  /** By full id or a unique prefix of one (as users type them); `session_not_found` otherwise. */
  find(idOrPrefix: string): Promise<Session>;
  /** Sessions, most recently used first. */
  list(options?: { limit?: number }): Promise<Session[]>;
  /**
   * The session's turns, oldest first. `last` keeps only the most recent ones; `answeredOnly` only the
   * turns that have an answer (what a conversation's history is made of).
   */
  turns(sessionId: string, options?: { last?: number; answeredOnly?: boolean }): Promise<SessionTurn[]>;
  /** Appends a turn at the next position, and updates the session's active agent, title and time with it. */
  addTurn(turn: NewTurn): Promise<SessionTurn>;
  setActiveAgent(sessionId: string, agentId: string | null): Promise<void>;
}

type SessionDatabase = Kysely<DatabaseSchema & SessionTables>;
type SessionRow = Selectable<SessionsTable> & { turn_count: number | string | bigint | null };

// Two processes appending to one session at the same moment may pick the same position: the loser tries again.
const appendAttempts = 5;

/** Chat sessions and their turns in the store (SQLite or PostgreSQL). */
export function createSessionRepository(store: Store, options: { clock?: Clock } = {}): SessionRepository {
  const db = store.db.withTables<SessionTables>() as SessionDatabase;
  const clock = options.clock ?? systemClock;
  const wrap = storeOperations(store.location);
  const sessionsWithCounts = () =>
    db
      .selectFrom('sessions')
      .selectAll('sessions')
      .select((builder) =>
        builder
          .selectFrom('session_turns')
          .whereRef('session_turns.session_id', '=', 'sessions.id')
          .select((counter) => counter.fn.countAll().as('count'))
          .as('turn_count'),
      );

  return {
    create: (input) =>
      wrap('creating a session', async () => {
        const now = clock.now();
        const row: SessionsTable = {
          id: newId('ses', now.getTime()),
          title: input.title === undefined || input.title === null ? null : store.redactor.text(input.title),
          active_agent_id: input.activeAgentId,
          created_at: now.toISOString(),
          updated_at: now.toISOString(),
        };
        await db.insertInto('sessions').values(row).execute();
        return toSession({ ...row, turn_count: 0 });
      }),

    find: (idOrPrefix) =>
      wrap(`finding session ${idOrPrefix}`, async () => {
        const row = await findByIdOrPrefix({
          idOrPrefix,
          idStart: 'ses_',
          noun: 'session',
          code: 'session_not_found',
          listCommand: 'nova sessions list',
          exact: (id) => sessionsWithCounts().where('sessions.id', '=', id).executeTakeFirst(),
          startingWith: (prefix, limit) => sessionsWithCounts().where(sql`substr(sessions.id, 1, ${prefix.length})`, '=', prefix).orderBy('sessions.updated_at', 'desc').limit(limit).execute(),
        });
        return toSession(row);
      }),

    list: (listOptions = {}) =>
      wrap('listing sessions', async () => {
        const rows = await sessionsWithCounts()
          .orderBy('sessions.updated_at', 'desc')
          .orderBy('sessions.id', 'desc')
          .limit(listOptions.limit ?? 50)
          .execute();
        return rows.map(toSession);
      }),

    turns: (sessionId, turnOptions = {}) =>
      wrap(`reading the turns of session ${sessionId}`, async () => {
        let query = db.selectFrom('session_turns').selectAll().where('session_id', '=', sessionId);
        if (turnOptions.answeredOnly === true) query = query.where('answer_text', 'is not', null);
        if (turnOptions.last === undefined) return (await query.orderBy('position').execute()).map(toTurn);
        const newestFirst = await query.orderBy('position', 'desc').limit(turnOptions.last).execute();
        return newestFirst.reverse().map(toTurn);
      }),

    addTurn: (turn) =>
      wrap(`adding a turn to session ${turn.sessionId}`, async () => {
        for (let attempt = 1; ; attempt += 1) {
          try {
            // Like the journal: the configured secrets never reach the table (the user's text, the answer, the error).
            return await db.transaction().execute((transaction) => appendTurn(transaction, store.redactor.value(turn), clock.now().toISOString()));
          } catch (error) {
            if (attempt >= appendAttempts || !isUniqueViolation(error)) throw error;
          }
        }
      }),

    setActiveAgent: (sessionId, agentId) =>
      wrap(`setting the active agent of session ${sessionId}`, async () => {
        await db.updateTable('sessions').set({ active_agent_id: agentId, updated_at: clock.now().toISOString() }).where('id', '=', sessionId).execute();
      }),
  };
}

async function appendTurn(db: SessionDatabase, turn: NewTurn, now: string): Promise<SessionTurn> {
  // The session's row first: on PostgreSQL its lock queues other appends to this session behind this one.
  const updated = await db
    .updateTable('sessions')
    .set((builder) => ({
      active_agent_id: turn.activeAgentId,
      updated_at: now,
      title: builder.fn.coalesce('title', sql<string>`${sessionTitle(turn.text)}`),
    }))
    .where('id', '=', turn.sessionId)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) {
    throw new NovaError({ code: 'session_not_found', fault: 'user', message: `No session ${turn.sessionId}`, hint: 'List sessions with `nova sessions list`.' });
  }
  const last = await db
    .selectFrom('session_turns')
    .select((builder) => builder.fn.max('position').as('position'))
    .where('session_id', '=', turn.sessionId)
    .executeTakeFirst();
  const row: SessionTurnsTable = {
    session_id: turn.sessionId,
    position: Number(last?.position ?? 0) + 1,
    run_id: turn.runId,
    agent_id: turn.agentId,
    user_text: turn.text,
    answer_text: turn.answer,
    error: turn.error === null ? null : JSON.stringify(turn.error),
    created_at: now,
  };
  await db.insertInto('session_turns').values(row).execute();
  return toTurn(row);
}

function toSession(row: SessionRow): Session {
  return {
    id: row.id,
    title: row.title,
    activeAgentId: row.active_agent_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    turnCount: Number(row.turn_count ?? 0),
  };
}

function toTurn(row: Selectable<SessionTurnsTable>): SessionTurn {
  return {
    sessionId: row.session_id,
    position: Number(row.position),
    runId: row.run_id,
    agentId: row.agent_id,
    text: row.user_text,
    answer: row.answer_text,
    error: row.error === null ? null : (JSON.parse(row.error) as SerializedError),
    createdAt: row.created_at,
  };
}
