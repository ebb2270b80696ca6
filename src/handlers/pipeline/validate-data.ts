import { join, resolve } from 'node:path';
import type { AgentHandler } from '../../core/agent-spec.ts';
import { schemaFromRequest } from '../../domains/data/schema-request.ts';
import { listSchemaNames, loadSchema } from '../../domains/data/schema-source.ts';
import { checkReadableFile } from '../../domains/data/text-file.ts';
import { validateData, type DataFormat } from '../../domains/data/validate-data.ts';

export interface ValidateDataInput {
  file: string;
  schema?: Record<string, unknown>;
  schemaFile?: string;
  schemaName?: string;
  format?: DataFormat;
  delimiter?: string;
  maxIssues?: number;
  /** The request in words (a routed request): read for the schema when none is given. */
  request?: string;
}

/**
 * The data-validator agent: validates a CSV, JSON or JSONL file against a JSON Schema given inline, by
 * path, or by name from `$NOVA_HOME/schemas/`. Schema warnings (formats it cannot check) and a file
 * without rows are warnings on the run.
 */
export function createValidateData(dependencies: { home: string }): AgentHandler {
  const schemasDirectory = join(dependencies.home, 'schemas');
  return async (rawInput, context) => {
    const input = rawInput as ValidateDataInput;
    const file = resolve(input.file);
    checkReadableFile(file);
    const given = input.schema !== undefined || input.schemaFile !== undefined || input.schemaName !== undefined;
    const reference = !given && input.request !== undefined ? schemaFromRequest(input.request, { dataFile: file, availableNames: listSchemaNames(schemasDirectory) }) : { schema: input.schema, schemaFile: input.schemaFile, schemaName: input.schemaName };
    // A schema file named in the request's words was chosen by routing, not checked with the input.
    if (!given && reference.schemaFile !== undefined) reference.schemaFile = context.files.resolve(reference.schemaFile, { purpose: 'read', field: 'schema file named in the request', agentId: context.agentId });
    const schema = loadSchema(reference, schemasDirectory);
    const report = await validateData({
      file,
      schema,
      signal: context.signal,
      ...(input.format === undefined ? {} : { format: input.format }),
      ...(input.delimiter === undefined ? {} : { delimiter: input.delimiter }),
      ...(input.maxIssues === undefined ? {} : { maxIssues: input.maxIssues }),
    });
    for (const warning of report.schemaWarnings) await context.warn('schema_not_checked', warning);
    if (report.rows === 0) await context.warn('no_rows', `${file} has no data rows: there was nothing to validate`);
    return report;
  };
}
