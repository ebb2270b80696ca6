import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sql, type Kysely } from 'kysely';
import { NovaError } from '../../core/errors.ts';
import { erpFiles } from './erp-catalogue.ts';
import { checkReadOnlySql, type SqlGuardContext } from './sql-guard.ts';

export interface ReadOnlyQueryTarget<Database = unknown> {
  db: Kysely<Database>;
  dialect: 'sqlite' | 'postgres';
  /** The SQLite file (the store's location); unused on PostgreSQL. */
  location: string;
}

export interface ReadOnlyQueryOptions {
  /** Rows returned at most; `truncated` says when there were more. */
  maxRows: number;
  /** The query is stopped (and fails with `tool_timeout`) after this long. */
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface ReadOnlyQueryResult {
  /** The statement that ran (the query without its trailing semicolon). */
  sql: string;
  columns: string[];
  rows: Array<Record<string, unknown>>;
  rowCount: number;
  truncated: boolean;
}

/** The limits of the erp_sql tool: rows returned by default and at most, and the time a query may take. */
export const erpQueryLimits = { defaultMaxRows: 200, maxRowsLimit: 1000, timeLimitMs: 5_000 } as const;

const childScript = fileURLToPath(new URL('./read-only-query-process.ts', import.meta.url));
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm')).href;

/**
 * Runs one query over the ERP tables, read-only, with a row and a time limit. The statement is checked
 * first (`checkReadOnlySql`: a single SELECT over erp_ tables, nothing else of the database) and refused
 * with `tool_not_allowed`; then it runs where it cannot write even if the check missed something:
 * - SQLite: in a child process on a read-only connection to the store's file (`mode=ro`, `query_only`),
 *   killed when the time is up;
 * - PostgreSQL: in a `READ ONLY` transaction with `statement_timeout`, through a cursor that fetches
 *   one row more than the limit.
 */
export async function runReadOnlyQuery<Database>(target: ReadOnlyQueryTarget<Database>, query: string, options: ReadOnlyQueryOptions): Promise<ReadOnlyQueryResult> {
  const guard = checkReadOnlySql(query, await sqlGuardContext(target));
  if (!guard.ok) {
    throw new NovaError({
      code: 'tool_not_allowed',
      fault: 'model',
      message: `Query refused: ${guard.reason}`,
      hint: 'Only one read-only SELECT over the erp_ tables may run; write a query that only reads them.',
      details: { reason: guard.reason },
    });
  }
  return executeReadOnly(target, guard.statement, options);
}

/**
 * Runs an already checked statement on the read-only path. Exported for tests that prove the second
 * lock holds on its own; everything else goes through `runReadOnlyQuery`.
 */
export async function executeReadOnly<Database>(target: ReadOnlyQueryTarget<Database>, statement: string, options: ReadOnlyQueryOptions): Promise<ReadOnlyQueryResult> {
  const result = target.dialect === 'sqlite' ? await runInChildProcess(target.location, statement, options) : await runOnPostgres(target.db, statement, options);
  return { sql: statement, ...result, rowCount: result.rows.length };
}

/** The tables the guard must know: the ERP ones that exist, and every other relation (to refuse by name). */
export async function sqlGuardContext<Database>(target: ReadOnlyQueryTarget<Database>): Promise<SqlGuardContext> {
  const rows =
    target.dialect === 'sqlite'
      ? (await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type IN ('table', 'view')`.execute(target.db)).rows
      : (await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ANY (current_schemas(false))`.execute(target.db)).rows;
  const names = rows.map((row) => row.name.toLowerCase());
  const known = new Set(erpFiles.map((spec) => spec.table));
  return {
    dialect: target.dialect,
    erpTables: new Set(names.filter((name) => known.has(name as never))),
    otherRelations: new Set(names.filter((name) => !name.startsWith('erp_'))),
  };
}

type QueryRows = Omit<ReadOnlyQueryResult, 'sql' | 'rowCount'>;

function runInChildProcess(path: string, statement: string, options: ReadOnlyQueryOptions): Promise<QueryRows> {
  if (options.signal?.aborted === true) return Promise.reject(options.signal.reason);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', tsxLoader, childScript], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(() => reject(timeoutError(options.timeoutMs)));
    }, options.timeoutMs);
    const onAbort = () => {
      child.kill('SIGKILL');
      finish(() => reject(options.signal?.reason));
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    // A child that dies before reading its request breaks the pipe; the close handler reports it with this.
    child.stdin.on('error', (error) => {
      stderr += `\n(request not delivered: ${error.message})`;
    });
    child.on('error', (error) => finish(() => reject(queryProcessError(`could not start the query process: ${error.message}`, error))));
    child.on('close', (code) => {
      finish(() => {
        let answer: (QueryRows & { error?: undefined }) | { error: { message: string; code: string | null } };
        try {
          answer = JSON.parse(stdout) as typeof answer;
        } catch (error) {
          reject(queryProcessError(`the query process ended (exit ${code}) without an answer: ${stderr.trim().split('\n').slice(-3).join(' ') || 'no output'}`, error));
          return;
        }
        if (answer.error?.code === 'SQLITE_READONLY') reject(writeRefused(answer.error.message));
        else if (answer.error !== undefined) reject(queryFailed(answer.error.message));
        else resolve(answer);
      });
    });
    child.stdin.end(JSON.stringify({ path, sql: statement, maxRows: options.maxRows }));
  });
}

