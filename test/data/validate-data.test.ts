import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NovaError } from '../../src/core/errors.ts';
import { listSchemaNames, loadSchema } from '../../src/domains/data/schema-source.ts';
import { validateData } from '../../src/domains/data/validate-data.ts';
import { temporaryDirectory } from '../support/temporary-directory.ts';

const fixtures = fileURLToPath(new URL('../fixtures/data/', import.meta.url));
const fixture = (name: string) => join(fixtures, name);
const schemaFile = (name: string) => loadSchema({ schemaFile: fixture(name) }, '/nowhere');

function thrown(run: () => unknown): NovaError {
  try {
    run();
  } catch (error) {
    if (error instanceof NovaError) return error;
    throw error;
  }
  throw new Error('expected a NovaError');
}

describe('validateData on CSV', () => {
  it('reports each bad cell with row, line, column, value and rule, and counts by rule', async () => {
    const report = await validateData({ file: fixture('customers.csv'), schema: schemaFile('customer.schema.json') });
    expect(report).toMatchObject({ format: 'csv', delimiter: ',', valid: false, rows: 7, invalidRows: 6, issueCount: 9, truncated: false, schemaWarnings: [] });
    expect(report.columns).toEqual(['id', 'name', 'email', 'age', 'active', 'signup', 'tags']);
    expect(report.countsByRule).toEqual({ format: 2, type: 3, required: 1, column_count: 1, minimum: 1, csv_syntax: 1 });
    expect(report.issues).toEqual([
      { row: 2, line: 3, column: 'email', value: 'bob(at)example.com', rule: 'format', message: 'column "email" must match format "email", got "bob(at)example.com"' },
      { row: 2, line: 3, column: 'age', value: 'abc', rule: 'type', message: 'column "age" must be integer or null, got "abc"' },
      { row: 2, line: 3, column: 'active', value: 'yes', rule: 'type', message: 'column "active" must be boolean, got "yes"' },
      { row: 2, line: 3, column: 'signup', value: '2024-02-30', rule: 'format', message: 'column "signup" must match format "date", got "2024-02-30"' },
      { row: 3, line: 4, column: 'name', rule: 'required', message: 'column "name" is required and missing' },
      { row: 4, line: 5, rule: 'column_count', message: 'row 4 has 5 fields where the header has 7; the row was not checked further' },
      { row: 5, line: 6, column: 'age', value: '-3', rule: 'minimum', message: 'column "age" must be >= 0, got "-3"' },
      { row: 6, line: 7, column: 'name', rule: 'csv_syntax', message: expect.stringContaining('CSV_INVALID_CLOSING_QUOTE') },
      { row: 7, line: 8, column: 'tags', path: '$[0]', value: 1, rule: 'type', message: 'column "tags" at $[0] must be string, got 1' },
    ]);
  });

  it('keeps maxIssues issues, counts them all, and says it truncated', async () => {
    const report = await validateData({ file: fixture('customers.csv'), schema: schemaFile('customer.schema.json'), maxIssues: 2 });
    expect(report.issues).toHaveLength(2);
    expect(report).toMatchObject({ issueCount: 9, truncated: true, invalidRows: 6 });
  });

  it('passes a valid file, and reports header problems outside the rows', async () => {
    const directory = temporaryDirectory();
    try {
      const valid = join(directory.path, 'valid.csv');
      writeFileSync(valid, 'id,name,email\n1,Ada,ada@example.com\n2,Bob,bob@example.com\n');
      expect(await validateData({ file: valid, schema: schemaFile('customer.schema.json') })).toMatchObject({ valid: true, rows: 2, issueCount: 0, issues: [] });
      const duplicated = join(directory.path, 'duplicated.csv');
      writeFileSync(duplicated, 'id,name,name,email\n1,Ada,Ada,ada@example.com\n');
      const report = await validateData({ file: duplicated, schema: { schema: { type: 'object' }, description: 'inline schema' } });
      expect(report.issues).toEqual([{ row: null, line: 1, column: 'name_3', rule: 'duplicate_column_name', message: 'column 3 repeats the name "name"; it is called "name_3"' }]);
      expect(report.invalidRows).toBe(0);
    } finally {
      directory.remove();
    }
  });
});

