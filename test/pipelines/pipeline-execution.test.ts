import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { NovaError } from '../../src/core/errors.ts';
import type { PipelineStepEnd, PipelineStepStart, RunEvent } from '../../src/core/events.ts';
import { schemaFromZod } from '../../src/core/schema.ts';
import type { ToolDefinition } from '../../src/core/tool-spec.ts';
import { Semaphore } from '../../src/pipelines/execution/concurrency.ts';
import { resumePipelineRun, startPipelineRun } from '../../src/pipelines/run-pipeline.ts';
import { codeAgent, pipelineHarness, testDialects, type Harness } from './pipeline-harness.ts';

const stepStarts = (events: RunEvent[]) => events.flatMap((event) => (event.type === 'step-start' && 'stepId' in event.payload ? [event.payload as PipelineStepStart] : []));
const stepEnds = (events: RunEvent[]) => events.flatMap((event) => (event.type === 'step-end' && 'stepId' in event.payload ? [event.payload as PipelineStepEnd] : []));

/** Resolves once `count` callers have arrived: two steps that wait for each other finish only if they run at once. */
function rendezvous(count: number) {
  let arrived = 0;
  let open: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (open = resolve));
  return async () => {
    arrived += 1;
    if (arrived >= count) open();
    await Promise.race([gate, new Promise((_, reject) => setTimeout(() => reject(new Error('the other step never started: steps ran one after the other')), 5000))]);
  };
}

