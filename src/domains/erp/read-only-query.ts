import { sql, type Kysely } from 'kysely';
import { NovaError } from '../../core/errors.ts';
import { erpFiles } from './erp-catalogue.ts';
import { QueryProcess, type QueryAnswer, type QueryProcessFailure } from './query-process.ts';
import { defaultResultLimits, LimitedRows, type ResultLimits, type TruncatedBecause } from './result-limits.ts';
import { checkReadOnlySql, type SqlGuardContext } from './sql-guard.ts';
import { errorMessage } from '../../core/error-message.ts';

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
  /** Characters of one text cell (default 2,000) and bytes of all rows as JSON (default 256 KB). */
  maxCellChars?: number;
  maxBytes?: number;
  /** The SQLite query process to use; default the one of this Nova process. */
  queryProcess?: QueryProcess;
}

export interface ReadOnlyQueryResult {
  /** The statement that ran (the query without its trailing semicolon). */
  sql: string;
  columns: string[];
  rows: Array<Record<string, unknown>>;
  rowCount: number;
  truncated: boolean;
  /** Which limit cut the answer: `rows` (maxRows), `bytes` (the answer's size, or cells cut), or null. */
  truncatedBecause: TruncatedBecause;
  /** The limits that cut it, in words; null when nothing was cut. */
  truncatedReason: string | null;
}

/** The limits of the erp_sql tool: rows returned by default and at most, and the time a query may take. */
export { erpQueryLimits } from './erp-query-limits.ts';

const postgresBatchRows = 50;

/**
 * Runs one query over the ERP tables, read-only, with a row and a time limit. The statement is checked
 * first (`checkReadOnlySql`: a single SELECT over erp_ tables, nothing else of the database) and refused
 * with `tool_not_allowed`; then it runs where it cannot write even if the check missed something:
 * - SQLite: in a child process (started once, reused) on a read-only connection to the store's file
 *   (`mode=ro`, `query_only`), killed when the time is up;
 * - PostgreSQL: in a `READ ONLY` transaction with `statement_timeout`, through a cursor read in batches.
 * Either way the answer is limited while it is read: rows, characters per cell, and bytes in all.
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

const queryProcesses = new Map<string, QueryProcess>();

/** The query process of this Nova process (one, started at first use and reused; for tests: its pid). */
export function sqliteQueryProcess(): QueryProcess {
  let existing = queryProcesses.get('default');
  if (existing === undefined) {
    existing = new QueryProcess();
    queryProcesses.set('default', existing);
  }
  return existing;
}

async function runInChildProcess(path: string, statement: string, options: ReadOnlyQueryOptions): Promise<QueryRows> {
  let answer: QueryAnswer;
  try {
    answer = await (options.queryProcess ?? sqliteQueryProcess()).query(path, statement, limitsOf(options), { timeoutMs: options.timeoutMs, ...(options.signal === undefined ? {} : { signal: options.signal }) });
  } catch (thrown) {
    const failure = thrown as QueryProcessFailure;
    if (failure.kind === 'timeout') throw timeoutError(failure.timeoutMs);
    if (failure.kind === 'aborted') throw failure.reason;
    if (failure.kind === 'startup-timeout') {
      throw new NovaError({
        code: 'tool_timeout',
        fault: 'system',
        retryable: true,
        message: `The query process did not start within ${failure.waitedMs} ms, so the query did not run`,
        hint: 'The time went to starting the query process, not to your SQL: the machine is probably heavily loaded. Try again.',
      });
    }
    throw queryProcessError(failure.message, undefined);
  }
  if (answer.error?.code === 'SQLITE_READONLY') throw writeRefused(answer.error.message);
  if (answer.error !== undefined) throw queryFailed(answer.error.message);
  return answer;
}

function limitsOf(options: ReadOnlyQueryOptions): ResultLimits {
  return { maxRows: options.maxRows, maxCellChars: options.maxCellChars ?? defaultResultLimits.maxCellChars, maxBytes: options.maxBytes ?? defaultResultLimits.maxBytes };
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
        // Fetched in small batches and limited while read, so a query of huge rows is not pulled whole.
        const collected = new LimitedRows(limitsOf(options));
        let columns: string[] = [];
        for (;;) {
          const fetched = await sql.raw<Record<string, unknown>>(`FETCH FORWARD ${postgresBatchRows} FROM nova_erp_query`).execute(transaction);
          if (columns.length === 0 && fetched.rows.length > 0) columns = Object.keys(fetched.rows[0]!);
          let full = false;
          for (const row of fetched.rows) {
            if (!collected.add(row)) {
              full = true;
              break;
            }
          }
          if (full || fetched.rows.length < postgresBatchRows) break;
        }
        return { columns, rows: collected.rows, ...collected.summary() };
      });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === '57014') throw timeoutError(options.timeoutMs);
    if (code === '25006') throw writeRefused((error as Error).message, error);
    throw queryFailed(errorMessage(error), error);
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
