import { describe, expect, it } from 'vitest';
import { NovaError } from '../../src/core/errors.ts';
import type { NewEvent } from '../../src/core/events.ts';
import { emptyUsage } from '../../src/core/usage.ts';
import { DagSchedule } from '../../src/pipelines/execution/dag-schedule.ts';
import type { PipelineDefinition, StepDefinition } from '../../src/pipelines/pipeline-definition.ts';
import { loadPipelineText } from '../../src/pipelines/pipeline-loading.ts';

function pipeline(steps: string): PipelineDefinition {
  const result = loadPipelineText({ file: '/pipelines/dag.yaml', origin: 'file', text: `id: dag\ndescription: a DAG to schedule\nsteps:\n${steps}` });
  if (!result.ok) throw new Error(result.issues.map((issue) => issue.message).join('; '));
  return result.pipeline;
}

/** Launches what is ready and returns the ids (with the skipped need, when there is one). */
function launch(schedule: DagSchedule, stopped = false): string[] {
  const launched: string[] = [];
  schedule.launchReady(
    () => stopped,
    (step, skippedNeed) => launched.push(skippedNeed === undefined ? step.id : `${step.id} (after skipped ${skippedNeed})`),
  );
  return launched;
}

const failed = (message: string) => ({ status: 'failed' as const, error: new NovaError({ code: 'step_failed', fault: 'user', message, hint: 'none' }), usage: emptyUsage });

describe('DAG schedule', () => {
  const definition = pipeline(`  - { id: a, sleep: 1s }
  - { id: b, sleep: 1s }
  - { id: c, sleep: 1s, needs: [a] }
  - { id: d, sleep: 1s, needs: [c, b] }
`);
  const step = (id: string): StepDefinition => definition.steps.find((candidate) => candidate.id === id)!;

  it('starts a step once every step it needs has ended, each once, in file order', () => {
    const schedule = new DagSchedule(definition, { record: () => undefined });
    expect(launch(schedule)).toEqual(['a', 'b']);
    expect(launch(schedule)).toEqual([]);
    schedule.settle(step('a'), { status: 'succeeded', output: 1, usage: emptyUsage });
    expect(launch(schedule)).toEqual(['c']);
    schedule.settle(step('c'), { status: 'skipped', output: null, reason: 'its when is false' });
    expect(launch(schedule)).toEqual([]);
    schedule.settle(step('b'), { status: 'succeeded', output: 2, usage: emptyUsage });
    expect(launch(schedule)).toEqual(['d (after skipped c)']);
    expect(schedule.views()).toEqual({ a: { output: 1, status: 'succeeded', error: null }, b: { output: 2, status: 'succeeded', error: null }, c: { output: null, status: 'skipped', error: null } });
  });

  it('does not run what needs a failed step, and names it among the steps not run', () => {
    const schedule = new DagSchedule(definition, { record: () => undefined });
    launch(schedule);
    schedule.settle(step('a'), failed('a broke'));
    schedule.settle(step('b'), { status: 'succeeded', output: 2, usage: emptyUsage });
    expect(launch(schedule)).toEqual([]);
    expect(schedule.failures.map((failure) => failure.stepId)).toEqual(['a']);
    expect(schedule.notRunDownstream('a')).toEqual(['c', 'd']);
  });

  it('lets a continueOnError failure through with one warning, and starts nothing once stopped', () => {
    const events: NewEvent[] = [];
    const lenient = pipeline(`  - { id: a, sleep: 1s, continueOnError: true }
  - { id: b, sleep: 1s, needs: [a] }
  - { id: c, sleep: 1s }
`);
    const schedule = new DagSchedule(lenient, { record: (event) => events.push(event) });
    expect(launch(schedule)).toEqual(['a', 'c']);
    schedule.settle(lenient.steps[0]!, failed('a broke'));
    expect(schedule.failures).toEqual([]);
    expect(events).toEqual([{ type: 'warning', payload: expect.objectContaining({ message: 'Step a failed and the pipeline goes on (continueOnError): a broke' }) }]);
    expect(launch(schedule, true)).toEqual([]);
    expect(schedule.notRunDownstream('a')).toEqual(['b']);
  });
});
