import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseJsonOutput, runCli } from '../support/cli.ts';
import { temporaryDirectory } from '../support/temporary-directory.ts';
import { countingPipeline, writeHome } from './pipeline-fixtures.ts';

const counting = countingPipeline('"${{ steps.second.output.name }}"');

describe('the pipeline agents: pipeline-runner, scheduler, run-inspector', () => {
  let home: { path: string; remove: () => void };
  let env: Record<string, string>;
  let log: string;

  beforeEach(() => {
    home = temporaryDirectory();
    env = { NOVA_HOME: home.path };
    log = join(home.path, 'executions.log');
    writeFileSync(log, '');
    writeHome(home.path, { counting });
  });
  afterEach(() => home.remove());

  it('pipeline-runner runs the pipeline a request names, as a child run, and reports each step', async () => {
    const result = await runCli(['run', 'pipeline-runner', `run the counting pipeline log=${log}`, '--json'], env);
    expect(result.exitCode).toBe(0);
    const printed = parseJsonOutput(result) as { runId: string; output: { pipeline: string; runId: string; status: string; output: unknown; steps: Array<{ id: string; status: string; attempts: number }> } };
    expect(printed.output).toMatchObject({ pipeline: 'counting', status: 'succeeded', output: 'second' });
    expect(printed.output.steps.map((step) => [step.id, step.status, step.attempts])).toEqual([
      ['first', 'succeeded', 1],
      ['second', 'succeeded', 1],
    ]);
    const pipelineRun = parseJsonOutput(await runCli(['runs', 'show', printed.output.runId, '--json'], env))['run'] as { parentRunId: string; kind: string };
    expect(pipelineRun).toMatchObject({ kind: 'pipeline', parentRunId: printed.runId });
    expect(readFileSync(log, 'utf8')).toBe('first\nsecond\n');
  });

  it('pipeline-runner fails loudly with the step, cause and hint, and asks for missing inputs', async () => {
    const missing = await runCli(['run', 'pipeline-runner', 'run the counting pipeline', '--json'], env);
    expect(missing.exitCode).toBe(1);
    expect(parseJsonOutput(missing)).toMatchObject({ status: 'failed', error: { code: 'input_invalid', message: expect.stringContaining('input "log" is required') } });
    const unknown = await runCli(['run', 'pipeline-runner', 'run the nightly thing', '--json'], env);
    expect(parseJsonOutput(unknown)).toMatchObject({ error: { code: 'input_invalid', message: expect.stringContaining('names no pipeline; the pipelines are:') } });

    const failing = await runCli(['run', 'pipeline-runner', '--input', JSON.stringify({ pipeline: 'counting', inputs: { log, marker: join(home.path, 'marker') } }), '--json'], env);
    expect(failing.exitCode).toBe(1);
    const error = (parseJsonOutput(failing) as { error: { code: string; message: string; hint: string; details: { pipelineRunId: string } } }).error;
    expect(error.code).toBe('step_failed');
    expect(error.message).toMatch(/^Pipeline counting failed \(run run_\w+\): Step second failed: internal_error: Agent tally failed in its handler: the ledger is locked/);
    expect(error.hint).toContain(`nova runs resume ${error.details.pipelineRunId}`);
  });

  it('scheduler creates, lists and cancels schedules from requests in words', async () => {
    const created = await runCli(['run', 'scheduler', `schedule counting every weekday at 7:30 in Europe/London log=${log}`, '--json'], env);
    expect(created.exitCode).toBe(0);
    const schedule = (parseJsonOutput(created)['output'] as { schedule: { id: string; cron: string; timezone: string; label: string; inputs: Record<string, unknown> } }).schedule;
    expect(schedule).toMatchObject({ cron: '30 7 * * 1-5', timezone: 'Europe/London', label: 'weekdays at 07:30', inputs: { log } });
    await runCli(['run', 'scheduler', '--input', JSON.stringify({ action: 'create', pipeline: 'counting', cron: '0 17 * * 5', timezone: 'UTC', inputs: { log }, label: 'Friday count' }), '--json'], env);

    const listed = parseJsonOutput(await runCli(['run', 'scheduler', 'what pipelines are scheduled', '--json'], env))['output'] as { schedules: Array<{ id: string }>; message: string };
    expect(listed.schedules).toHaveLength(2);
    expect(listed.message).toMatch(/weekdays at 07:30 \(Europe\/London\), next (Mon|Tue|Wed|Thu|Fri) \d{4}-\d{2}-\d{2} 07:30/);

    const vague = await runCli(['run', 'scheduler', 'schedule counting every friday', '--json'], env);
    expect(parseJsonOutput(vague)).toMatchObject({ error: { code: 'input_invalid', message: expect.stringContaining('at what time?') } });

    const cancelled = await runCli(['run', 'scheduler', 'cancel the Friday count schedule', '--json'], env);
    expect(cancelled.exitCode).toBe(0);
    expect(parseJsonOutput(cancelled)['output']).toMatchObject({ action: 'cancel', schedule: { label: 'Friday count' } });
    const left = parseJsonOutput(await runCli(['schedules', 'list', '--json'], env))['schedules'] as Array<{ id: string }>;
    expect(left.map((entry) => entry.id)).toEqual([schedule.id]);
  });

  it('run-inspector explains a failed pipeline run: the step, its input, the error, what ran, and that resume helps', async () => {
    const marker = join(home.path, 'marker');
    const failed = parseJsonOutput(await runCli(['pipeline', 'run', 'counting', '--input', `log=${log}`, '--input', `marker=${marker}`, '--json'], env)) as { runId: string };
    const inspected = await runCli(['run', 'run-inspector', 'what went wrong with the last counting run', '--json'], env);
    expect(inspected.exitCode).toBe(0);
    const output = parseJsonOutput(inspected)['output'] as {
      run: { id: string };
      failedStep: { path: string; agentId: string; attempts: number; input: { name: string } };
      error: { code: string; message: string };
      ranBefore: Array<{ path: string; status: string }>;
      resume: { helps: string; command: string };
      summary: string;
    };
    expect(output.run.id).toBe(failed.runId);
    expect(output.failedStep).toMatchObject({ path: 'second', agentId: 'tally', attempts: 1, input: { name: 'second' } });
    expect(output.error).toMatchObject({ code: 'internal_error', message: expect.stringContaining('the ledger is locked') });
    expect(output.ranBefore).toEqual([{ path: 'first', status: 'succeeded', durationMs: expect.any(Number) }]);
    expect(output.resume).toMatchObject({ helps: 'yes', command: `nova runs resume ${failed.runId}` });
    expect(output.summary).toContain('Step second (agent tally) failed after 1 attempt(s)');

    const byId = parseJsonOutput(await runCli(['run', 'run-inspector', `why did run ${failed.runId.slice(4, -2)} fail`, '--json'], env))['output'] as { run: { id: string } };
    expect(byId.run.id).toBe(failed.runId);
    const noSuch = await runCli(['run', 'run-inspector', 'why did run 42 fail', '--json'], env);
    expect(parseJsonOutput(noSuch)).toMatchObject({ error: { code: 'run_not_found' } });
  });
});
