import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openNova } from '../../src/app/nova.ts';
import { erpDatabase } from '../../src/domains/erp/erp-database.ts';
import { erpFiles } from '../../src/domains/erp/erp-catalogue.ts';
import { parseJsonOutput, runCli } from '../support/cli.ts';
import { useFakeModelHome } from '../support/fake-model-home.ts';

/** Text with one Latin-1 byte (é as 0xe9) on its third line: `Caf\xe9 Lisboa`. */
function latin1Line3(first: string, second: string, third: string): Buffer {
  return Buffer.concat([Buffer.from(`${first}\n${second}\n`), Buffer.from(third, 'latin1'), Buffer.from('\n')]);
}

/** Every user file Nova reads is refused at the first byte that is not UTF-8, with file, line, column and byte offset. */
describe('files that are not UTF-8', () => {
  const fixture = useFakeModelHome();

  function write(path: string, content: string | Buffer): string {
    const file = join(fixture.home, path);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, content);
    return file;
  }

  async function erpRowCount(): Promise<number> {
    const nova = await openNova({ env: fixture.env });
    try {
      let total = 0;
      for (const spec of erpFiles) {
        const row = await erpDatabase(nova.store).selectFrom(spec.table).select((builder) => builder.fn.countAll<number | string>().as('count')).executeTakeFirstOrThrow();
        total += Number(row.count);
      }
      return total;
    } finally {
      await nova.close();
    }
  }

  it('nova erp import refuses a Latin-1 export in a later file (exit 2), naming it, and imports nothing', async () => {
    write('export/customers.csv', 'id,name,email,country,payment_terms_days,credit_limit\nC1,Alpha,,DE,30,5000.00\n');
    const suppliers = write('export/suppliers.csv', latin1Line3('id,name,email,country,payment_terms_days', 'S1,Acme,,DE,30', 'S2,Caf\xe9 Lisboa,,PT,30'));
    const result = await runCli(['erp', 'import', '--dir', join(fixture.home, 'export'), '--json'], fixture.env);
    expect(result.exitCode).toBe(2);
    const error = (parseJsonOutput(result)['error'] ?? {}) as { code: string; message: string };
    expect(error.code).toBe('input_invalid');
    const offset = Buffer.from('id,name,email,country,payment_terms_days\nS1,Acme,,DE,30\nS2,Caf').length;
    expect(error.message).toBe(`The ERP export ${suppliers} is not UTF-8 text at byte ${offset} (line 3, column 7): byte 0xe9 starts a character that byte 0x20 does not continue`);
    expect(await erpRowCount()).toBe(0);
  });

  it('nova erp import refuses UTF-16 and accepts UTF-8 with a byte-order mark', async () => {
    write('utf16/customers.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id,name\r\n', 'utf16le')]));
    const refused = await runCli(['erp', 'import', '--dir', join(fixture.home, 'utf16')], fixture.env);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(/customers\.csv is not UTF-8 text at byte 0 .*UTF-16/);
    write('bom/customers.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('id,name,email,country,payment_terms_days,credit_limit\nC1,Café Lisboa,,PT,30,5000.00\n')]));
    expect((await runCli(['erp', 'import', '--dir', join(fixture.home, 'bom')], fixture.env)).exitCode).toBe(0);
    expect(await erpRowCount()).toBe(1);
  });

  it('config.yaml is config_invalid with its position', async () => {
    const file = write('config.yaml', latin1Line3('models:', '  aliases: {}', '# caf\xe9'));
    const result = await runCli(['agents', 'list', '--json'], fixture.env);
    expect(result.exitCode).toBe(2);
    expect(parseJsonOutput(result)['error']).toMatchObject({ code: 'config_invalid', message: expect.stringContaining(`The config file ${file} is not UTF-8 text at byte`) });
    expect(JSON.stringify(parseJsonOutput(result))).toContain('(line 3, column 6)');
  });

  it('an agent file and a pipeline file are load problems at their line and column, and keep nothing else out', async () => {
    const agent = write('agents/cafe.md', latin1Line3('---', 'id: cafe', 'name: Caf\xe9'));
    const lint = await runCli(['agents', 'lint'], fixture.env);
    expect(lint.exitCode).toBe(1);
    expect(lint.stdout + lint.stderr).toContain(`${agent}:3:10 error: not UTF-8 text at byte 22 (line 3, column 10)`);
    const pipeline = write('pipelines/cafe.yaml', latin1Line3('id: cafe', 'description: a pipeline', '# caf\xe9'));
    const validate = await runCli(['pipeline', 'validate', '--json'], fixture.env);
    expect(validate.exitCode).toBe(1);
    expect(JSON.stringify(parseJsonOutput(validate))).toContain(pipeline);
    expect(JSON.stringify(parseJsonOutput(validate))).toContain('not UTF-8 text at byte');
    expect(parseJsonOutput(await runCli(['agents', 'list', '--json'], fixture.env))['agents']).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'translator' })]));
  });

  it('a --file for a model agent, an expense CSV and its rules file, a schema file, a labelled requests file and router.json are refused by name', async () => {
    const text = write('notes.txt', latin1Line3('Minutes', 'Budget', 'Caf\xe9 closed'));
    const summary = await runCli(['run', 'summarizer', '--file', text, '--json'], fixture.env);
    expect(summary.exitCode).toBe(2);
    expect(parseJsonOutput(summary)['error']).toMatchObject({ code: 'input_invalid', message: expect.stringContaining(`The --file ${text} is not UTF-8 text at byte`) });
    expect(fixture.server.requests).toHaveLength(0);

    expect((await runCli(['erp', 'demo'], fixture.env)).exitCode).toBe(0);
    const expenses = write('expenses.csv', latin1Line3('description,amount', 'Taxi,12.00', 'Caf\xe9,3.50'));
    expect(parseJsonOutput(await runCli(['run', 'expense-coder', '--file', expenses, '--json'], fixture.env))['error']).toMatchObject({ message: expect.stringContaining(`The expense CSV ${expenses} is not UTF-8`) });
    const rules = write('expense-rules.yaml', latin1Line3('rules:', '  - match: taxi', '    # caf\xe9'));
    expect(parseJsonOutput(await runCli(['run', 'expense-coder', 'Taxi 12.00', '--json'], fixture.env))['error']).toMatchObject({ code: 'config_invalid', message: expect.stringContaining(`The expense rules file ${rules} is not UTF-8`) });

    const schema = write('order.schema.json', latin1Line3('{', '  "type": "object",', '  "title": "caf\xe9" }'));
    const data = write('orders.json', '[{}]');
    expect(parseJsonOutput(await runCli(['run', 'data-validator', '--input', JSON.stringify({ file: data, schemaFile: schema }), '--json'], fixture.env))['error']).toMatchObject({ message: expect.stringContaining(`${schema} is not UTF-8`) });

    const labelled = write('labelled.jsonl', latin1Line3('{"text": "hi", "agent": "chat"}', '{"text": "hello", "agent": "chat"}', '{"text": "caf\xe9", "agent": "chat"}'));
    expect(parseJsonOutput(await runCli(['eval', 'routing', '--file', labelled, '--json'], fixture.env))['error']).toMatchObject({ message: expect.stringContaining(`The labelled requests file ${labelled} is not UTF-8`) });

    const settings = write('router.json', latin1Line3('{', '"version": 1,', '"x": "caf\xe9" }'));
    const doctor = parseJsonOutput(await runCli(['doctor', '--json'], fixture.env));
    expect(JSON.stringify(doctor['router'])).toContain(`The router settings file ${settings} is not UTF-8`);
  });
});
