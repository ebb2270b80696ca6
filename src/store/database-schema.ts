import type { Generated } from 'kysely';

/**
 * The tables of Nova's store, the same on SQLite and PostgreSQL. JSON is kept as text and times as
 * ISO-8601 UTC strings in both dialects, so rows read back identically whichever database holds them
 * (ISO strings also sort by time).
 */
export interface DatabaseSchema {
  nova_migrations: MigrationTable;
  runs: RunsTable;
  run_events: RunEventsTable;
}

export interface MigrationTable {
  version: number;
  name: string;
  applied_at: string;
}

export interface RunsTable {
  id: string;
  kind: string;
  agent_id: string | null;
  /** The agent id of an agent run, the pipeline id of a pipeline run. */
  target: string | null;
  parent_run_id: string | null;
  /** A projection of the journal, kept in the same transaction as the event that changes it. */
  status: string;
  input: string;
  output: string | null;
  error: string | null;
  warning_count: Generated<number>;
  usage: string;
  created_at: string;
  started_at: string | null;
  ended_at: string | null;
  /** The run that does this one's work again (migration 0010), when it is `superseded`. */
  superseded_by: string | null;
  owner_host: string | null;
  owner_pid: number | null;
  lease_expires_at: string | null;
  /** The seq of the last journal event; appends take the next one under the row's lock. */
  last_seq: Generated<number>;
}

export interface RunEventsTable {
  run_id: string;
  seq: number;
  type: string;
  at: string;
  payload: string;
  schema_version: number;
}
