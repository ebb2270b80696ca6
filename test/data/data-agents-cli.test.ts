import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadAgentRegistry, type AgentRegistry } from '../../src/agents/agent-registry.ts';
import { createBuiltinHandlers } from '../../src/handlers/index.ts';
import { shippedRosterDirectory } from '../../src/app/nova.ts';
import { temporaryStore, noPipelineRuntime } from '../support/agents.ts';
import { parseJsonOutput, runCli } from '../support/cli.ts';
import { temporaryDirectory } from '../support/temporary-directory.ts';

const fixtures = fileURLToPath(new URL('../fixtures/data/', import.meta.url));

describe('the data-validator and csv-analyst agent files', () => {
  let registry: AgentRegistry;
  beforeAll(async () => {
    const { store, close } = await temporaryStore();
    try {
      registry = await loadAgentRegistry({
        directories: [{ path: shippedRosterDirectory, origin: 'shipped' }],
        builtinHandlers: createBuiltinHandlers({ store, home: '/nowhere', env: {}, pipelineRuntime: noPipelineRuntime }),
        toolNames: undefined,
      });
    } finally {
      await close();
    }
  });

  it('load as code agents of the pipeline category with schemas and at least five samples', () => {
    for (const id of ['data-validator', 'csv-analyst']) {
      expect(registry.issues.filter((issue) => issue.agentId === id)).toEqual([]);
      const agent = registry.get(id);
      expect(agent.spec).toMatchObject({ category: 'pipeline', engine: 'code' });
      expect(agent.spec.samples.length).toBeGreaterThanOrEqual(5);
      expect(agent.inputSchema?.jsonSchema['required']).toEqual(['file']);
      expect(agent.outputSchema).toBeDefined();
    }
    expect(registry.get('data-validator').spec.samples).toEqual(expect.arrayContaining(['validate customers.csv against the customer schema', 'check this JSON file for missing fields', 'are there malformed rows in orders.csv']));
    expect(registry.get('csv-analyst').spec.samples).toEqual(expect.arrayContaining(['average order value by month in sales.csv', 'summarise the columns of data.csv', 'pivot revenue by region']));
  });
});

