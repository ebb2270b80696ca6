import { afterEach, describe, expect, it } from 'vitest';
import { NovaError } from '../../src/core/errors.ts';
import type { PipelineStepEnd } from '../../src/core/events.ts';
import { resumePipelineRun, startPipelineRun } from '../../src/pipelines/run-pipeline.ts';
import { runAgent } from '../../src/runtime/run-agent.ts';
import { crashingStore } from './pipeline-fixtures.ts';
import { codeAgent, pipelineHarness, testDialects, type Harness } from './pipeline-harness.ts';

const pipelineFile = `
id: durable
description: every kind of step between two crashes
steps:
  - id: a
    agent: count
    input: { name: a }
  - id: b
    agent: count
    input: { name: b }
  - id: pause
    needs: [a]
    sleep: 1s
  - id: each
    needs: [a]
    foreach: "\${{ ['x', 'y', 'z'] }}"
    concurrency: 2
    agent: count
    input: { name: "each-\${{ item }}" }
  - id: join
    needs: [b, pause, each]
    agent: count
    input: { name: join, seen: "\${{ steps.each.output.name }}" }
  - id: nested
    needs: [join]
    pipeline: inner
    input: { name: inner }
outputs:
  each: "\${{ steps.each.output.name }}"
  join: "\${{ steps.join.output.name }}"
  nested: "\${{ steps.nested.output }}"
`;

const innerFile = `
id: inner
description: one counted step, run as a nested pipeline
inputs:
  name: { type: string }
steps:
  - id: only
    agent: count
    input: { name: "\${{ inputs.name }}" }
outputs: "\${{ steps.only.output.name }}"
`;