describe('validateData on JSON and JSONL', () => {
  it('streams a top-level array, with JSON paths into nested records and syntax errors located', async () => {
    const report = await validateData({ file: fixture('orders.json'), schema: schemaFile('order.schema.json') });
    expect(report).toMatchObject({ format: 'json', valid: false, rows: 5, invalidRows: 4, issueCount: 6 });
    expect(report.issues).toEqual([
      { row: 2, line: 3, path: '$.total', value: -5, rule: 'minimum', message: '$.total must be >= 0, got -5' },
      { row: 2, line: 3, path: '$.items[0].qty', value: 0, rule: 'minimum', message: '$.items[0].qty must be >= 1, got 0' },
      { row: 3, line: 4, path: '$.total', rule: 'required', message: '$.total is required and missing' },
      { row: 3, line: 4, path: '$.items', value: [], rule: 'minItems', message: '$.items must NOT have fewer than 1 items, got []' },
      { row: 4, line: 5, rule: 'json_syntax', message: "invalid JSON: Unexpected token ']' (line 5, column 95)" },
      { row: 5, line: 6, path: '$.items[0].sku', rule: 'required', message: '$.items[0].sku is required and missing' },
    ]);
  });

  it('reads JSONL line by line, skipping blank lines, with a draft 2020-12 schema', async () => {
    const report = await validateData({ file: fixture('events.jsonl'), schema: schemaFile('event.schema.json') });
    expect(report).toMatchObject({ format: 'jsonl', rows: 5, invalidRows: 4, countsByRule: { required: 1, type: 1, json_syntax: 1, format: 1 } });
    expect(report.issues.map((issue) => [issue.row, issue.line, issue.path ?? null, issue.rule])).toEqual([
      [2, 3, '$.at', 'required'],
      [3, 4, '$.user', 'type'],
      [4, 5, null, 'json_syntax'],
      [5, 6, '$.at', 'format'],
    ]);
    expect(report.issues[2]?.message).toBe("invalid JSON: Expected ',' or '}' after property value (line 5, column 31)");
  });

  it('warns about formats it cannot check instead of ignoring them silently', async () => {
    const report = await validateData({ file: fixture('events.jsonl'), schema: { schema: { type: 'object', properties: { user: { type: 'string', format: 'phone' } } }, description: 'inline schema' } });
    expect(report.schemaWarnings).toEqual([expect.stringContaining('unknown format "phone"')]);
  });

  it('takes the format from the extension, or asks for it', async () => {
    const error = await validateData({ file: '/tmp/data.xml', schema: { schema: {}, description: 'inline schema' } }).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(NovaError);
    expect((error as NovaError).hint).toMatch(/"format": "csv"/);
  });
});

describe('schemas', () => {
  let home: { path: string; remove: () => void };
  let schemas: string;
  beforeEach(() => {
    home = temporaryDirectory();
    schemas = join(home.path, 'schemas');
    mkdirSync(schemas);
    writeFileSync(join(schemas, 'customer.json'), JSON.stringify({ type: 'object', required: ['id'] }));
    writeFileSync(join(schemas, 'order.json'), '{}');
  });
  afterEach(() => home.remove());

  it('are found by name in the schema folder', () => {
    expect(listSchemaNames(schemas)).toEqual(['customer', 'order']);
    expect(loadSchema({ schemaName: 'customer' }, schemas)).toEqual({ schema: { type: 'object', required: ['id'] }, description: `schema customer (${join(schemas, 'customer.json')})` });
  });

  it('name the closest and list the available ones for an unknown name', () => {
    const error = thrown(() => loadSchema({ schemaName: 'custmer' }, schemas));
    expect(error.message).toBe(`There is no schema named "custmer" in ${schemas}; did you mean "customer"?`);
    expect(error.hint).toBe('Available schemas: customer, order.');
    expect(thrown(() => loadSchema({ schemaName: '../secret' }, schemas)).code).toBe('input_invalid');
  });

  it('must be given exactly once', () => {
    expect(thrown(() => loadSchema({}, schemas)).message).toMatch(/No schema given/);
    expect(thrown(() => loadSchema({ schema: {}, schemaName: 'order' }, schemas)).message).toBe('Give one schema, not schema and schemaName');
  });

  it('in a file must parse, with the line and column of a syntax error', () => {
    const broken = join(home.path, 'broken.json');
    writeFileSync(broken, '{\n  "type": "object",\n  "required": ["id",]\n}');
    expect(thrown(() => loadSchema({ schemaFile: broken }, schemas)).message).toMatch(/is not valid JSON: .*\(line 3, column 21\)/);
    expect(thrown(() => loadSchema({ schemaFile: join(home.path, 'missing.json') }, schemas)).message).toMatch(/does not exist/);
    const yaml = join(home.path, 'schema.yaml');
    writeFileSync(yaml, 'type: object\nrequired: [id]\n');
    expect(loadSchema({ schemaFile: yaml }, schemas).schema).toEqual({ type: 'object', required: ['id'] });
  });

  it('that are not valid JSON Schema fail before any row is read', async () => {
    const invalid = validateData({ file: fixture('events.jsonl'), schema: { schema: { type: 'strng' }, description: 'inline schema' } });
    await expect(invalid).rejects.toThrow(/The inline schema is not a valid JSON Schema: schema is invalid: data\/type/);
    const draft4 = validateData({ file: fixture('events.jsonl'), schema: { schema: { $schema: 'http://json-schema.org/draft-04/schema#' }, description: 'inline schema' } });
    await expect(draft4).rejects.toThrow(/draft-04, which Nova does not read/);
  });
});
