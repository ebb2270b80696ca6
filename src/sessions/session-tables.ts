/**
 * The tables of chat sessions (migration 0007-sessions). Times are ISO-8601 UTC strings, as everywhere
 * in the store.
 */
// A type alias, not an interface: Kysely's withTables wants a type with an implicit index signature.
export type SessionTables = {
  sessions: SessionsTable;
  session_turns: SessionTurnsTable;
};

export interface SessionsTable {
  id: string;
  /** The first message of the session, cut short; null until the first turn. */
  title: string | null;
  /** The agent that answers follow-ups until the user or the router picks another. */
  active_agent_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface SessionTurnsTable {
  session_id: string;
  /** 1, 2, 3... within the session, in the order the messages were sent. */
  position: number;
  /** The run that answered; null when nothing could run (no model configured, invalid input). */
  run_id: string | null;
  agent_id: string | null;
  user_text: string;
  /** The answer as later turns see it in their history; null when the turn did not succeed. */
  answer_text: string | null;
  /** A failure before any run (JSON of a SerializedError); a run's own failure stays in its journal. */
  error: string | null;
  created_at: string;
}