describe.each(testDialects())('pipeline execution (%s)', (dialect) => {
  let harness: Harness;
  afterEach(async () => harness.close());

  async function run(id: string, inputs: Record<string, unknown> = {}, extra: Parameters<Harness['runtime']>[0] = {}) {
    const result = await startPipelineRun({ pipeline: harness.pipelines().get(id), inputs, runtime: harness.runtime(extra), _internal: harness.internals });
    return { result, events: await harness.store.journal.read(result.runId) };
  }

  it('runs independent steps at once and a step only after everything it needs', async () => {
    const meet = rendezvous(2);
    const order: string[] = [];
    harness = await pipelineHarness({
      dialect,
      agents: [
        codeAgent('meet', async (input) => {
          order.push(`start ${(input as { name: string }).name}`);
          await meet();
          order.push(`end ${(input as { name: string }).name}`);
          return { name: (input as { name: string }).name };
        }),
        codeAgent('join', async (input) => ({ joined: input })),
      ],
    });
    harness.writePipeline('dag', `
id: dag
description: two branches that meet, then a join
steps:
  - id: left
    agent: meet
    input: { name: left }
  - id: right
    agent: meet
    input: { name: right }
  - id: join
    needs: [left, right]
    agent: join
    input: { parts: ["\${{ steps.left.output.name }}", "\${{ steps.right.output.name }}"] }
`);
    const { result, events } = await run('dag');
    expect(result).toMatchObject({ status: 'succeeded', output: { join: { joined: { parts: ['left', 'right'] } } } });
    expect(order.slice(0, 2).sort()).toEqual(['start left', 'start right']);
    const seqOf = (type: string, path: string) => events.find((event) => event.type === type && (event.payload as { path?: string }).path === path)!.seq;
    expect(seqOf('step-start', 'join')).toBeGreaterThan(seqOf('step-end', 'left'));
    expect(seqOf('step-start', 'join')).toBeGreaterThan(seqOf('step-end', 'right'));
    // Each agent step is a child run of the pipeline run.
    const children = await harness.store.runs.list({ parentRunId: result.runId });
    expect(children.map((child) => child.agentId).sort()).toEqual(['join', 'meet', 'meet']);
    expect(children.every((child) => child.kind === 'agent' && child.status === 'succeeded')).toBe(true);
    const pipelineRun = await harness.store.runs.get(result.runId);
    expect(pipelineRun).toMatchObject({ kind: 'pipeline', target: 'dag', agentId: null, status: 'succeeded' });
  });

  it('keeps to the run, foreach and process limits on steps at once', async () => {
    // Each item waits inside its handler until as many items are inside as the limit allows (or as
    // are left): the limit is reached whatever the speed of the store, and never passed.
    let current = 0;
    let highest = 0;
    let finished = 0;
    let limit = 3;
    harness = await pipelineHarness({
      dialect,
      agents: [
        codeAgent('busy', async (input) => {
          current += 1;
          highest = Math.max(highest, current);
          for (const deadline = Date.now() + 5000; current < Math.min(limit, 10 - finished); ) {
            if (Date.now() > deadline) throw new Error(`only ${current} items ran at once`);
            await new Promise((resolve) => setTimeout(resolve, 1));
          }
          current -= 1;
          finished += 1;
          return { item: (input as { item: number }).item };
        }),
      ],
    });
    harness.writePipeline('fan', `
id: fan
description: ten items, three at a time
concurrency: 8
steps:
  - id: each
    foreach: "\${{ [1,2,3,4,5,6,7,8,9,10] }}"
    concurrency: 3
    agent: busy
    input: { item: "\${{ item }}" }
`);
    const { result, events } = await run('fan');
    expect(result.status).toBe('succeeded');
    expect((result.output as { each: Array<{ item: number }> }).each.map((entry) => entry.item)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(highest).toBe(3);
    expect(stepStarts(events).filter((start) => start.index !== undefined).map((start) => start.path)).toHaveLength(10);
    expect(stepStarts(events).find((start) => start.path === 'each')).toMatchObject({ items: 10 });

    highest = 0;
    finished = 0;
    limit = 2;
    harness.internals.globalSlots = new Semaphore(2);
    harness.writePipeline('fan', `
id: fan
description: ten items, limited by the process
concurrency: 8
steps:
  - id: each
    foreach: "\${{ [1,2,3,4,5,6,7,8,9,10] }}"
    agent: busy
    input: { item: "\${{ item }}" }
`);
    expect((await run('fan')).result.status).toBe('succeeded');
    expect(highest).toBe(2);
  });

  it('skips a step whose when is false, and what needs it unless that has a when of its own', async () => {
    const ran: string[] = [];
    harness = await pipelineHarness({ dialect, agents: [codeAgent('note', async (input) => (ran.push((input as { name: string }).name), { name: (input as { name: string }).name }))] });
    harness.writePipeline('conditional', `
id: conditional
description: when decides what runs
inputs:
  count: { type: integer }
steps:
  - id: gate
    when: "\${{ inputs.count > 5 }}"
    agent: note
    input: { name: gate }
  - id: after
    needs: [gate]
    agent: note
    input: { name: after }
  - id: fallback
    needs: [gate]
    when: "\${{ steps.gate.status = 'skipped' }}"
    agent: note
    input: { name: fallback }
`);
    const { result, events } = await run('conditional', { count: 2 });
    expect(result.status).toBe('succeeded');
    expect(ran).toEqual(['fallback']);
    expect(stepEnds(events).filter((end) => end.status === 'skipped').map((end) => [end.path, end.reason])).toEqual([
      ['gate', 'its when is false'],
      ['after', 'it needs gate, which was skipped'],
    ]);

    ran.length = 0;
    expect((await run('conditional', { count: 9 })).result.status).toBe('succeeded');
    expect(ran.sort()).toEqual(['after', 'gate']);
  });

  it('fails a step whose when gives no true or false, loudly', async () => {
    harness = await pipelineHarness({ dialect, agents: [codeAgent('note', async () => ({}))] });
    harness.writePipeline('vague', `
id: vague
description: a condition that reads a missing field
steps:
  - id: first
    agent: note
  - id: second
    needs: [first]
    when: "\${{ steps.first.output.missing }}"
    agent: note
`);
    const { result } = await run('vague');
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ code: 'step_failed', message: expect.stringContaining('Step second failed') });
    expect(result.error?.message).toContain('not true or false');
  });

  it('retries a failing step with exponential backoff, each attempt in the journal', async () => {
    let calls = 0;
    harness = await pipelineHarness({
      dialect,
      agents: [
        codeAgent('flaky', async () => {
          calls += 1;
          if (calls < 3) throw new NovaError({ code: 'tool_error', fault: 'tool', retryable: true, message: `upstream busy (call ${calls})`, hint: 'try later' });
          return { calls };
        }),
      ],
    });
    harness.writePipeline('retrying', `
id: retrying
description: a flaky step with retries
steps:
  - id: fetch
    agent: flaky
    retry: { attempts: 3, backoff: exponential, initial: 1s }
`);
    const { result, events } = await run('retrying');
    expect(result).toMatchObject({ status: 'succeeded', output: { fetch: { calls: 3 } } });
    expect(harness.internals.sleeps).toEqual([1000, 2000]);
    expect(stepStarts(events).map((start) => [start.path, start.attempt, start.idempotencyKey])).toEqual([
      ['fetch', 1, `${result.runId}/fetch/1`],
      ['fetch', 2, `${result.runId}/fetch/2`],
      ['fetch', 3, `${result.runId}/fetch/3`],
    ]);
    expect(stepEnds(events).map((end) => [end.attempt, end.status, end.retryInMs, end.error?.code])).toEqual([
      [1, 'failed', 1000, 'tool_error'],
      [2, 'failed', 2000, 'tool_error'],
      [3, 'succeeded', undefined, undefined],
    ]);
  });

  it('fails after the last attempt, and does not retry what cannot change', async () => {
    let calls = 0;
    harness = await pipelineHarness({
      dialect,
      agents: [
        codeAgent('broken', async () => {
          calls += 1;
          throw new NovaError({ code: 'tool_error', fault: 'tool', message: 'always down', hint: 'call the vendor' });
        }),
        codeAgent('strict', async () => ({}), { input: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] } }),
      ],
    });
    harness.writePipeline('exhausted', `
id: exhausted
description: retries run out; bad input is not retried
inputs:
  n: { type: string }
steps:
  - id: down
    agent: broken
    retry: { attempts: 2, backoff: fixed, initial: 3s }
  - id: typed
    agent: strict
    retry: { attempts: 5 }
    input: { n: "\${{ inputs.n }}" }
`);
    const { result, events } = await run('exhausted', { n: 'seven' });
    expect(result.status).toBe('failed');
    expect(calls).toBe(2);
    expect(harness.internals.sleeps).toEqual([3000]);
    // Both steps failed: each has its error event; the run's error is the first.
    const errors = events.flatMap((event) => (event.type === 'error' ? [event.payload.error] : []));
    expect(errors.map((error) => error.message).sort()).toEqual(['Step down failed: tool_error: always down', expect.stringMatching(/^Step typed failed: input_invalid: Input for strict is invalid/)]);
    expect(errors.find((error) => error.message.startsWith('Step down'))).toMatchObject({ code: 'step_failed', fault: 'tool', hint: expect.stringContaining('call the vendor') });
    expect(result.error).toEqual(errors[0]);
    const typed = stepEnds(events).filter((end) => end.path === 'typed');
    expect(typed).toHaveLength(1);
    expect(typed[0]!.error?.code).toBe('input_invalid');
  });

  it('times out a step that takes too long', async () => {
    harness = await pipelineHarness({
      dialect,
      agents: [codeAgent('hang', (_input, context) => new Promise((_, reject) => context.signal.addEventListener('abort', () => reject(context.signal.reason))))],
    });
    harness.writePipeline('slow', `
id: slow
description: a step that never answers
steps:
  - id: wait-forever
    agent: hang
    timeout: 50ms
    retry: { attempts: 2, initial: 1s }
`);
    const { result, events } = await run('slow');
    expect(result.status).toBe('failed');
    expect(result.error?.message).toBe('Step wait-forever failed: limit_exceeded: Step wait-forever timed out after 50ms');
    expect(stepEnds(events).map((end) => [end.attempt, end.error?.code])).toEqual([
      [1, 'limit_exceeded'],
      [2, 'limit_exceeded'],
    ]);
    const children = await harness.store.runs.list({ parentRunId: result.runId });
    expect(children.map((child) => child.status)).toEqual(['cancelled', 'cancelled']);
  });

  it('stops what needs a failed step, finishes independent branches, and names the foreach item', async () => {
    const ran: string[] = [];
    harness = await pipelineHarness({
      dialect,
      agents: [
        codeAgent('check', async (input) => {
          const { value } = input as { value: number };
          if (value === 4) throw new NovaError({ code: 'tool_error', fault: 'tool', message: `value ${value} is out of range`, hint: 'Fix the data.' });
          ran.push(`check ${value}`);
          return { value };
        }),
        codeAgent('note', async (input) => (ran.push((input as { name: string }).name), {})),
      ],
    });
    harness.writePipeline('partial', `
id: partial
description: one bad item among many
steps:
  - id: per-value
    foreach: "\${{ [1,2,3,4,5] }}"
    concurrency: 2
    agent: check
    input: { value: "\${{ item }}" }
  - id: summary
    needs: [per-value]
    agent: note
    input: { name: summary }
  - id: elsewhere
    agent: note
    input: { name: elsewhere }
`);
    const { result, events } = await run('partial');
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ code: 'step_failed', hint: expect.stringContaining('Fix the data.') });
    expect(result.error?.message).toBe('Step per-value[3] failed: tool_error: value 4 is out of range');
    expect(result.error?.details).toMatchObject({ step: 'per-value[3]', notRun: ['summary'] });
    expect(ran).toContain('elsewhere');
    expect(ran).not.toContain('summary');
    expect(ran.filter((entry) => entry.startsWith('check')).sort()).toEqual(['check 1', 'check 2', 'check 3', 'check 5']);
    expect(stepStarts(events).some((start) => start.path === 'summary')).toBe(false);
  });

  it('turns a failure into a warning with continueOnError, and goes on', async () => {
    harness = await pipelineHarness({
      dialect,
      agents: [
        codeAgent('fail', async () => {
          throw new NovaError({ code: 'tool_error', fault: 'tool', message: 'no data today', hint: 'none' });
        }),
        codeAgent('after', async (input) => ({ saw: input })),
      ],
    });
    harness.writePipeline('tolerant', `
id: tolerant
description: an optional step that may fail
steps:
  - id: optional
    agent: fail
    continueOnError: true
  - id: after
    needs: [optional]
    agent: after
    input: { status: "\${{ steps.optional.status }}", code: "\${{ steps.optional.error.code }}" }
`);
    const { result } = await run('tolerant');
    expect(result).toMatchObject({ status: 'succeeded', output: { after: { saw: { status: 'failed', code: 'tool_error' } } } });
    expect(result.warnings).toEqual([expect.objectContaining({ code: 'tool_error', message: expect.stringContaining('Step optional failed and the pipeline goes on (continueOnError)') })]);
  });

  it('runs a nested pipeline as a child run and uses its outputs', async () => {
    harness = await pipelineHarness({ dialect, agents: [codeAgent('double', async (input) => ({ value: (input as { value: number }).value * 2 }))] });
    harness.writePipeline('inner', `
id: inner
description: doubles a number
inputs:
  value: { type: number }
steps:
  - id: twice
    agent: double
    input: { value: "\${{ inputs.value }}" }
outputs: "\${{ steps.twice.output.value }}"
`);
    harness.writePipeline('outer', `
id: outer
description: runs inner twice over
steps:
  - id: first
    pipeline: inner
    input: { value: 5 }
  - id: second
    needs: [first]
    pipeline: inner
    input: { value: "\${{ steps.first.output }}" }
outputs: { result: "\${{ steps.second.output }}" }
`);
    const { result, events } = await run('outer');
    expect(result).toMatchObject({ status: 'succeeded', output: { result: 20 } });
    const children = await harness.store.runs.list({ parentRunId: result.runId });
    expect(children.map((child) => [child.kind, child.target, child.status])).toEqual([
      ['pipeline', 'inner', 'succeeded'],
      ['pipeline', 'inner', 'succeeded'],
    ]);
    expect(stepStarts(events).map((start) => start.childRunId).sort()).toEqual(children.map((child) => child.id).sort());
  });

  it('runs tool steps with the idempotency key, and evaluates env, text and whole-value expressions', async () => {
    const keys: string[] = [];
    const stamp: ToolDefinition<{ text: string }> = {
      name: 'stamp',
      description: 'Stamps a text.',
      input: schemaFromZod(z.object({ text: z.string() })),
      execute: async (input, context) => {
        keys.push(context.idempotencyKey);
        return { stamped: `[${input.text}]` };
      },
    };
    harness = await pipelineHarness({ dialect, agents: [], tools: [stamp as ToolDefinition] });
    harness.writePipeline('tooling', `
id: tooling
description: a tool step with an env variable
env: [GREETING]
inputs:
  who: { type: string }
steps:
  - id: stamp
    tool: stamp
    input: { text: "\${{ env.GREETING }}, \${{ inputs.who }}! \${{ [1, 2] }}" }
outputs: "\${{ steps.stamp.output }}"
`);
    const { result } = await run('tooling', { who: 'Ada' }, { env: { GREETING: 'Hello', SECRET: 'not visible' } });
    expect(result).toMatchObject({ status: 'succeeded', output: { stamped: '[Hello, Ada! [1,2]]' } });
    expect(keys).toEqual([`${result.runId}/stamp/1`]);
  });

  it('fails loudly when an expression inside text has no value', async () => {
    harness = await pipelineHarness({ dialect, agents: [codeAgent('note', async () => ({}))] });
    harness.writePipeline('holes', `
id: holes
description: reads an optional input that is not there
inputs:
  month: { type: string, required: false }
steps:
  - id: title
    agent: note
    input: { text: "Report for \${{ inputs.month }}" }
`);
    const { result } = await run('holes');
    expect(result.status).toBe('failed');
    expect(result.error?.message).toMatch(/Step title failed: step_failed: Expression `inputs.month` \(.*holes.yaml:9:36\) has no value, inside text/);
  });

  it('refuses inputs that do not fit before any run exists', async () => {
    harness = await pipelineHarness({ dialect, agents: [codeAgent('note', async () => ({}))] });
    harness.writePipeline('typed', `
id: typed
description: takes a number
inputs:
  count: { type: integer }
steps:
  - id: one
    agent: note
`);
    await expect(startPipelineRun({ pipeline: harness.pipelines().get('typed'), inputs: { count: 'x', extra: 1 }, runtime: harness.runtime() })).rejects.toMatchObject({
      code: 'input_invalid',
      message: expect.stringContaining('unknown input "extra"'),
    });
    expect(await harness.store.runs.list()).toEqual([]);
  });
});

