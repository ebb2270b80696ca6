import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseJsonOutput, runCli } from '../support/cli.ts';
import { temporaryDirectory } from '../support/temporary-directory.ts';

describe('nova run airep-checker', () => {
  let home: { path: string; remove: () => void };
  let env: Record<string, string>;

  beforeEach(() => {
    home = temporaryDirectory();
    env = { NOVA_HOME: home.path };
  });
  afterEach(() => home.remove());

  const messages = 'UAUK01 EGRR 231200\nARP BAW123 5130N00100W 1130 F370 MS52 250/045KT\nARS KLM789 SEV TURB OBS AT 1142Z N4510W01030 FL390\nARP BAW124 9130N00100W 1140 F370\n';

  it('checks a file given with --file, with no model configured', async () => {
    const file = join(home.path, 'aireps.txt');
    writeFileSync(file, messages);
    const result = await runCli(['run', 'airep-checker', '--file', file, '--json'], env);
    expect(result.exitCode).toBe(0);
    const json = parseJsonOutput(result);
    expect(json['status']).toBe('succeeded');
    const output = json['output'] as { reports: Array<{ line: number; valid: boolean; issues: Array<{ code: string }> }>; summary: unknown };
    expect(output.summary).toEqual({ total: 3, valid: 2, invalid: 1, warnings: 0 });
    expect(output.reports.map((report) => [report.line, report.valid])).toEqual([
      [2, true],
      [3, true],
      [4, false],
    ]);
    expect(output.reports[2]!.issues.map((issue) => issue.code)).toEqual(['latitude_out_of_range']);
  });

  it('checks text given with --input and as the text argument', async () => {
    const fromInput = parseJsonOutput(await runCli(['run', 'airep-checker', '--input', JSON.stringify({ text: messages }), '--json'], env));
    expect((fromInput['output'] as { summary: { total: number } }).summary.total).toBe(3);
    const fromArgument = await runCli(['run', 'airep-checker', 'ARP', 'BAW1', '5130N00100W', '1230', 'F370', '--json'], env);
    expect(fromArgument.exitCode).toBe(0);
    expect((parseJsonOutput(fromArgument)['output'] as { summary: unknown }).summary).toEqual({ total: 1, valid: 1, invalid: 0, warnings: 0 });
  });

  it('prints the result as JSON without --json too', async () => {
    const result = await runCli(['run', 'airep-checker', 'ARP BAW1 5130N00100W 1230 F370'], env);
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ summary: { total: 1, valid: 1 } });
  });

  it('refuses a file that does not exist as a bad invocation: exit 2 and no run', async () => {
    const missing = join(home.path, 'nope.txt');
    const result = await runCli(['run', 'airep-checker', '--file', missing, '--json'], env);
    expect(result.exitCode).toBe(2);
    const json = parseJsonOutput(result);
    expect(json['runId']).toBeNull();
    expect(json['error']).toMatchObject({ code: 'input_invalid', fault: 'user', message: `airep-checker: file ${missing} does not exist` });
    expect(parseJsonOutput(await runCli(['runs', 'list', '--json'], env))['runs']).toEqual([]);
  });

  it('fails on a file that is not UTF-8, with the byte offset and line', async () => {
    const file = join(home.path, 'latin1.txt');
    writeFileSync(file, Buffer.concat([Buffer.from('ARP BAW1 5130N00100W 1230 F370\nARP CAF'), Buffer.from([0xe9]), Buffer.from(' 5130N00100W 1230 F370\n')]));
    const result = await runCli(['run', 'airep-checker', '--file', file, '--json'], env);
    expect(result.exitCode).toBe(1);
    const error = parseJsonOutput(result)['error'] as { code: string; message: string; hint: string };
    expect(error.code).toBe('input_invalid');
    expect(error.message).toContain('is not UTF-8 text at byte 38 (line 2, column 8)');
    expect(error.message).toContain('0xe9');
    expect(error.hint).toContain('iconv');
  });

  it('fails on a UTF-16 file, saying so', async () => {
    const file = join(home.path, 'utf16.txt');
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('ARP BAW1 5130N00100W 1230 F370', 'utf16le')]));
    const error = parseJsonOutput(await runCli(['run', 'airep-checker', '--file', file, '--json'], env))['error'] as { message: string };
    expect(error.message).toMatch(/at byte 0 .*UTF-16/);
  });

  it('resolves a relative "file" from the current directory, and refuses both "text" and "file" or neither before any run', async () => {
    const relative = await runCli(['run', 'airep-checker', '--input', '{"file": "no-such-aireps.txt"}', '--json'], env);
    expect(relative.exitCode).toBe(2);
    expect(parseJsonOutput(relative)['error']).toMatchObject({ code: 'input_invalid', message: 'airep-checker: file no-such-aireps.txt does not exist', details: { resolvedPath: join(process.cwd(), 'no-such-aireps.txt') } });
    const both = await runCli(['run', 'airep-checker', '--input', `{"file": ${JSON.stringify(join(home.path, 'a.txt'))}, "text": "ARP"}`, '--json'], env);
    expect(both.exitCode).toBe(2);
    expect(parseJsonOutput(both)['error']).toMatchObject({ code: 'input_invalid', message: 'Input for airep-checker is invalid: (value): give only one of "text", "file", not several' });
    const neither = await runCli(['run', 'airep-checker', '--json'], env);
    expect(neither.exitCode).toBe(2);
    expect(parseJsonOutput(neither)['error']).toMatchObject({ code: 'input_invalid', message: 'Input for airep-checker is invalid: (value): give one of "text", "file"' });
    expect(parseJsonOutput(await runCli(['runs', 'list', '--json'], env))['runs']).toEqual([]);
  });

  it('is shown by agents show with its samples and schemas', async () => {
    const shown = parseJsonOutput(await runCli(['agents', 'show', 'airep-checker', '--json'], env));
    const spec = (shown['agent'] as { spec: { samples: string[]; engine: string; category: string; input: unknown; output: unknown } }).spec;
    expect(spec.input).toMatchObject({ properties: { text: { type: 'string' }, file: { type: 'string' } } });
    expect(spec.output).toMatchObject({ required: ['reports', 'summary'] });
    expect(spec.engine).toBe('code');
    expect(spec.category).toBe('pipeline');
    expect(spec.samples.length).toBeGreaterThanOrEqual(5);
    expect(spec.samples).toEqual(expect.arrayContaining(['check the AIREPs in reports/today.txt', 'validate these pilot reports', 'any bad air reports in this batch?']));
  });
});
