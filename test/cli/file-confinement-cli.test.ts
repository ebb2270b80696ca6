import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseJsonOutput, runCli } from '../support/cli.ts';
import { temporaryDirectory } from '../support/temporary-directory.ts';

// The current directory of the tests is the repository, a root; $NOVA_HOME and `outside` are temporary
// folders, and only the first is a root.
describe('file confinement at the command line', () => {
  let home: { path: string; remove: () => void };
  let outside: { path: string; remove: () => void };
  let env: Record<string, string>;
  let sales: string;
  beforeEach(() => {
    home = temporaryDirectory('nova-home-');
    outside = temporaryDirectory('nova-outside-');
    env = { NOVA_HOME: home.path };
    sales = join(outside.path, 'sales.csv');
    writeFileSync(sales, 'month,amount\n2024-01,3\n2024-01,5\n2024-02,7\n');
  });
  afterEach(() => {
    home.remove();
    outside.remove();
  });

  const runs = async () => parseJsonOutput(await runCli(['runs', 'list', '--json'], env))['runs'] as Array<{ id: string }>;

  it('nova run refuses a file outside the roots (exit 2, no run) and reads it when the user allows it with --allow-path', async () => {
    const refused = await runCli(['run', 'csv-analyst', '--file', sales, '--json'], env);
    expect(refused.exitCode).toBe(2);
    expect(parseJsonOutput(refused)).toMatchObject({ runId: null, error: { code: 'tool_not_allowed', fault: 'user', details: { roots: expect.arrayContaining([realpathSync(home.path)]) } } });
    expect(await runs()).toEqual([]);

    const allowed = parseJsonOutput(await runCli(['run', 'csv-analyst', '--file', sales, '--allow-path', outside.path, '--json'], env));
    expect(allowed).toMatchObject({ status: 'succeeded', output: { rows: 3 } });
  });

  it('a folder in files.roots of the config (relative to the config file) is a root', async () => {
    writeFileSync(join(home.path, 'config.yaml'), `files:\n  roots: [${JSON.stringify(outside.path)}]\n`);
    const result = parseJsonOutput(await runCli(['run', 'csv-analyst', '--file', sales, '--json'], env));
    expect(result).toMatchObject({ status: 'succeeded', output: { rows: 3 } });
  });

  it('nova ask: a path named in the request (chosen by routing) must be inside the roots', async () => {
    const result = await runCli(['ask', `average amount by month in ${sales}`, '--json'], env);
    expect(result.exitCode).toBe(2);
    expect(parseJsonOutput(result)).toMatchObject({ runId: null, error: { code: 'tool_not_allowed', details: { agentId: 'csv-analyst', field: 'file' } } });
    expect(await runs()).toEqual([]);
  });

  it('nova pipeline run refuses a path input outside the roots before the run, and keeps an --allow-path for the whole run', async () => {
    mkdirSync(join(home.path, 'pipelines'));
    writeFileSync(
      join(home.path, 'pipelines', 'detect.yaml'),
      ['id: detect', 'name: Detect', 'description: Detects the language of a file.', 'inputs:', '  file: { type: string, format: path }', 'steps:', '  - id: detect', '    agent: language-detector', '    input: { file: "${{ inputs.file }}" }', ''].join('\n'),
    );
    const text = join(outside.path, 'note.txt');
    writeFileSync(text, 'Bom dia a todos, como estão vocês hoje? Espero que tudo esteja bem.\n');
    const refused = await runCli(['pipeline', 'run', 'detect', '--input', `file=${text}`, '--json'], env);
    expect(refused.exitCode).toBe(2);
    expect(parseJsonOutput(refused)['error']).toMatchObject({ code: 'tool_not_allowed', details: { field: 'input "file"' } });
    expect(await runs()).toEqual([]);

    // A schedule has no command line when it fires: it is refused when added.
    const scheduled = await runCli(['schedules', 'add', 'detect', '--cron', '0 7 * * *', '--input', `file=${text}`, '--json'], env);
    expect(scheduled.exitCode).toBe(2);
    expect(parseJsonOutput(scheduled)['error']).toMatchObject({ code: 'tool_not_allowed' });

    const allowed = parseJsonOutput(await runCli(['pipeline', 'run', 'detect', '--input', `file=${text}`, '--allow-path', text, '--json'], env));
    expect(allowed).toMatchObject({ status: 'succeeded' });
    const shown = parseJsonOutput(await runCli(['runs', 'show', String(allowed['runId']), '--json'], env));
    const start = (shown['events'] as Array<{ type: string; payload: { allowedPaths?: string[] } }>).find((event) => event.type === 'pipeline-start');
    expect(start?.payload.allowedPaths).toEqual([realpathSync(text)]);
  });

  it('an approval continues a run with the paths the user allowed when it started', async () => {
    mkdirSync(join(home.path, 'pipelines'));
    writeFileSync(
      join(home.path, 'pipelines', 'approved-detect.yaml'),
      ['id: approved-detect', 'name: Approved detect', 'description: Detects the language of a file once someone approves.', 'inputs:', '  file: { type: string, format: path }', 'steps:', '  - id: ok', '    approve: "Go on?"', '  - id: detect', '    needs: [ok]', '    agent: language-detector', '    input: { file: "${{ inputs.file }}" }', ''].join('\n'),
    );
    const text = join(outside.path, 'note.txt');
    writeFileSync(text, 'Guten Morgen zusammen, wie geht es euch heute? Ich hoffe, alles ist gut.\n');
    const waiting = parseJsonOutput(await runCli(['pipeline', 'run', 'approved-detect', '--input', `file=${text}`, '--allow-path', outside.path, '--json'], env));
    expect(waiting).toMatchObject({ status: 'waiting' });
    const approved = await runCli(['runs', 'approve', String(waiting['runId']), 'ok', '--json'], env);
    expect(approved.exitCode, approved.stdout + approved.stderr).toBe(0);
    const shown = parseJsonOutput(await runCli(['runs', 'show', String(waiting['runId']), '--json'], env));
    expect(shown).toMatchObject({ run: { status: 'succeeded' } });
  });
});
