import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseJsonOutput, runCli } from '../support/cli.ts';
import { temporaryDirectory } from '../support/temporary-directory.ts';
import { countingPipeline, writeHome } from './pipeline-fixtures.ts';

const novaBin = fileURLToPath(new URL('../../bin/nova.js', import.meta.url));

const napping = `
id: napping
description: counts two steps, sleeps, counts one more
inputs:
  log: { type: string }
steps:
  - id: before
    agent: tally
    input: { name: before, log: "\${{ inputs.log }}" }
  - id: also
    agent: tally
    input: { name: also, log: "\${{ inputs.log }}" }
  - id: nap
    needs: [before, also]
    sleep: 4s
  - id: after
    needs: [nap]
    agent: tally
    input: { name: after, log: "\${{ inputs.log }}" }
outputs: "\${{ steps.after.output.name }}"
`;

interface ListedRun {
  id: string;
  kind: string;
  target: string;
  status: string;
  parentRunId: string | null;
  supersededBy: string | null;
}

function spawnNova(args: string[], env: Record<string, string>): { child: ChildProcess; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [novaBin, ...args], { env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.resume();
  child.stderr?.resume();
  return { child, exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))) };
}

async function waitFor<Value>(probe: () => Promise<Value | undefined>, what: string, timeoutMs = 90_000): Promise<Value> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// Processes started here wait on their output, with limits a loaded 2-core machine still meets.
describe('a pipeline run whose process is killed', { timeout: 240_000 }, () => {
  let home: { path: string; remove: () => void };
  let env: Record<string, string>;
  let log: string;

  beforeEach(() => {
    home = temporaryDirectory();
    env = { NOVA_HOME: home.path };
    log = join(home.path, 'executions.log');
    writeHome(home.path, { napping, counting: countingPipeline('"${{ steps.second.output.name }}"', 'holdOnce') });
  });
  afterEach(() => home.remove());

  it('is interrupted by SIGKILL during a sleep, and `nova runs resume` completes it without running finished steps again', async () => {
    const nova = spawnNova(['pipeline', 'run', 'napping', '--input', `log=${log}`, '--json'], env);
    const runId = await waitFor(async () => {
      const listed = parseJsonOutput(await runCli(['runs', 'list', '--json'], env))['runs'] as Array<{ id: string; kind: string }>;
      const run = listed.find((entry) => entry.kind === 'pipeline');
      if (run === undefined) return undefined;
      const shown = parseJsonOutput(await runCli(['runs', 'show', run.id, '--json'], env));
      const events = shown['events'] as Array<{ type: string; payload: { path?: string } }>;
      return events.some((event) => event.type === 'step-start' && event.payload.path === 'nap') ? run.id : undefined;
    }, 'the sleep step to start');
    nova.child.kill('SIGKILL');
    await nova.exited;
    expect(readFileSync(log, 'utf8').split('\n').filter(Boolean).sort()).toEqual(['also', 'before']);

    const interrupted = parseJsonOutput(await runCli(['runs', 'list', '--status', 'interrupted', '--json'], env))['runs'] as Array<{ id: string; kind: string; target: string; status: string }>;
    expect(interrupted).toEqual([expect.objectContaining({ id: runId, kind: 'pipeline', target: 'napping', status: 'interrupted' })]);

    const resumed = await runCli(['runs', 'resume', runId, '--json'], env);
    expect(resumed.exitCode).toBe(0);
    expect(parseJsonOutput(resumed)).toMatchObject({ runId, status: 'succeeded', output: 'after', error: null });
    // The steps before the kill ran once; the one after it ran once, after the resume.
    expect(readFileSync(log, 'utf8').split('\n').filter(Boolean).sort()).toEqual(['after', 'also', 'before']);

    const shown = parseJsonOutput(await runCli(['runs', 'show', runId, '--json'], env));
    expect(shown['run']).toMatchObject({ status: 'succeeded', kind: 'pipeline', target: 'napping' });
    const events = shown['events'] as Array<{ type: string; payload: { path?: string } }>;
    expect(events.filter((event) => event.type === 'run-resume')).toHaveLength(1);
    expect(events.filter((event) => event.type === 'step-start' && event.payload.path === 'before')).toHaveLength(1);
    expect(events.filter((event) => event.type === 'step-start' && event.payload.path === 'nap')).toHaveLength(1);
  }, 240_000);

  it('marks the agent step run a kill cut off as superseded by the run that does it again on resume', async () => {
    const marker = join(home.path, 'second.marker');
    const nova = spawnNova(['pipeline', 'run', 'counting', '--input', `log=${log}`, '--input', `marker=${marker}`, '--json'], env);
    await waitFor(async () => (existsSync(marker) ? true : undefined), 'the second step to start');
    nova.child.kill('SIGKILL');
    await nova.exited;
    const listRuns = async (...filter: string[]) => parseJsonOutput(await runCli(['runs', 'list', ...filter, '--json'], env))['runs'] as ListedRun[];

    const interrupted = await listRuns('--status', 'interrupted');
    const pipelineRun = interrupted.find((run) => run.kind === 'pipeline');
    const cutOff = interrupted.find((run) => run.kind === 'agent');
    expect(interrupted).toHaveLength(2);
    expect(cutOff).toMatchObject({ target: 'tally', parentRunId: pipelineRun?.id, supersededBy: null });

    const resumed = await runCli(['runs', 'resume', pipelineRun!.id, '--json'], env);
    expect(parseJsonOutput(resumed)).toMatchObject({ status: 'succeeded', output: 'second', error: null });

    // Nothing is left that needs the user; the cut-off run names the run that did its work.
    expect(await listRuns('--status', 'interrupted')).toEqual([]);
    const superseded = await listRuns('--status', 'superseded');
    expect(superseded).toEqual([expect.objectContaining({ id: cutOff!.id, status: 'superseded' })]);
    const successor = superseded[0]!.supersededBy!;
    expect((await listRuns()).find((run) => run.id === successor)).toMatchObject({ kind: 'agent', target: 'tally', status: 'succeeded', parentRunId: pipelineRun!.id });
    const pipelineEvents = parseJsonOutput(await runCli(['runs', 'show', pipelineRun!.id, '--json'], env))['events'] as Array<{ type: string; payload: { path?: string; childRunId?: string; supersedes?: string } }>;
    const secondStarts = pipelineEvents.filter((event) => event.type === 'step-start' && event.payload.path === 'second').map((event) => event.payload);
    expect(secondStarts).toEqual([expect.objectContaining({ childRunId: cutOff!.id }), expect.objectContaining({ childRunId: successor, supersedes: cutOff!.id, resumed: true })]);

    const listed = await runCli(['runs', 'list', '--status', 'superseded'], env);
    expect(listed.stdout).toMatch(new RegExp(`${cutOff!.id}\\s+superseded\\s.*superseded by ${successor}`));
    const shown = await runCli(['runs', 'show', cutOff!.id], env);
    expect(shown.stdout).toContain('SUPERSEDED');
    expect(shown.stdout).toContain(`superseded by ${successor}`);
    expect(shown.stdout).toMatch(/run-supersede/);
  }, 240_000);
});
