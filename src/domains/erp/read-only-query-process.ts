/**
 * The child process that runs read-only queries on a SQLite file for the erp_sql tool, so that a query
 * past its time limit can be killed (SQLite runs a statement to its end on the calling thread; nothing
 * in the parent could stop it). It is started once and reused: it says `{"ready": true}`, then reads one
 * request per line (`{id, path, sql, limits}`) and answers each on one line, `{id, columns, rows,
 * truncated, ...}` or `{id, error}`, after `{id, started: true}` when the query begins. It ends when its
 * standard input ends (the parent went away).
 *
 * Each connection is opened read-only (`mode=ro`: writes fail with SQLITE_READONLY) and with
 * `query_only` on (not even a temporary table), as the second lock behind the statement check. It is
 * opened by URI because libsql 0.5 ignores the `{ readonly: true }` option (a write through such a
 * connection succeeds).
 */
import { createInterface } from 'node:readline';
import Database from 'libsql';
import { LimitedRows, type ResultLimits } from './result-limits.ts';
import { errorMessage } from '../../core/error-message.ts';

interface Request {
  id: number;
  path: string;
  sql: string;
  limits: ResultLimits;
}

const connections = new Map<string, Database.Database>();

function connection(path: string): Database.Database {
  let database = connections.get(path);
  if (database === undefined) {
    database = new Database(`file:${encodeURIComponent(path).replace(/%2F/g, '/')}?mode=ro`);
    database.exec('PRAGMA query_only = 1');
    connections.set(path, database);
  }
  return database;
}

function answer(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

function run(request: Request): unknown {
  answer({ id: request.id, started: true });
  const statement = connection(request.path).prepare(request.sql);
  if (!statement.reader) {
    // Only a statement the check let through by mistake gets here; the read-only connection refuses it.
    statement.run();
    throw new Error('the statement is not a query');
  }
  const columns = statement.columns().map((column) => column.name);
  const collected = new LimitedRows(request.limits);
  for (const row of statement.iterate()) {
    if (!collected.add(jsonRow(row as Record<string, unknown>))) break;
  }
  return { id: request.id, columns, rows: collected.rows, ...collected.summary() };
}

/** Blobs are shown by size: the answer is for reading, and JSON has no bytes. */
function jsonRow(row: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(row)) result[name] = Buffer.isBuffer(value) ? `<${value.length} bytes>` : typeof value === 'bigint' ? value.toString() : value;
  return result;
}

answer({ ready: true });
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === '') continue;
  const request = JSON.parse(line) as Request;
  try {
    answer(run(request));
  } catch (error) {
    answer({ id: request.id, error: { message: errorMessage(error), code: (error as { code?: unknown }).code ?? null } });
  }
}
for (const database of connections.values()) database.close();
