import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseJsonOutput, runCli } from '../support/cli.ts';
import { temporaryDirectory } from '../support/temporary-directory.ts';
import { countingPipeline, writeHome } from '../pipelines/pipeline-fixtures.ts';

describe('nova runs list --target (and its alias --agent)', () => {
  let home: { path: string; remove: () => void };
  let env: Record<string, string>;
  let log: string;
  beforeEach(() => {
    home = temporaryDirectory();
    env = { NOVA_HOME: home.path };
    log = join(home.path, 'executions.log');
    writeFileSync(log, '');
    writeHome(home.path, { counting: countingPipeline('{ names: ["${{ steps.first.output.name }}", "${{ steps.second.output.name }}"] }') });
  });
  afterEach(() => home.remove());

  const listed = async (...filter: string[]) =>
    (parseJsonOutput(await runCli(['runs', 'list', ...filter, '--json'], env))['runs'] as Array<{ id: string; kind: string; target: string }>).map((run) => `${run.kind}:${run.target}:${run.id}`);

  it('matches a pipeline run by its pipeline id and an agent run by its agent id, as TARGET shows them', async () => {
    const pipelineRun = parseJsonOutput(await runCli(['pipeline', 'run', 'counting', '--input', `log=${log}`, '--json'], env));
    expect(pipelineRun['status']).toBe('succeeded');
    const agentRun = parseJsonOutput(await runCli(['run', 'language-detector', 'the quick brown fox jumps over the lazy dog', '--json'], env));
    expect(agentRun['status']).toBe('succeeded');

    expect(await listed('--target', 'counting')).toEqual([`pipeline:counting:${String(pipelineRun['runId'])}`]);
    expect(await listed('--agent', 'counting')).toEqual([`pipeline:counting:${String(pipelineRun['runId'])}`]);
    expect(await listed('--target', 'language-detector')).toEqual([`agent:language-detector:${String(agentRun['runId'])}`]);
    expect(await listed('--agent', 'language-detector')).toEqual([`agent:language-detector:${String(agentRun['runId'])}`]);
    // The pipeline's steps are agent runs of their own agent.
    expect(await listed('--target', 'tally')).toHaveLength(2);
    expect(await listed('--target', 'nothing-by-this-name')).toEqual([]);

    const table = await runCli(['runs', 'list', '--agent', 'counting'], env);
    expect(table.stdout).toMatch(new RegExp(`${String(pipelineRun['runId'])}\\s+succeeded\\s+counting`));
  });

  it('refuses --target and --agent naming different things', async () => {
    const result = await runCli(['runs', 'list', '--target', 'counting', '--agent', 'tally', '--json'], env);
    expect(result.exitCode).toBe(2);
    expect(parseJsonOutput(result)).toMatchObject({ error: { code: 'input_invalid', fault: 'user' } });
  });
});
