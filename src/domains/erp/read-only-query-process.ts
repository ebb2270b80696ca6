/**
 * The child process that runs one read-only query on a SQLite file for the erp_sql tool, so that a
 * query past its time limit can be killed (SQLite runs a statement to its end on the calling thread;
 * nothing in the parent could stop it). Reads `{path, sql, maxRows}` as JSON on stdin, writes
 * `{columns, rows, truncated}` or `{error}` as JSON on stdout.
 *
 * The connection is opened read-only (`mode=ro`: writes fail with SQLITE_READONLY) and with
 * `query_only` on (not even a temporary table), as the second lock behind the statement check. It is
 * opened by URI because libsql 0.5 ignores the `{ readonly: true }` option (a write through such a
 * connection succeeds).
 */
import Database from 'libsql';

interface Request {
  path: string;
  sql: string;
  maxRows: number;
}

const input = await new Promise<string>((resolve, reject) => {
  let text = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk: string) => {
    text += chunk;
  });
  process.stdin.on('end', () => resolve(text));
  process.stdin.on('error', reject);
});

try {
  const request = JSON.parse(input) as Request;
  const database = new Database(`file:${encodeURIComponent(request.path).replace(/%2F/g, '/')}?mode=ro`);
  database.exec('PRAGMA query_only = 1');
  const statement = database.prepare(request.sql);
  if (!statement.reader) {
    // Only a statement the check let through by mistake gets here; the read-only connection refuses it.
    statement.run();
    throw new Error('the statement is not a query');
  }
  const columns = statement.columns().map((column) => column.name);
  const rows: Array<Record<string, unknown>> = [];
  let truncated = false;
  for (const row of statement.iterate()) {
    if (rows.length === request.maxRows) {
      truncated = true;
      break;
    }
    rows.push(jsonRow(row as Record<string, unknown>));
  }
  database.close();
  process.stdout.write(JSON.stringify({ columns, rows, truncated }));
} catch (error) {
  process.stdout.write(JSON.stringify({ error: { message: error instanceof Error ? error.message : String(error), code: (error as { code?: unknown }).code ?? null } }));
}

/** Blobs are shown by size: the answer is for reading, and JSON has no bytes. */
function jsonRow(row: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(row)) result[name] = Buffer.isBuffer(value) ? `<${value.length} bytes>` : typeof value === 'bigint' ? value.toString() : value;
  return result;
}
