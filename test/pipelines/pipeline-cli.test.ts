import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createScheduleRepository } from '../../src/pipelines/schedules/schedule-repository.ts';
import { pipelineRuntime } from '../../src/pipelines/pipeline-runtime.ts';
import { startPipelineRun } from '../../src/pipelines/run-pipeline.ts';
import { openNova } from '../../src/app/nova.ts';
import { parseJsonOutput, runCli } from '../support/cli.ts';
import { temporaryDirectory } from '../support/temporary-directory.ts';
import { countingPipeline, crashingStore, deadPid, writeHome } from './pipeline-fixtures.ts';

const counting = countingPipeline('{ names: ["${{ steps.first.output.name }}", "${{ steps.second.output.name }}"] }');

const gated = `
id: gated
description: counts, asks a person, counts again
inputs:
  log: { type: string }
steps:
  - id: prepare
    agent: tally
    input: { name: prepare, log: "\${{ inputs.log }}" }
  - id: sign-off
    needs: [prepare]
    approve: Go ahead?
  - id: publish
    needs: [sign-off]
    agent: tally
    input: { name: publish, log: "\${{ inputs.log }}" }
`;

const broken = `
id: broken
description: names an agent that does not exist
steps:
  - id: ghost
    agent: nobody-here
`;

describe('nova pipeline, runs resume/approve/reject, schedules and serve', () => {
  let home: { path: string; remove: () => void };
  let env: Record<string, string>;
  let log: string;
  const executions = () => readFileSync(log, 'utf8').split('\n').filter(Boolean);

  beforeEach(() => {
    home = temporaryDirectory();
    env = { NOVA_HOME: home.path };
    log = join(home.path, 'executions.log');
    writeFileSync(log, '');
    writeHome(home.path, { counting, gated, broken });
  });
  afterEach(() => home.remove());

  it('lists pipelines, shipped and the user\'s, and the invalid ones with their problems', async () => {
    const listed = parseJsonOutput(await runCli(['pipeline', 'list', '--json'], env));
    const ids = (listed['pipelines'] as Array<{ id: string; origin: string }>).map((pipeline) => `${pipeline.id}:${pipeline.origin}`);
    expect(ids).toEqual(expect.arrayContaining(['counting:user', 'gated:user']));
    const invalid = listed['invalid'] as Array<{ id: string; issues: Array<{ line: number; column: number; message: string }> }>;
    expect(invalid).toEqual([expect.objectContaining({ id: 'broken', issues: [expect.objectContaining({ line: 6, column: 12, message: expect.stringContaining('unknown agent "nobody-here"') })] })]);
    const human = await runCli(['pipeline', 'list'], env);
    expect(human.stdout).toMatch(/counting\s+2\s+user/);
    expect(human.stderr).toContain('1 pipeline file(s) are invalid and not listed: broken');
  });

  it('shows the DAG as text, as Mermaid and as JSON', async () => {
    const text = await runCli(['pipeline', 'show', 'gated'], env);
    expect(text.stdout).toMatch(/1\s+prepare\s+agent tally/);
    expect(text.stdout).toMatch(/2\s+sign-off\s+approve\s+needs prepare/);
    expect(text.stdout).toMatch(/3\s+publish\s+agent tally\s+needs sign-off/);
    const mermaid = await runCli(['pipeline', 'show', 'gated', '--mermaid'], env);
    expect(mermaid.stdout).toBe(
      ['flowchart TD', '  s0_prepare["prepare<br/>agent tally"]', '  s1_sign_off{"sign-off<br/>approve"}', '  s2_publish["publish<br/>agent tally"]', '  s0_prepare --> s1_sign_off', '  s1_sign_off --> s2_publish', ''].join('\n'),
    );
    const json = parseJsonOutput(await runCli(['pipeline', 'show', 'gated', '--json'], env));
    expect(json['levels']).toEqual([['prepare'], ['sign-off'], ['publish']]);
  });

  it('validates a file with every problem at its line and column, exit 1; a good one exits 0', async () => {
    const file = join(home.path, 'draft.yaml');
    writeFileSync(file, 'id: draft\ndescription: a draft with two problems\nsteps:\n  - id: a\n    agent: tally\n    input: { name: "${{ inputs.nme }}", log: x }\n  - id: b\n    needs: [c]\n    sleep: 1s\n');
    const result = await runCli(['pipeline', 'validate', file], env);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe(
      [`${file}:6:25 error steps.0.input.name: unknown input "nme"; the inputs are: none`, `${file}:8:13 error steps.1.needs.0: needs unknown step "c" (did you mean "a"?)`, ''].join('\n'),
    );
    const json = parseJsonOutput(await runCli(['pipeline', 'validate', file, '--json'], env));
    expect(json).toMatchObject({ ok: false, errors: 2, checked: ['draft'] });
    const good = await runCli(['pipeline', 'validate', 'counting'], env);
    expect(good).toMatchObject({ exitCode: 0, stdout: 'counting: ok\n' });
    expect((await runCli(['pipeline', 'validate', 'broken'], env)).exitCode).toBe(1);
  });

  it('runs a pipeline and prints the run result as `nova run --json` does', async () => {
    const result = await runCli(['pipeline', 'run', 'counting', '--input', `log=${log}`, '--json'], env);
    expect(result.exitCode).toBe(0);
    const printed = parseJsonOutput(result);
    expect(Object.keys(printed).sort()).toEqual(['error', 'output', 'runId', 'status', 'usage', 'warnings']);
    expect(printed).toMatchObject({ status: 'succeeded', output: { names: ['first', 'second'] }, error: null, warnings: [] });
    expect(executions()).toEqual(['first', 'second']);
    const runs = parseJsonOutput(await runCli(['runs', 'list', '--json'], env))['runs'] as Array<{ id: string; kind: string; target: string; status: string; startedAt: string; endedAt: string }>;
    expect(runs[runs.length - 1]).toMatchObject({ id: printed['runId'], kind: 'pipeline', target: 'counting', status: 'succeeded', startedAt: expect.any(String), endedAt: expect.any(String) });

    const human = await runCli(['pipeline', 'run', 'counting', '--input', `log=${log}`], env);
    expect(human.stdout).toContain('"first"');
    expect(human.stderr).toMatch(/running counting · run_/);
    expect(human.stderr).toMatch(/first succeeded/);
  });

  it('refuses bad inputs and invalid pipelines before anything runs (exit 2)', async () => {
    const missing = await runCli(['pipeline', 'run', 'counting', '--json'], env);
    expect(missing.exitCode).toBe(2);
    expect(parseJsonOutput(missing)).toMatchObject({ runId: null, status: 'failed', error: { code: 'input_invalid', message: expect.stringContaining('input "log" is required') } });
    const invalid = await runCli(['pipeline', 'run', 'broken'], env);
    expect(invalid.exitCode).toBe(2);
    expect(invalid.stderr).toMatch(/error\[pipeline_invalid\]: Pipeline "broken" is invalid:\n.*broken.yaml:6:12 steps.0.agent: unknown agent "nobody-here"/);
    const unknown = await runCli(['pipeline', 'run', 'countin'], env);
    expect(unknown.stderr).toContain('error[pipeline_not_found]: No pipeline "countin"; closest: counting');
    expect(parseJsonOutput(await runCli(['runs', 'list', '--json'], env))['runs']).toEqual([]);
  });

  it('fails loudly (exit 1), and `nova runs resume` runs only the failed step again', async () => {
    const marker = join(home.path, 'failed-once');
    const failed = await runCli(['pipeline', 'run', 'counting', '--input', `log=${log}`, '--input', `marker=${marker}`, '--json'], env);
    expect(failed.exitCode).toBe(1);
    const printed = parseJsonOutput(failed) as { runId: string; error: { code: string; message: string; details: { step: string } } };
    expect(printed.error).toMatchObject({ code: 'step_failed', message: expect.stringContaining('Step second failed: internal_error: Agent tally failed in its handler: the ledger is locked'), details: { step: 'second' } });
    expect(executions()).toEqual(['first', 'second']);

    const resumed = await runCli(['runs', 'resume', printed.runId, '--json'], env);
    expect(resumed.exitCode).toBe(0);
    expect(parseJsonOutput(resumed)).toMatchObject({ runId: printed.runId, status: 'succeeded', output: { names: ['first', 'second'] } });
    expect(executions()).toEqual(['first', 'second', 'second']);
    const again = await runCli(['runs', 'resume', printed.runId], env);
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toContain('already succeeded');
  });

  it('waits at an approve step, lists the run as waiting, and continues on `nova runs approve`', async () => {
    const started = await runCli(['pipeline', 'run', 'gated', '--input', `log=${log}`, '--json'], env);
    expect(started.exitCode).toBe(0);
    const { runId } = parseJsonOutput(started) as { runId: string; status: string };
    expect(parseJsonOutput(started)['status']).toBe('waiting');
    const waiting = parseJsonOutput(await runCli(['runs', 'list', '--status', 'waiting', '--json'], env))['runs'] as Array<{ id: string }>;
    expect(waiting.map((run) => run.id)).toEqual([runId]);

    const wrong = await runCli(['runs', 'approve', runId, 'publish'], env);
    expect(wrong.exitCode).toBe(2);
    expect(wrong.stderr).toContain('Step publish of run');
    const approved = await runCli(['runs', 'approve', runId.slice(0, -3), 'sign-off', '--comment', 'fine', '--json'], env);
    expect(approved.exitCode).toBe(0);
    expect(parseJsonOutput(approved)).toMatchObject({ runId, status: 'succeeded' });
    expect(executions()).toEqual(['prepare', 'publish']);
  });

  it('fails the run on `nova runs reject`, and the steps after it do not run', async () => {
    const { runId } = parseJsonOutput(await runCli(['pipeline', 'run', 'gated', '--input', `log=${log}`, '--json'], env)) as { runId: string };
    const rejected = await runCli(['runs', 'reject', runId, 'sign-off', '--comment', 'not today'], env);
    expect(rejected.exitCode).toBe(1);
    expect(rejected.stderr).toMatch(/error\[step_failed\]: Step sign-off failed: step_failed: Step sign-off was rejected by .+: not today/);
    expect(executions()).toEqual(['prepare']);
  });

  it('adds, lists and cancels schedules, refusing ones that could only fail later', async () => {
    const added = await runCli(['schedules', 'add', 'counting', '--cron', '0 7 * * 1-5', '--timezone', 'Europe/London', '--input', `log=${log}`, '--label', 'morning count', '--json'], env);
    expect(added.exitCode).toBe(0);
    const schedule = parseJsonOutput(added)['schedule'] as { id: string; nextRunAt: string; inputs: Record<string, unknown> };
    expect(schedule).toMatchObject({ id: expect.stringMatching(/^sch_/), nextRunAt: expect.any(String), inputs: { log } });
    const listed = parseJsonOutput(await runCli(['schedules', 'list', '--json'], env))['schedules'] as Array<{ id: string; label: string }>;
    expect(listed).toEqual([expect.objectContaining({ id: schedule.id, label: 'morning count' })]);

    const badCron = await runCli(['schedules', 'add', 'counting', '--cron', '0 7 * *', '--input', `log=${log}`], env);
    expect(badCron.exitCode).toBe(2);
    expect(badCron.stderr).toContain('invalid cron pattern "0 7 * *"');
    const noInput = await runCli(['schedules', 'add', 'counting', '--cron', '0 7 * * *'], env);
    expect(noInput.stderr).toContain('input "log" is required');

    expect((await runCli(['schedules', 'cancel', schedule.id.slice(0, 12)], env)).exitCode).toBe(0);
    expect(parseJsonOutput(await runCli(['schedules', 'list', '--json'], env))['schedules']).toEqual([]);
  });

  it('serves once: resumes a run whose process died, and runs a schedule that is due', async () => {
    // A run whose process died after its first step: run here on a store that stops taking writes
    // (the crash), then owned by a process that no longer exists.
    const nova = await openNova({ env });
    let runId = '';
    try {
      const runtime = pipelineRuntime(nova);
      const crashing = crashingStore(nova.store, 5);
      await expect(startPipelineRun({ pipeline: runtime.pipelines.get('counting'), inputs: { log }, runtime: { ...runtime, store: crashing.store } })).rejects.toThrow(/simulated crash/);
      await crashing.settled();
      runId = (await nova.store.runs.list({ kind: 'pipeline' }))[0]!.id;
      await nova.store.db.updateTable('runs').set({ owner_pid: deadPid() }).where('id', '=', runId).execute();
      expect((await nova.store.runs.get(runId))?.status).toBe('interrupted');
      expect(executions()).toEqual(['first']);
      // A schedule every minute, last fired ten minutes ago, that runs the latest missed time.
      await createScheduleRepository(nova.store).create({ pipelineId: 'counting', cron: '* * * * *', timezone: 'UTC', catchUp: 'last', inputs: { log } }, new Date(Date.now() - 10 * 60_000));
    } finally {
      await nova.close();
    }

    const served = await runCli(['serve', '--once', '--json'], env);
    expect(served.exitCode).toBe(0);
    const events = served.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; runIds?: string[]; status?: string; runId?: string; scheduleId?: string | null });
    expect(events[0]).toEqual({ type: 'resume', runIds: [runId] });
    expect(events.filter((event) => event.type === 'run-end').map((event) => [event.scheduleId === null ? 'resumed' : 'scheduled', event.status])).toEqual(
      expect.arrayContaining([
        ['resumed', 'succeeded'],
        ['scheduled', 'succeeded'],
      ]),
    );
    expect(events.find((event) => event.type === 'schedule-skip')).toBeDefined();
    // The resumed run ran only its second step; the scheduled run ran both.
    expect(executions().sort()).toEqual(['first', 'first', 'second', 'second']);
    const resumedEvents = parseJsonOutput(await runCli(['runs', 'show', runId, '--json'], env))['events'] as Array<{ type: string; payload: { path?: string } }>;
    expect(resumedEvents.filter((event) => event.type === 'step-start').map((event) => event.payload.path)).toEqual(['first', 'second']);
    const schedules = parseJsonOutput(await runCli(['schedules', 'list', '--json'], env))['schedules'] as Array<{ lastRunStatus: string }>;
    expect(schedules[0]?.lastRunStatus).toBe('succeeded');
  });
});
