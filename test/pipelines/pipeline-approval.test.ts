import { afterEach, describe, expect, it } from 'vitest';
import { decideStep } from '../../src/pipelines/approvals.ts';
import { inspectRun } from '../../src/pipelines/run-inspection.ts';
import { startPipelineRun } from '../../src/pipelines/run-pipeline.ts';
import { codeAgent, pipelineHarness, testDialects, type Harness } from './pipeline-harness.ts';

const gated = `
id: gated
description: prepares, waits for a person, then publishes
inputs:
  amount: { type: integer }
steps:
  - id: prepare
    agent: note
    input: { name: prepare }
  - id: sign-off
    needs: [prepare]
    approve: "Publish \${{ inputs.amount }} invoices?"
  - id: publish
    needs: [sign-off]
    agent: note
    input: { name: publish, by: "\${{ steps.\`sign-off\`.output.by }}" }
`;

describe.each(testDialects())('approve steps (%s)', (dialect) => {
  let harness: Harness;
  let ran: string[];
  afterEach(async () => harness.close());

  async function setUp() {
    ran = [];
    harness = await pipelineHarness({ dialect, agents: [codeAgent('note', async (input) => (ran.push((input as { name: string }).name), { input }))] });
    harness.writePipeline('gated', gated);
  }

  async function waitingRun() {
    const result = await startPipelineRun({ pipeline: harness.pipelines().get('gated'), inputs: { amount: 12 }, runtime: harness.runtime(), _internal: harness.internals });
    expect(result.status).toBe('waiting');
    return result.runId;
  }

  it('pauses the run as waiting (with nobody executing it) until approved, then continues it', async () => {
    await setUp();
    const runId = await waitingRun();
    expect(ran).toEqual(['prepare']);
    const listed = await harness.store.runs.list({ status: 'waiting' });
    expect(listed.map((run) => run.id)).toEqual([runId]);
    expect(listed[0]!.owner).toBeNull();
    const waits = (await harness.store.journal.read(runId)).filter((event) => event.type === 'run-wait');
    expect(waits[0]!.payload).toMatchObject({ stepId: 'sign-off', reason: expect.stringContaining('Publish 12 invoices?') });

    const decision = await decideStep({ runtime: harness.runtime(), runId, stepId: 'sign-off', approved: true, by: 'ada', comment: 'looks right', _internal: harness.internals });
    expect(decision.continuation.by).toBe('this-process');
    const result = decision.continuation.by === 'this-process' ? decision.continuation.result : undefined;
    expect(result).toMatchObject({ status: 'succeeded', output: { publish: { input: { name: 'publish', by: 'ada' } } } });
    expect(ran).toEqual(['prepare', 'publish']);
    const types = (await harness.store.journal.read(runId)).map((event) => event.type);
    expect(types).toContain('step-approve');
    expect(types.filter((type) => type === 'run-resume')).toHaveLength(1);
    expect((await harness.store.runs.get(runId))?.status).toBe('succeeded');
  });

  it('fails the run when the step is rejected, and the steps after it do not run', async () => {
    await setUp();
    const runId = await waitingRun();
    const decision = await decideStep({ runtime: harness.runtime(), runId, stepId: 'sign-off', approved: false, by: 'grace', comment: 'numbers are off', _internal: harness.internals });
    const result = decision.continuation.by === 'this-process' ? decision.continuation.result : undefined;
    expect(result?.status).toBe('failed');
    expect(result?.error?.message).toBe('Step sign-off failed: step_failed: Step sign-off was rejected by grace: numbers are off');
    expect(result?.error?.details).toMatchObject({ notRun: ['publish'], cause: { code: 'step_failed', details: { rejected: true, by: 'grace', comment: 'numbers are off' } } });
    expect(ran).toEqual(['prepare']);
    // The run inspector reads the rejection from the details: resume asks for the approval again.
    const inspection = await inspectRun(harness.store, (await harness.store.runs.get(runId))!);
    expect(inspection.resume).toMatchObject({ helps: 'yes', reason: 'A person rejected an approval; resume asks for it again.' });
  });

  it('refuses decisions on steps that do not wait, saying where they stand', async () => {
    await setUp();
    const runId = await waitingRun();
    await expect(decideStep({ runtime: harness.runtime(), runId, stepId: 'prepare', approved: true })).rejects.toThrow('only approve steps wait for a decision');
    await expect(decideStep({ runtime: harness.runtime(), runId, stepId: 'sign-of', approved: true })).rejects.toThrow('has no step "sign-of"; closest: sign-off');
    await decideStep({ runtime: harness.runtime(), runId, stepId: 'sign-off', approved: true, by: 'ada', _internal: harness.internals });
    await expect(decideStep({ runtime: harness.runtime(), runId, stepId: 'sign-off', approved: false })).rejects.toThrow('has ended (succeeded)');
  });

  it('lets a process that keeps waiting pick up an approval journalled by another', async () => {
    await setUp();
    const running = startPipelineRun({ pipeline: harness.pipelines().get('gated'), inputs: { amount: 3 }, runtime: harness.runtime(), park: false, _internal: harness.internals });
    let runId: string | undefined;
    for (let tries = 0; runId === undefined && tries < 500; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      runId = (await harness.store.runs.list({ status: 'waiting' }))[0]?.id;
    }
    expect(runId).toBeDefined();
    const decision = await decideStep({ runtime: harness.runtime(), runId: runId!, stepId: 'sign-off', approved: true, by: 'ada' });
    expect(decision.continuation).toMatchObject({ by: 'owner', owner: { pid: process.pid } });
    expect((await running).status).toBe('succeeded');
    expect(ran).toEqual(['prepare', 'publish']);
  });

  it('ends cancelled when the process waiting for a decision is stopped (Ctrl-C)', async () => {
    await setUp();
    const controller = new AbortController();
    const running = startPipelineRun({ pipeline: harness.pipelines().get('gated'), inputs: { amount: 3 }, runtime: harness.runtime(), park: false, signal: controller.signal, _internal: harness.internals });
    for (let tries = 0; tries < 500 && (await harness.store.runs.list({ status: 'waiting' })).length === 0; tries += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort(new Error('interrupted by the user (SIGINT)'));
    const result = await running;
    expect(result).toMatchObject({ status: 'cancelled', error: { code: 'cancelled' } });
    expect(ran).toEqual(['prepare']);
  });

  it('waits for an approval inside a nested pipeline, and continues the parent when the child ends', async () => {
    await setUp();
    harness.writePipeline('outer', `
id: outer
description: runs the gated pipeline as a step
steps:
  - id: inner
    pipeline: gated
    input: { amount: 1 }
  - id: after
    needs: [inner]
    agent: note
    input: { name: after }
`);
    const parent = await startPipelineRun({ pipeline: harness.pipelines().get('outer'), inputs: {}, runtime: harness.runtime(), _internal: harness.internals });
    expect(parent.status).toBe('waiting');
    const child = (await harness.store.runs.list({ parentRunId: parent.runId }))[0]!;
    expect(child).toMatchObject({ status: 'waiting', target: 'gated' });
    await expect(decideStep({ runtime: harness.runtime(), runId: parent.runId, stepId: 'inner', approved: true })).rejects.toThrow(`the approve steps are in its run ${child.id}`);
    await decideStep({ runtime: harness.runtime(), runId: child.id, stepId: 'sign-off', approved: true, by: 'ada', _internal: harness.internals });
    expect((await harness.store.runs.get(child.id))?.status).toBe('succeeded');
    expect((await harness.store.runs.get(parent.runId))?.status).toBe('succeeded');
    expect(ran).toEqual(['prepare', 'publish', 'after']);
  });
});
