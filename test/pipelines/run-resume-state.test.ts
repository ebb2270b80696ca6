import { describe, expect, it } from 'vitest';
import type { NewEvent, RunEvent } from '../../src/core/events.ts';
import { reduceRunEvents } from '../../src/core/run-state.ts';

const usage = { inputTokens: 3, outputTokens: 2, totalTokens: 5 };
const zero = { inputTokens: 0, outputTokens: 0, totalTokens: 0 };
const stepError = { code: 'step_failed' as const, message: 'Step post failed', hint: undefined, fault: 'tool' as const, retryable: true };

function journal(...events: NewEvent[]): RunEvent[] {
  return events.map((event, index) => ({ ...event, runId: 'run_x', seq: index + 1, at: new Date(1000 * index).toISOString(), schemaVersion: 1 }) as RunEvent);
}

const start: NewEvent = { type: 'run-start', payload: { kind: 'pipeline', agentId: null, input: {}, owner: { host: 'h', pid: 1 }, parentRunId: null } };
const error: NewEvent = { type: 'error', payload: { error: stepError } };
const failedEnd: NewEvent = { type: 'run-end', payload: { status: 'failed', output: null, error: stepError, usage: zero } };
const succeededEnd: NewEvent = { type: 'run-end', payload: { status: 'succeeded', output: { done: true }, error: null, usage: zero } };
const resume = (resumedFrom: 'failed' | 'interrupted' | 'cancelled' | 'waiting'): NewEvent => ({ type: 'run-resume', payload: { owner: { host: 'h', pid: 2 }, resumedFrom, reason: 'test' } });
const warning: NewEvent = { type: 'warning', payload: { code: 'pipeline_changed', message: 'the file changed' } };

describe('run state across run-resume', () => {
  it('is running again after a failed run resumes, and succeeds when the new leg ends well', () => {
    expect(reduceRunEvents(journal(start, error, failedEnd)).status).toBe('failed');
    const resumed = reduceRunEvents(journal(start, error, failedEnd, resume('failed')));
    expect(resumed).toMatchObject({ status: 'running', error: null, endedAt: null, output: null });
    const finished = reduceRunEvents(journal(start, error, failedEnd, resume('failed'), succeededEnd));
    expect(finished).toMatchObject({ status: 'succeeded', error: null, output: { done: true } });
    expect(finished.startedAt).toBe(new Date(0).toISOString());
    expect(finished.endedAt).toBe(new Date(4000).toISOString());
  });

  it('still fails a resumed run that has an error after the resume, whatever its run-end says', () => {
    const state = reduceRunEvents(journal(start, error, failedEnd, resume('failed'), error, succeededEnd));
    expect(state).toMatchObject({ status: 'failed', error: stepError });
  });

  it('ignores events after a run-end that no run-resume reopened', () => {
    const state = reduceRunEvents(journal(start, error, failedEnd, succeededEnd));
    expect(state.status).toBe('failed');
  });

  it('reads a resumed interrupted run as running while its new owner lives, interrupted if it dies too', () => {
    expect(reduceRunEvents(journal(start, resume('interrupted')), { ownerAlive: true }).status).toBe('running');
    expect(reduceRunEvents(journal(start, resume('interrupted')), { ownerAlive: false }).status).toBe('interrupted');
  });

  it('reopens a cancelled run and a waiting one alike', () => {
    const cancelled = { ...stepError, code: 'cancelled' as const, fault: 'user' as const };
    const cancelledRun = journal(start, { type: 'error', payload: { error: cancelled } }, { type: 'run-end', payload: { status: 'cancelled', output: null, error: cancelled, usage: zero } });
    expect(reduceRunEvents(cancelledRun).status).toBe('cancelled');
    expect(reduceRunEvents([...cancelledRun, ...journal(resume('cancelled')).map((event) => ({ ...event, seq: 4 }))]).status).toBe('running');
    expect(reduceRunEvents(journal(start, { type: 'run-wait', payload: { reason: 'approval' } })).status).toBe('waiting');
    expect(reduceRunEvents(journal(start, { type: 'run-wait', payload: { reason: 'approval' } }, resume('waiting'))).status).toBe('running');
  });

  it('keeps warnings and usage of earlier legs', () => {
    const stepEnd: NewEvent = { type: 'step-end', payload: { stepId: 'a', path: 'a', attempt: 1, status: 'succeeded', output: null, durationMs: 1, usage } };
    const state = reduceRunEvents(journal(start, warning, stepEnd, error, failedEnd, resume('failed'), stepEnd, succeededEnd));
    expect(state.warnings.map((entry) => entry.code)).toEqual(['pipeline_changed']);
    expect(state.warningCount).toBe(1);
    expect(state.usage).toEqual({ inputTokens: 6, outputTokens: 4, totalTokens: 10 });
  });

  it('keeps the handler steps of code agents as they were', () => {
    const state = reduceRunEvents(journal(start, { type: 'step-start', payload: { handler: 'summarize' } }, { type: 'step-end', payload: { handler: 'summarize' } }, succeededEnd));
    expect(state).toMatchObject({ status: 'succeeded', usage: zero });
  });
});

describe('run state of a run-supersede', () => {
  const supersede: NewEvent = { type: 'run-supersede', payload: { by: 'run_new', reason: 'resumed' } };

  it('ends a run that never ended as superseded, naming the run that does its work again', () => {
    const state = reduceRunEvents(journal(start, supersede), { ownerAlive: false });
    expect(state).toMatchObject({ status: 'superseded', supersededBy: 'run_new', endedAt: new Date(1000).toISOString(), error: null });
  });

  it('changes nothing in a run that had ended, and is history once the run resumes', () => {
    expect(reduceRunEvents(journal(start, error, failedEnd, supersede))).toMatchObject({ status: 'failed', supersededBy: null });
    expect(reduceRunEvents(journal(start, supersede, resume('interrupted')), { ownerAlive: true })).toMatchObject({ status: 'running', supersededBy: null, endedAt: null });
  });
});
