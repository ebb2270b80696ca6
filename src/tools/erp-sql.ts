import { z } from 'zod';
import { schemaFromZod } from '../core/schema.ts';
import type { ToolDefinition } from '../core/tool-spec.ts';
import { erpQueryLimits } from '../domains/erp/erp-query-limits.ts';
import type { ReadOnlyQueryResult } from '../domains/erp/read-only-query.ts';
import type { Store } from '../store/store.ts';

export interface ErpSqlInput {
  sql: string;
  maxRows?: number;
}

const { defaultMaxRows, maxRowsLimit, timeLimitMs: queryTimeLimitMs } = erpQueryLimits;

const input = schemaFromZod(
  z.object({
    sql: z.string().min(1).max(20_000).describe('One SELECT (or WITH ... SELECT) statement over the erp_ tables.'),
    maxRows: z.number().int().min(1).max(maxRowsLimit).optional().describe(`Rows to return at most (default ${defaultMaxRows}).`),
  }),
);

/**
 * `erp_sql`: runs one read-only SELECT over the ERP tables and returns its rows. Anything that writes,
 * or reads anything but the erp_ tables (Nova's runs, the catalogs, other files), is refused with
 * `tool_not_allowed`; the query runs on a read-only connection with a row limit and a time limit.
 */
export function createErpSqlTool(store: Store): ToolDefinition<ErpSqlInput, ReadOnlyQueryResult> {
  return {
    name: 'erp_sql',
    description:
      `Run one read-only SQL query (SELECT or WITH ... SELECT) on the ERP tables (names start with erp_) of the ${store.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'} database. ` +
      `Returns {sql, columns, rows, rowCount, truncated, truncatedBecause, truncatedReason}: long text cells are cut with a marker and the rows stop at about 256 KB, so ask for the columns and rows you need. Money columns end in _cents (integer cents: divide by 100). ` +
      `At most ${defaultMaxRows} rows unless maxRows says otherwise (up to ${maxRowsLimit}); queries are stopped after ${queryTimeLimitMs / 1000} s.`,
    input,
    timeoutMs: queryTimeLimitMs + 5_000,
    // The query machinery (and its child process) is imported on the first call, not when Nova opens.
    execute: async (call, context) =>
      (await import('../domains/erp/read-only-query.ts')).runReadOnlyQuery({ db: store.db, dialect: store.dialect, location: store.location }, call.sql, {
        maxRows: call.maxRows ?? defaultMaxRows,
        timeoutMs: queryTimeLimitMs,
        signal: context.signal,
      }),
  };
}