async function runOnPostgres<Database>(db: Kysely<Database>, statement: string, options: ReadOnlyQueryOptions): Promise<QueryRows> {
  try {
    return await db
      .transaction()
      .setAccessMode('read only')
      .execute(async (transaction) => {
        await sql`SELECT set_config('statement_timeout', ${String(options.timeoutMs)}, true)`.execute(transaction);
        // DECLARE accepts only SELECT or VALUES: one more refusal of anything else.
        await sql.raw(`DECLARE nova_erp_query NO SCROLL CURSOR FOR ${statement}`).execute(transaction);
        const fetched = await sql.raw<Record<string, unknown>>(`FETCH FORWARD ${options.maxRows + 1} FROM nova_erp_query`).execute(transaction);
        const rows = fetched.rows.slice(0, options.maxRows);
        return { columns: Object.keys(fetched.rows[0] ?? {}), rows, truncated: fetched.rows.length > options.maxRows };
      });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === '57014') throw timeoutError(options.timeoutMs);
    if (code === '25006') throw writeRefused((error as Error).message, error);
    throw queryFailed(error instanceof Error ? error.message : String(error), error);
  }
}

function timeoutError(timeoutMs: number): NovaError {
  return new NovaError({
    code: 'tool_timeout',
    fault: 'tool',
    retryable: true,
    message: `The query did not finish within ${timeoutMs} ms and was stopped`,
    hint: 'Narrow it: filter earlier, join on keys, aggregate instead of listing.',
  });
}

function writeRefused(message: string, cause?: unknown): NovaError {
  return new NovaError({
    code: 'tool_not_allowed',
    fault: 'model',
    message: `Query refused by the read-only connection: ${message}`,
    hint: 'Only read-only queries may run.',
    ...(cause === undefined ? {} : { cause }),
  });
}

function queryFailed(message: string, cause?: unknown): NovaError {
  return new NovaError({
    code: 'tool_error',
    fault: 'model',
    message: `The query failed: ${message}`,
    hint: 'Fix the SQL (see the schema of the erp_ tables) and try again.',
    ...(cause === undefined ? {} : { cause }),
  });
}

function queryProcessError(message: string, cause: unknown): NovaError {
  return new NovaError({ code: 'tool_error', fault: 'system', message: `The query could not run: ${message}`, hint: 'This is a fault in Nova; check that Node can start child processes.', cause });
}