describe('nova run data-validator and csv-analyst', () => {
  let home: { path: string; remove: () => void };
  let env: Record<string, string>;
  beforeEach(() => {
    home = temporaryDirectory();
    env = { NOVA_HOME: home.path };
    mkdirSync(join(home.path, 'schemas'));
    copyFileSync(join(fixtures, 'customer.schema.json'), join(home.path, 'schemas', 'customer.json'));
  });
  afterEach(() => home.remove());

  it('validates a CSV file against a schema from $NOVA_HOME/schemas by name', async () => {
    const result = await runCli(['run', 'data-validator', '--file', join(fixtures, 'customers.csv'), '--input', '{"schemaName": "customer", "maxIssues": 3}', '--json'], env);
    const json = parseJsonOutput(result);
    expect(result.exitCode).toBe(0);
    expect(json).toMatchObject({ status: 'succeeded', error: null, warnings: [] });
    expect(json['output']).toMatchObject({ valid: false, rows: 7, invalidRows: 6, issueCount: 9, truncated: true, countsByRule: { type: 3 } });
    expect((json['output'] as { issues: unknown[] }).issues).toHaveLength(3);
  });

  it('validates JSON with an inline schema given in --input', async () => {
    const input = { file: join(fixtures, 'orders.json'), schema: { type: 'object', required: ['id', 'total'] } };
    const json = parseJsonOutput(await runCli(['run', 'data-validator', '--input', JSON.stringify(input), '--json'], env));
    expect(json['output']).toMatchObject({ format: 'json', rows: 5, issueCount: 2, countsByRule: { required: 1, json_syntax: 1 } });
  });

  it('warns about an empty file and about formats it cannot check', async () => {
    const empty = join(home.path, 'empty.csv');
    writeFileSync(empty, 'id,phone\n');
    const input = { schema: { type: 'object', properties: { phone: { type: 'string', format: 'phone' } } } };
    const json = parseJsonOutput(await runCli(['run', 'data-validator', '--file', empty, '--input', JSON.stringify(input), '--json'], env));
    expect(json).toMatchObject({ status: 'succeeded', output: { valid: true, rows: 0 } });
    expect((json['warnings'] as Array<{ code: string }>).map((warning) => warning.code)).toEqual(['schema_not_checked', 'no_rows']);
  });

  it('fails with the available schemas listed for an unknown schema name', async () => {
    const result = await runCli(['run', 'data-validator', '--file', join(fixtures, 'customers.csv'), '--input', '{"schemaName": "custmer"}', '--json'], env);
    const json = parseJsonOutput(result);
    expect(result.exitCode).toBe(1);
    expect(json['error']).toMatchObject({ code: 'input_invalid', fault: 'user', message: expect.stringContaining('did you mean "customer"?'), hint: 'Available schemas: customer.' });
  });

  it('fails precisely on a missing file, unreadable encoding and a bad schema', async () => {
    const missing = parseJsonOutput(await runCli(['run', 'data-validator', '--file', join(home.path, 'nope.csv'), '--input', '{"schemaName": "customer"}', '--json'], env));
    expect(missing).toMatchObject({ runId: null, error: { code: 'input_invalid', message: `data-validator: file ${join(home.path, 'nope.csv')} does not exist` } });

    const latin1 = join(home.path, 'latin1.csv');
    writeFileSync(latin1, Buffer.concat([Buffer.from('id,name,email\n1,', 'utf8'), Buffer.from('Jos\xe9', 'latin1'), Buffer.from(',j@example.com\n')]));
    const encoding = parseJsonOutput(await runCli(['run', 'data-validator', '--file', latin1, '--input', '{"schemaName": "customer"}', '--json'], env));
    expect(encoding['error']).toMatchObject({ code: 'input_invalid', message: `The file ${latin1} is not UTF-8 text at byte 19 (line 2, column 6): byte 0xe9 starts a character that byte 0x2c does not continue` });

    const badSchema = parseJsonOutput(await runCli(['run', 'data-validator', '--file', join(fixtures, 'customers.csv'), '--input', '{"schema": {"type": "strnig"}}', '--json'], env));
    expect(badSchema['error']).toMatchObject({ code: 'input_invalid', message: expect.stringMatching(/^The inline schema is not a valid JSON Schema/) });
  });

  it('summarises a CSV file and groups it, from --file and --input', async () => {
    const summary = await runCli(['run', 'csv-analyst', '--file', join(fixtures, 'sales.csv'), '--json'], env);
    expect(summary.exitCode).toBe(0);
    const columns = (parseJsonOutput(summary)['output'] as { columns: Array<{ name: string; sumExact?: string }> }).columns;
    expect(columns.find((column) => column.name === 'amount')?.sumExact).toBe('172.48');

    const grouped = parseJsonOutput(
      await runCli(['run', 'csv-analyst', '--file', join(fixtures, 'sales.csv'), '--input', '{"groupBy": ["order_date:month"], "measures": [{"column": "amount", "agg": "mean"}]}', '--json'], env),
    );
    expect((grouped['output'] as { groups: Array<{ key: Record<string, string>; values: Record<string, number | null> }> }).groups.map((group) => [group.key['order_date:month'], group.values['mean(amount)']])).toEqual([
      ['2024-01', 6.763333],
      ['2024-02', 52.75],
      ['2024-03', 25.095],
      ['2024-04', -3.5],
    ]);
  });

  it('nova ask reads the group-by and the measure from the words, against the columns of the file', async () => {
    const asked = parseJsonOutput(await runCli(['ask', `average amount by month in ${join(fixtures, 'sales.csv')}`, '--json'], env));
    expect(asked).toMatchObject({ status: 'succeeded', output: { mode: 'groupBy', groupBy: ['order_date:month'], measures: [{ column: 'amount', agg: 'mean' }] } });
    expect((asked['output'] as { groups: unknown[] }).groups).toHaveLength(4);
    // Words it cannot tie to a column give the summary, and say so.
    const unread = parseJsonOutput(await runCli(['ask', `average revenue by country in ${join(fixtures, 'sales.csv')}`, '--json'], env));
    expect(unread).toMatchObject({ status: 'succeeded', output: { mode: 'summary' }, warnings: [expect.objectContaining({ code: 'request_not_read', message: expect.stringContaining('"by country"') })] });
  });

  it('nova ask finds the saved schema the words name', async () => {
    const asked = parseJsonOutput(await runCli(['ask', `validate ${join(fixtures, 'customers.csv')} against the customer schema`, '--json'], env));
    expect(asked).toMatchObject({ status: 'succeeded', output: { schema: expect.stringContaining('schema customer') } });
  });

  it('warns on the run about values it left out', async () => {
    const json = parseJsonOutput(await runCli(['run', 'csv-analyst', '--file', join(fixtures, 'sales.csv'), '--input', '{"measures": [{"column": "status", "agg": "sum"}]}', '--json'], env));
    expect(json['status']).toBe('succeeded');
    expect(json['warnings']).toEqual([{ code: 'not_a_number', message: 'status: values that are not numbers were left out of sum(status) (10 times, first at line 2: "shipped")' }]);
  });

  it('fails with the columns listed for an unknown column, and prints plain output without --json', async () => {
    const result = await runCli(['run', 'csv-analyst', '--file', join(fixtures, 'sales.csv'), '--input', '{"pivot": {"rows": "regin", "columns": "paid"}}'], env);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('has no column "regin" (in pivot); did you mean "region"?');
    expect(result.stderr).toContain('Its columns are: "order_id", "order_date", "region"');
    const plain = await runCli(['run', 'csv-analyst', '--file', join(fixtures, 'sales.csv'), '--input', '{"columns": ["quantity"]}'], env);
    expect(plain.exitCode).toBe(0);
    expect(JSON.parse(plain.stdout)).toMatchObject({ mode: 'summary', columns: [{ name: 'quantity', median: 2 }] });
  });
});
