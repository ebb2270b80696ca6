import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import type { RunKind } from '../../src/core/run.ts';
import { applyRunEvent, initialProjection } from '../../src/core/run-state.ts';
import type { RunEventsTable } from '../../src/store/database-schema.ts';
import { eventsFromRows } from '../../src/store/journal-rows.ts';
import { runRow } from '../../src/store/run-row.ts';
import type { Store } from '../../src/store/store.ts';

/**
 * A journal written by an earlier Nova, kept under test/fixtures/journal as it was written (rows
 * byte for byte, payloads as JSON text). Never regenerate one: a fixture exists so that a change to
 * how journals are read cannot silently stop old runs from being inspected or resumed.
 */
export interface JournalFixture {
  writtenBy: string;
  journalVersion: number;
  description: string;
  rootRunId: string;
  runs: Array<{ id: string; kind: RunKind; agentId: string | null; target: string | null; parentRunId: string | null; createdAt: string; input: unknown }>;
  events: RunEventsTable[];
}

export function readJournalFixture(name: string): JournalFixture {
  return JSON.parse(readFileSync(new URL(`../fixtures/journal/${name}`, import.meta.url), 'utf8')) as JournalFixture;
}

/**
 * Puts a fixture's runs and rows into a store as an older Nova left them: the rows inserted as they
 * are, each run row holding the fold of its events, and the owner of a run that never ended gone (its
 * lease expired), so the run reads as interrupted.
 */
export async function loadJournalFixture(store: Store, fixture: JournalFixture): Promise<void> {
  for (const run of fixture.runs) {
    const rows = fixture.events.filter((row) => row.run_id === run.id);
    let projection = initialProjection;
    for (const event of eventsFromRows(rows)) projection = applyRunEvent(projection, event);
    const start = rows.find((row) => row.type === 'run-start');
    const owner = start === undefined ? undefined : (JSON.parse(start.payload) as { owner: { host: string; pid: number } }).owner;
    await store.db
      .insertInto('runs')
      .values({
        ...runRow.create({ ...run, createdAt: new Date(run.createdAt) }),
        ...runRow.changedProjection(initialProjection, projection),
        last_seq: rows.length === 0 ? 0 : Math.max(...rows.map((row) => row.seq)),
        owner_host: projection.endedAt === null ? (owner?.host ?? null) : null,
        owner_pid: projection.endedAt === null ? (owner?.pid ?? null) : null,
        lease_expires_at: projection.endedAt === null ? '2000-01-01T00:00:00.000Z' : null,
      })
      .execute();
    for (const row of rows) {
      await sql`INSERT INTO run_events (run_id, seq, type, at, payload, schema_version) VALUES (${row.run_id}, ${row.seq}, ${row.type}, ${row.at}, ${row.payload}, ${row.schema_version})`.execute(store.db);
    }
  }
}
