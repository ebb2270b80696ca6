import { resolve } from 'node:path';
import type { AgentContext, AgentHandler } from '../../core/agent-spec.ts';
import { analyseCsv, type MeasureSpec, type PivotSpec } from '../../domains/data/analyse-csv.ts';
import { readCsvHeader } from '../../domains/data/csv-reader.ts';
import { readCsvRequest } from '../../domains/data/csv-request.ts';

export interface AnalyseCsvInput {
  file: string;
  columns?: string[];
  groupBy?: string[];
  measures?: MeasureSpec[];
  pivot?: PivotSpec;
  delimiter?: string;
  /** The request in words (a routed request): read for a group-by and measures when none are given. */
  request?: string;
}

/**
 * The csv-analyst agent: summary statistics, a group-by or a pivot over a CSV file, in one streaming
 * pass. What the data made it leave out (unreadable rows, values that are not numbers) is in the
 * output's `problems` and a warning on the run each.
 */
export const analyseCsvHandler: AgentHandler = async (rawInput, context) => {
  const input = await withRequestRead(rawInput as AnalyseCsvInput, context);
  const analysis = await analyseCsv({
    file: resolve(input.file),
    signal: context.signal,
    ...(input.columns === undefined ? {} : { columns: input.columns }),
    ...(input.groupBy === undefined ? {} : { groupBy: input.groupBy }),
    ...(input.measures === undefined ? {} : { measures: input.measures }),
    ...(input.pivot === undefined ? {} : { pivot: input.pivot }),
    ...(input.delimiter === undefined ? {} : { delimiter: input.delimiter }),
  });
  for (const problem of analysis.problems) {
    const where = problem.firstLine > 0 ? ` (${problem.count} time${problem.count === 1 ? '' : 's'}, first at line ${problem.firstLine}${problem.example === undefined ? '' : `: ${JSON.stringify(problem.example)}`})` : '';
    await context.warn(problem.code, `${problem.column === undefined ? '' : `${problem.column}: `}${problem.message}${where}`);
  }
  return analysis;
};

/** The group-by and measures a request in words names, when the input gives no mode of its own; what it cannot read is a warning. */
async function withRequestRead(input: AnalyseCsvInput, context: AgentContext): Promise<AnalyseCsvInput> {
  const explicit = input.columns !== undefined || input.groupBy !== undefined || input.measures !== undefined || input.pivot !== undefined;
  if (input.request === undefined || explicit) return input;
  const columns = await readCsvHeader(resolve(input.file), { ...(input.delimiter === undefined ? {} : { delimiter: input.delimiter }), signal: context.signal });
  const { spec, unread } = readCsvRequest(input.request, columns);
  if (unread.length > 0) await context.warn('request_not_read', `Not applied from the request: ${unread.join('; ')}. The columns are ${columns.join(', ')}; pass groupBy and measures with --input to be exact`);
  return { ...input, ...spec };
}
