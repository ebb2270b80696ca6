import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildReportHandler } from '../../src/handlers/pipeline/build-report.ts';
import type { AgentContext } from '../../src/core/agent-spec.ts';
import { FileAccess } from '../../src/core/file-access.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseJsonOutput, runCli } from '../support/cli.ts';
import { temporaryDirectory } from '../support/temporary-directory.ts';

interface Report {
  format: string;
  title: string;
  template: string;
  content: string;
  path?: string;
}

describe('nova run report-builder', () => {
  let home: { path: string; remove: () => void };
  let env: Record<string, string>;

  beforeEach(() => {
    home = temporaryDirectory();
    env = { NOVA_HOME: home.path };
  });
  afterEach(() => home.remove());

  const run = async (argv: string[]) => {
    const result = await runCli(['run', 'report-builder', ...argv, '--json'], env);
    return { result, json: parseJsonOutput(result) };
  };

  it('nova ask reads the format and the title from the words', async () => {
    const results = join(home.path, 'results.json');
    writeFileSync(results, JSON.stringify({ rows: [{ region: 'north', total: 3 }] }));
    const asked = parseJsonOutput(await runCli(['ask', `build an HTML report from ${results} titled Daily QA`, '--json'], env));
    expect(asked).toMatchObject({ status: 'succeeded', output: { format: 'html', title: 'Daily QA' } });
    const plain = parseJsonOutput(await runCli(['ask', `turn ${results} into a report`, '--json'], env));
    expect(plain).toMatchObject({ status: 'succeeded', output: { format: 'markdown' }, warnings: [] });
    const pdf = parseJsonOutput(await runCli(['ask', `make a PDF report from ${results}`, '--json'], env));
    expect(pdf).toMatchObject({ status: 'succeeded', output: { format: 'markdown' }, warnings: [expect.objectContaining({ code: 'request_not_read', message: expect.stringContaining('not PDF') })] });
  });

  it('turns the saved output of another agent into an HTML report written to a file', async () => {
    const messages = join(home.path, 'today.txt');
    writeFileSync(messages, 'ARP BAW1 5130N00100W 1230 F370\nARP BAW2 9130N00100W 1231 F370\n');
    const check = await runCli(['run', 'airep-checker', '--file', messages, '--json'], env);
    const checkFile = join(home.path, 'check.json');
    writeFileSync(checkFile, check.stdout);

    const outputFile = join(home.path, 'report.html');
    const { result, json } = await run(['--file', checkFile, '--input', JSON.stringify({ format: 'html', outputFile })]);
    expect(result.exitCode).toBe(0);
    const report = json['output'] as Report;
    expect(report).toMatchObject({ format: 'html', title: 'AIREP check', template: 'airep', path: outputFile });
    expect(readFileSync(outputFile, 'utf8')).toBe(report.content);
    expect(report.content).toContain('1 of 2 messages are invalid.');
    expect(report.content).toContain(String((parseJsonOutput(check) as { runId: string }).runId));
  });

  it('renders data given inline as Markdown by default', async () => {
    const { json } = await run(['--input', JSON.stringify({ data: { rows: [{ a: 'x|y' }] }, title: 'Inline' })]);
    const report = json['output'] as Report;
    expect(report).toMatchObject({ format: 'markdown', title: 'Inline', template: 'generic' });
    expect(report.content).toContain('| x\\|y |');
    expect(report.path).toBeUndefined();
  });

  it('reads JSON given as the text argument', async () => {
    const { json } = await run(['[{"id": 1}, {"id": 2}]']);
    expect((json['output'] as Report).content).toContain('- **items:** 2');
  });

  it('fails on bad JSON with its line and column', async () => {
    const file = join(home.path, 'broken.json');
    writeFileSync(file, '{\n  "rows": [\n    {"a": 1},\n    {"a": 2,}\n  ]\n}\n');
    const { result, json } = await run(['--file', file]);
    expect(result.exitCode).toBe(1);
    expect(json['error']).toMatchObject({ code: 'input_invalid', fault: 'user', message: `${file} is not valid JSON at line 4, column 13: unexpected "}"` });
    const text = await run(['summarise this please']);
    expect((text.json['error'] as { message: string }).message).toBe('text is not valid JSON at line 1, column 1: unexpected "s"');
  });

  it('fails on a missing file, a file that is not UTF-8, and an output folder that does not exist', async () => {
    const missing = await run(['--file', join(home.path, 'nope.json')]);
    expect((missing.json['error'] as { message: string }).message).toContain('does not exist');
    const latin1 = join(home.path, 'latin1.json');
    writeFileSync(latin1, Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d]));
    expect((await run(['--file', latin1])).json['error']).toMatchObject({ code: 'input_invalid', message: expect.stringContaining('is not UTF-8 text at byte 6 (line 1, column 7)') });
    const nowhere = join(home.path, 'no', 'such', 'folder', 'report.md');
    const unwritable = await run(['--input', JSON.stringify({ data: [1], outputFile: nowhere })]);
    expect(unwritable.result.exitCode).toBe(2);
    expect(unwritable.json).toMatchObject({ runId: null, error: { code: 'input_invalid', message: `report-builder: outputFile ${nowhere} cannot be written: its folder ${dirname(nowhere)} does not exist` } });
    // A relative path is resolved from the current directory, like --file.
    const relative = await run(['--input', JSON.stringify({ data: [1], outputFile: 'no-such-folder/report.md' })]);
    expect(relative.json['error']).toMatchObject({ code: 'input_invalid', details: { directory: join(process.cwd(), 'no-such-folder') } });
  });

  it('refuses input without a result, an unknown format, and a template that does not fit', async () => {
    const nothing = await run(['--input', '{"format": "html"}']);
    expect(nothing.result.exitCode).toBe(2);
    expect(nothing.json).toMatchObject({ runId: null, error: { code: 'input_invalid', message: 'Input for report-builder is invalid: (value): give one of "data", "file", "text"' } });
    const two = await run(['--input', '{"data": [1], "text": "[2]"}']);
    expect(two.result.exitCode).toBe(2);
    expect(two.json['error']).toMatchObject({ code: 'input_invalid', message: 'Input for report-builder is invalid: (value): give only one of "data", "file", "text", not several' });
    const format = await run(['--input', '{"data": [1], "format": "pdf"}']);
    expect(format.json['error']).toMatchObject({ code: 'input_invalid', message: expect.stringContaining('format') });
    const template = await run(['--input', '{"data": [1], "template": "airep"}']);
    expect(template.json['error']).toMatchObject({ code: 'input_invalid', message: expect.stringContaining('"airep" template') });
  });

  it('refuses an outputFile that exists before any run (exit 2), leaving it untouched; overwrite: true replaces it', async () => {
    const outputFile = join(home.path, 'report.md');
    writeFileSync(outputFile, 'yesterday\'s report');
    const refused = await run(['--input', JSON.stringify({ data: { rows: [{ a: 1 }] }, outputFile })]);
    expect(refused.result.exitCode).toBe(2);
    expect(refused.json).toMatchObject({
      runId: null,
      error: { code: 'input_invalid', fault: 'user', message: `report-builder: outputFile ${outputFile} already exists`, hint: 'pass overwrite: true or choose another outputFile' },
    });
    expect(readFileSync(outputFile, 'utf8')).toBe('yesterday\'s report');
    expect(parseJsonOutput(await runCli(['runs', 'list', '--json'], env))).toMatchObject({ runs: [] });

    const replaced = await run(['--input', JSON.stringify({ data: { rows: [{ a: 1 }] }, outputFile, overwrite: true })]);
    expect(replaced.result.exitCode).toBe(0);
    const report = replaced.json['output'] as Report;
    expect(report.path).toBe(outputFile);
    expect(readFileSync(outputFile, 'utf8')).toBe(report.content);
    expect(readdirSync(home.path).filter((name) => name.endsWith('.tmp'))).toEqual([]);

    const folder = join(home.path, 'reports');
    mkdirSync(folder);
    const directory = await run(['--input', JSON.stringify({ data: [1], outputFile: folder, overwrite: true })]);
    expect(directory.result.exitCode).toBe(2);
    expect(directory.json['error']).toMatchObject({ code: 'input_invalid', message: `report-builder: outputFile ${folder} is a directory, not a file` });
  });

  it('refuses a file that appeared at outputFile after the run was checked (the write is the last check)', async () => {
    const outputFile = join(home.path, 'report.md');
    writeFileSync(outputFile, 'written by another process meanwhile');
    const context = { runId: 'r1', agentId: 'report-builder', idempotencyKey: 'r1', signal: new AbortController().signal, agents: [], files: new FileAccess({ roots: [home.path] }), warn: async () => {} } as unknown as AgentContext;
    await expect(buildReportHandler({ data: [1], outputFile }, context)).rejects.toMatchObject({
      code: 'input_invalid',
      fault: 'user',
      message: `Cannot write the report to ${outputFile}: it already exists`,
      hint: 'pass overwrite: true or choose another outputFile',
    });
    expect(readFileSync(outputFile, 'utf8')).toBe('written by another process meanwhile');
    expect(readdirSync(home.path)).toEqual(['report.md']);
    await buildReportHandler({ data: [1], outputFile, overwrite: true }, context);
    expect(readFileSync(outputFile, 'utf8')).toContain('items');
  });
});