describe.each(testDialects())('resume (%s)', (dialect) => {
  let harness: Harness;
  let executions: string[];
  afterEach(async () => harness.close());

  async function setUp() {
    executions = [];
    harness = await pipelineHarness({ dialect, agents: [codeAgent('count', async (input) => (executions.push((input as { name: string }).name), { name: (input as { name: string }).name }))] });
    harness.writePipeline('durable', pipelineFile);
    harness.writePipeline('inner', innerFile);
  }

  it('completes a run after a crash at every journal write, running no finished step twice', async () => {
    await setUp();
    const baseline = crashingStore(harness.store, Number.MAX_SAFE_INTEGER);
    const expected = await startPipelineRun({ pipeline: harness.pipelines().get('durable'), inputs: {}, runtime: { ...harness.runtime(), store: baseline.store }, _internal: harness.internals });
    expect(expected.status).toBe('succeeded');
    expect(expected.output).toEqual({ each: ['each-x', 'each-y', 'each-z'], join: 'join', nested: 'inner' });
    const names = [...executions].sort();
    const boundaries = baseline.writes();
    expect(boundaries).toBeGreaterThan(20);

    let resumedRuns = 0;
    let finishedUnder = 0;
    let supersededRuns = 0;
    for (let limit = 0; limit < boundaries; limit += 1) {
      executions = [];
      const crashing = crashingStore(harness.store, limit);
      const before = new Set((await harness.store.runs.list({ kind: 'pipeline', limit: 10_000 })).map((run) => run.id));
      const attempt = await startPipelineRun({ pipeline: harness.pipelines().get('durable'), inputs: {}, runtime: { ...harness.runtime(), store: crashing.store }, _internal: harness.internals }).then(
        (result) => ({ result }),
        (error: unknown) => ({ error }),
      );
      await crashing.settled();
      if ('result' in attempt) {
        // Steps at once share commits (group commit), so a run may need fewer writes than the first one did.
        expect(attempt.result.status, `crash after ${limit} writes`).toBe('succeeded');
        expect([...executions].sort()).toEqual(names);
        finishedUnder += 1;
        continue;
      }
      expect(String(attempt.error)).toMatch(/simulated crash/);
      const created = (await harness.store.runs.list({ kind: 'pipeline', limit: 10_000 })).filter((run) => !before.has(run.id) && run.parentRunId === null);
      if (created.length === 0) {
        // The crash came before the run's first write: nothing ran, nothing to resume.
        expect(executions, `crash after ${limit} writes`).toEqual([]);
        continue;
      }
      const runId = created[0]!.id;
      const finishedBefore = (await harness.store.journal.read(runId))
        .flatMap((event) => (event.type === 'step-end' && 'stepId' in event.payload ? [event.payload as PipelineStepEnd] : []))
        .filter((end) => end.status === 'succeeded' && end.index !== undefined || (end.status === 'succeeded' && end.stepId !== 'each'))
        .map((end) => (typeof end.output === 'string' ? end.output : (end.output as { name?: string } | null)?.name))
        .filter((name): name is string => typeof name === 'string');
      const executedBefore = [...executions];

      const resumed = await resumePipelineRun({ runId, runtime: harness.runtime(), _internal: harness.internals });
      resumedRuns += 1;
      expect(resumed, `crash after ${limit} writes`).toMatchObject({ status: 'succeeded', output: expected.output, error: null });
      // Everything ran; what had finished before the crash ran exactly once in all.
      expect([...new Set(executions)].sort(), `crash after ${limit} writes`).toEqual(names);
      for (const name of finishedBefore) expect(executions.filter((entry) => entry === name), `${name}, crash after ${limit} writes`).toHaveLength(1);
      // What had not started before the crash ran only after it.
      for (const name of names) {
        if (!executedBefore.includes(name)) expect(executions.filter((entry) => entry === name), `${name}, crash after ${limit} writes`).toHaveLength(1);
      }
      const events = await harness.store.journal.read(runId);
      expect(events.filter((event) => event.type === 'run-resume')).toHaveLength(1);
      expect((await harness.store.runs.get(runId))?.status).toBe('succeeded');
      // No run is left unfinished: a child run the crash cut off is superseded by the one that did its work.
      const runs = await harness.store.runs.list({ limit: 10_000 });
      expect(runs.filter((run) => run.endedAt === null).map((run) => run.id), `crash after ${limit} writes`).toEqual([]);
      for (const run of runs.filter((entry) => entry.status === 'superseded')) {
        expect(runs.find((entry) => entry.id === run.supersededBy), `successor of ${run.id}, crash after ${limit} writes`).toMatchObject({ status: 'succeeded', parentRunId: run.parentRunId });
      }
      supersededRuns += runs.filter((run) => run.status === 'superseded').length;
    }
    // Only a crash before the very first write leaves no run to resume.
    expect(resumedRuns + finishedUnder).toBe(boundaries - 1);
    expect(resumedRuns).toBeGreaterThan(boundaries / 2);
    expect(supersededRuns).toBeGreaterThan(0);
  });

  it('supersedes a cut-off child by the very run it named, when a second crash came before that run started', async () => {
    await setUp();
    harness.writePipeline('single', `
id: single
description: one counted step
steps:
  - id: only
    agent: count
    input: { name: only }
`);
    // Writes: the run's start, the step's start, the child run's start; then the process "dies".
    const first = crashingStore(harness.store, 3);
    await expect(startPipelineRun({ pipeline: harness.pipelines().get('single'), inputs: {}, runtime: { ...harness.runtime(), store: first.store }, _internal: harness.internals })).rejects.toThrow(/simulated crash/);
    await first.settled();
    const [pipelineRun] = await harness.store.runs.list({ kind: 'pipeline' });
    const [cutOff] = await harness.store.runs.list({ parentRunId: pipelineRun!.id });
    expect(cutOff).toMatchObject({ endedAt: null, supersededBy: null });

    // The resume writes its run-resume and the supersede, and dies before the step's new start.
    const second = crashingStore(harness.store, 2);
    await expect(resumePipelineRun({ runId: pipelineRun!.id, runtime: { ...harness.runtime(), store: second.store }, _internal: harness.internals })).rejects.toThrow(/simulated crash/);
    await second.settled();
    const named = (await harness.store.runs.get(cutOff!.id))!;
    expect(named).toMatchObject({ status: 'superseded' });
    expect(await harness.store.runs.get(named.supersededBy!)).toBeUndefined();

    const resumed = await resumePipelineRun({ runId: pipelineRun!.id, runtime: harness.runtime(), _internal: harness.internals });
    expect(resumed.status).toBe('succeeded');
    expect(await harness.store.runs.get(named.supersededBy!)).toMatchObject({ status: 'succeeded', parentRunId: pipelineRun!.id });
    const starts = (await harness.store.journal.read(pipelineRun!.id)).flatMap((event) => (event.type === 'step-start' && 'stepId' in event.payload ? [event.payload] : []));
    expect(starts.map((start) => [start.childRunId, start.supersedes])).toEqual([
      [cutOff!.id, undefined],
      [named.supersededBy, cutOff!.id],
    ]);
    const childEvents = await harness.store.journal.read(cutOff!.id);
    expect(childEvents.filter((event) => event.type === 'run-supersede')).toHaveLength(1);
  });

  it('resumes a failed run: finished steps are reused, the failed one runs again, the run succeeds', async () => {
    executions = [];
    let failures = 1;
    harness = await pipelineHarness({
      dialect,
      agents: [
        codeAgent('count', async (input) => (executions.push((input as { name: string }).name), { name: (input as { name: string }).name })),
        codeAgent('fragile', async () => {
          executions.push('fragile');
          if (failures > 0) {
            failures -= 1;
            throw new NovaError({ code: 'tool_error', fault: 'tool', message: 'the ledger is locked', hint: 'Wait for the month to close.' });
          }
          return { ok: true };
        }),
      ],
    });
    harness.writePipeline('closing', `
id: closing
description: a step fails once; resume finishes the run
steps:
  - id: first
    agent: count
    input: { name: first }
  - id: post
    needs: [first]
    agent: fragile
  - id: last
    needs: [post]
    agent: count
    input: { name: last }
`);
    const failed = await startPipelineRun({ pipeline: harness.pipelines().get('closing'), inputs: {}, runtime: harness.runtime(), _internal: harness.internals });
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'step_failed', message: 'Step post failed: tool_error: the ledger is locked' } });
    // An ended run has no owner: resuming it from any process is not mistaken for a second executor.
    expect(await harness.store.runs.get(failed.runId)).toMatchObject({ status: 'failed', owner: null });

    // The file changes meanwhile: the run goes on with the pipeline it started with, and says so.
    harness.writePipeline('closing', harness.pipelines().get('closing').source.replace('a step fails once', 'a step fails once (edited)'));
    const resumed = await resumePipelineRun({ runId: failed.runId.slice(0, -2), runtime: harness.runtime(), _internal: harness.internals });
    expect(resumed).toMatchObject({ runId: failed.runId, status: 'succeeded', error: null });
    expect(resumed.warnings.map((warning) => warning.code)).toEqual(['pipeline_changed']);
    expect(executions).toEqual(['first', 'fragile', 'fragile', 'last']);
    const events = await harness.store.journal.read(failed.runId);
    const posts = events.filter((event) => event.type === 'step-start' && (event.payload as { path?: string }).path === 'post');
    expect(posts.map((event) => (event.payload as { attempt: number }).attempt)).toEqual([1, 2]);
    expect(events.map((event) => event.type)).toContain('run-resume');
    expect((await harness.store.runs.get(failed.runId))).toMatchObject({ status: 'succeeded', error: null });

    await expect(resumePipelineRun({ runId: failed.runId, runtime: harness.runtime() })).rejects.toThrow('already succeeded');
  });

  it('refuses to resume what is not a pipeline run, or a run another process executes', async () => {
    await setUp();
    const agentRun = await runAgent({ agent: harness.runtime().agents.get('count'), input: { name: 'solo' }, store: harness.store });
    await expect(resumePipelineRun({ runId: agentRun.runId, runtime: harness.runtime() })).rejects.toThrow('only pipeline runs can be resumed');

    harness.writePipeline('gate', `
id: gate
description: waits for a person while another process keeps it
steps:
  - id: ask
    approve: continue?
`);
    const running = startPipelineRun({ pipeline: harness.pipelines().get('gate'), inputs: {}, runtime: harness.runtime(), park: false, _internal: harness.internals });
    let runId: string | undefined;
    for (let tries = 0; runId === undefined && tries < 500; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      runId = (await harness.store.runs.list({ status: 'waiting' }))[0]?.id;
    }
    await expect(resumePipelineRun({ runId: runId!, runtime: harness.runtime() })).rejects.toThrow(`is being executed by process ${process.pid}`);
    await harness.store.journal.append(runId!, { type: 'step-approve', payload: { stepId: 'ask', by: 'test' } });
    expect((await running).status).toBe('succeeded');
  });
});
