import { z } from 'zod';
import type { AgentHandler } from '../../core/agent-spec.ts';
import { isNovaError, NovaError } from '../../core/errors.ts';
import { schemaFromZod } from '../../core/schema.ts';
import { describeErpSchema } from '../../domains/erp/erp-schema-description.ts';
import { erpQueryLimits, runReadOnlyQuery, sqlGuardContext } from '../../domains/erp/read-only-query.ts';
import { checkReadOnlySql } from '../../domains/erp/sql-guard.ts';
import type { HandlerDependencies } from '../handler-dependencies.ts';

export interface ErpQueryInput {
  /** The question. */
  text: string;
  /** Rows of the final query to include in the output (default 50). */
  maxRows?: number;
}

const answerOutput = schemaFromZod(
  z.object({
    answer: z.string().min(1),
    sql: z.string().min(1),
  }),
);

/**
 * erp-query: the model answers a question about the ERP data with SQL it writes. It sees the schema,
 * tries its queries through the `erp_sql` tool (read-only, limited), and answers `{answer, sql}`. The
 * answer's SQL must pass the same read-only check (else one repair, then `model_output_invalid`), and
 * Nova runs it once more itself, so the rows in the output are the database's, not the model's.
 */
export function createErpQueryHandler(dependencies: HandlerDependencies): AgentHandler {
  const store = dependencies.store;
  return async (rawInput, context) => {
    const input = rawInput as ErpQueryInput;
    const target = { db: store.db, dialect: store.dialect, location: store.location };
    const guardContext = await sqlGuardContext(target);
    const prompt = [
      'Question:',
      input.text,
      '',
      'The ERP tables:',
      describeErpSchema(store.dialect),
      '',
      'Run your queries with the erp_sql tool, then answer with the JSON object {"answer": "...", "sql": "..."}: the answer in words, with the figures the query returned, and the one query it rests on.',
    ].join('\n');
    const result = await context.generate({
      prompt,
      output: answerOutput,
      check: (value) => {
        const check = checkReadOnlySql((value as { sql: string }).sql, guardContext);
        return check.ok ? [] : [{ path: 'sql', rule: 'read_only', message: `the SQL is refused: ${check.reason}; give the read-only SELECT over the erp_ tables that the answer rests on` }];
      },
    });
    const answer = result.output as { answer: string; sql: string };
    let rows;
    try {
      rows = await runReadOnlyQuery(target, answer.sql, { maxRows: input.maxRows ?? 50, timeoutMs: erpQueryLimits.timeLimitMs, signal: context.signal });
    } catch (error) {
      // A query that fails for its own SQL is the model's answer at fault; a timeout or a broken process is not.
      if (!isNovaError(error) || error.fault !== 'model') throw error;
      throw new NovaError({
        code: 'model_output_invalid',
        fault: 'model',
        message: `The SQL of the answer does not run: ${error.message}`,
        hint: 'The answer is in the journal (`nova runs show`); a stronger model usually writes SQL that runs.',
        cause: error,
        details: { sql: answer.sql },
      });
    }
    return { answer: answer.answer, sql: rows.sql, columns: rows.columns, rows: rows.rows, rowCount: rows.rowCount, truncated: rows.truncated, truncatedBecause: rows.truncatedBecause, truncatedReason: rows.truncatedReason };
  };
}