describe('cancelling a pipeline run', () => {
  it('ends the run cancelled on abort (Ctrl-C), and resume continues it', async () => {
    let delayMs = 10_000;
    const harness = await pipelineHarness({
      agents: [
        codeAgent('slow', (_input, context) => new Promise((resolve, reject) => {
          const timer = setTimeout(() => resolve({ done: true }), delayMs);
          context.signal.addEventListener('abort', () => {
            clearTimeout(timer);
            reject(context.signal.reason);
          });
        })),
        codeAgent('quick', async () => ({ done: true })),
      ],
    });
    try {
      harness.writePipeline('cancellable', 'id: cancellable\ndescription: a slow step that is cancelled\nsteps:\n  - id: slow\n    agent: slow\n  - id: after\n    needs: [slow]\n    agent: quick\n');
      const controller = new AbortController();
      const running = startPipelineRun({ pipeline: harness.pipelines().get('cancellable'), inputs: {}, runtime: harness.runtime(), signal: controller.signal, _internal: harness.internals });
      for (let tries = 0; tries < 500 && (await harness.store.runs.list({ kind: 'agent' })).length === 0; tries += 1) await new Promise((resolve) => setTimeout(resolve, 5));
      controller.abort(new Error('interrupted by the user (SIGINT)'));
      const result = await running;
      expect(result).toMatchObject({ status: 'cancelled', error: { code: 'cancelled' } });
      const events = await harness.store.journal.read(result.runId);
      expect(events.at(-1)).toMatchObject({ type: 'run-end', payload: { status: 'cancelled' } });
      expect(events.some((event) => event.type === 'step-start' && (event.payload as { path?: string }).path === 'after')).toBe(false);

      delayMs = 1;
      const resumed = await resumePipelineRun({ runId: result.runId, runtime: harness.runtime(), _internal: harness.internals });
      expect(resumed).toMatchObject({ status: 'succeeded', output: { after: { done: true } } });
    } finally {
      await harness.close();
    }
  });
});
