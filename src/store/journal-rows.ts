import type { z } from 'zod';
import { NovaError } from '../core/errors.ts';
import { eventPayloadSchemas } from '../core/event-schemas.ts';
import { eventSchemaVersion, isEventType, type EventType, type RunEvent } from '../core/events.ts';
import { novaVersion } from '../core/nova-version.ts';
import type { RunEventsTable } from './database-schema.ts';

/** Turns a payload of `version` into the same event at `version + 1`. */
export type JournalUpgrade = (event: { type: string; payload: unknown }) => { type: string; payload: unknown };

export interface JournalReading {
  /** The version this Nova writes and reads natively. */
  version: number;
  /** The oldest version this Nova can upgrade from (1: every journal Nova ever wrote). */
  oldestVersion: number;
  /** `upgrades[n]` turns an event of version n into version n + 1. */
  upgrades: Readonly<Record<number, JournalUpgrade>>;
  schemas: { readonly [Type in EventType]: z.ZodType<unknown> };
}

/**
 * How this Nova reads journal rows: version 1 is the first and current version, so there is nothing
 * to upgrade yet. When a payload shape changes, bump `eventSchemaVersion`, change the schema, and add
 * `upgrades[old]` that rewrites the old shape; the fixtures of old journals under `test/fixtures/journal`
 * must keep reading.
 */
export const journalReading: JournalReading = {
  version: eventSchemaVersion,
  oldestVersion: 1,
  upgrades: {},
  schemas: eventPayloadSchemas,
};

/**
 * The events of journal rows, each checked: a row of the current version is read through its type's
 * schema; an older version is upgraded step by step first; a newer version, an unknown type, a payload
 * that is not JSON or does not hold what its type promises is a `store_error` naming the run, the event
 * and what is wrong. Nothing is half-read: resume and inspection act only on events that are whole.
 */
export function eventsFromRows(rows: readonly RunEventsTable[], reading: JournalReading = journalReading): RunEvent[] {
  return rows.map((row) => eventFromRow(row, rows, reading));
}

function eventFromRow(row: RunEventsTable, rows: readonly RunEventsTable[], reading: JournalReading): RunEvent {
  const where = `Run ${row.run_id} event ${row.seq} (${row.type})`;
  const version = Number(row.schema_version);
  if (!Number.isInteger(version) || version < reading.oldestVersion) {
    throw journalError(`${where} has journal version ${row.schema_version}, which no Nova ever wrote`, 'The journal was altered by hand or by another program; restore nova.db from a backup.');
  }
  if (version > reading.version) {
    const writer = writerVersion(rows);
    throw journalError(
      `${where} was written by ${writer === null ? 'a newer Nova' : `Nova ${writer}`} (journal version ${version}); this Nova (${novaVersion()}) reads journal versions up to ${reading.version}`,
      `Upgrade Nova to ${writer === null ? 'the version that wrote it' : writer} or later to read this run.`,
    );
  }
  let payload: unknown;
  try {
    payload = JSON.parse(row.payload);
  } catch (error) {
    throw journalError(`${where} holds a payload that is not JSON: ${(error as Error).message}`, 'The journal was altered or damaged; restore nova.db from a backup.');
  }
  let event = { type: row.type, payload };
  for (let from = version; from < reading.version; from += 1) {
    const upgrade = reading.upgrades[from];
    if (upgrade === undefined) throw journalError(`${where} has journal version ${from}, and this Nova has no upgrade from it`, 'Read it with the Nova version that wrote it.');
    event = upgrade(event);
  }
  if (!isEventType(event.type)) {
    throw journalError(`${where} has an unknown event type "${event.type}"`, 'The journal was written by a newer Nova; upgrade Nova to read it.');
  }
  const checked = reading.schemas[event.type].safeParse(event.payload);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const field = issue === undefined || issue.path.length === 0 ? 'payload' : issue.path.join('.');
    throw journalError(`${where} does not hold a valid ${event.type} payload: ${field}: ${issue?.message ?? 'invalid'}`, 'The journal was altered or damaged; restore nova.db from a backup.');
  }
  return { runId: row.run_id, seq: Number(row.seq), type: event.type, at: row.at, payload: checked.data, schemaVersion: reading.version } as RunEvent;
}

/** The Nova version that the run's start or latest resume recorded, read without trusting the rest of the row. */
function writerVersion(rows: readonly RunEventsTable[]): string | null {
  let found: string | null = null;
  for (const row of rows) {
    if (row.type !== 'run-start' && row.type !== 'run-resume') continue;
    try {
      const owner = (JSON.parse(row.payload) as { owner?: { novaVersion?: unknown } }).owner;
      if (typeof owner?.novaVersion === 'string') found = owner.novaVersion;
    } catch {
      // A damaged start row says nothing about its writer; the version number alone is reported.
    }
  }
  return found;
}

function journalError(message: string, hint: string): NovaError {
  return new NovaError({ code: 'store_error', fault: 'system', message, hint });
}
