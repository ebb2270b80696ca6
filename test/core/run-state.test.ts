import { describe, expect, it } from 'vitest';
import type { NewEvent, RunEvent } from '../../src/core/events.ts';
import { reduceRunEvents } from '../../src/core/run-state.ts';

const usage = { inputTokens: 3, outputTokens: 2, totalTokens: 5 };
const toolError = { code: 'tool_error' as const, message: 'boom', hint: undefined, fault: 'tool' as const, retryable: false };
const cancelledError = { ...toolError, code: 'cancelled' as const, fault: 'user' as const };

function journal(...events: NewEvent[]): RunEvent[] {
  return events.map((event, index) => ({ ...event, runId: 'run_x', seq: index + 1, at: new Date(1000 * index).toISOString(), schemaVersion: 1 }) as RunEvent);
}

const start: NewEvent = { type: 'run-start', payload: { kind: 'agent', agentId: 'chat', input: null, owner: { host: 'h', pid: 1 }, parentRunId: null } };
const result: NewEvent = { type: 'model-result', payload: { step: 1, finishReason: 'stop', rawFinishReason: 'stop', text: 'x', toolCalls: [], usage, durationMs: 1 } };
const end = (status: 'succeeded' | 'failed' | 'cancelled'): NewEvent => ({ type: 'run-end', payload: { status, output: 'out', error: null, usage } });

describe('reduceRunEvents', () => {
  it('is queued before it starts and running after', () => {
    expect(reduceRunEvents([]).status).toBe('queued');
    expect(reduceRunEvents(journal(start)).status).toBe('running');
  });

  it('is waiting while the last event is run-wait, running again after', () => {
    const wait: NewEvent = { type: 'run-wait', payload: { reason: 'asking the user' } };
    expect(reduceRunEvents(journal(start, wait)).status).toBe('waiting');
    expect(reduceRunEvents(journal(start, wait, result)).status).toBe('running');
  });

  it('takes the status, output and end time from run-end, and sums usage over model results', () => {
    const state = reduceRunEvents(journal(start, result, result, end('succeeded')));
    expect(state).toMatchObject({ status: 'succeeded', output: 'out', usage: { inputTokens: 6, outputTokens: 4, totalTokens: 10 } });
    expect(state.endedAt).toBe(new Date(3000).toISOString());
  });

  it('can never be succeeded with an unrecovered error in the journal', () => {
    const state = reduceRunEvents(journal(start, { type: 'error', payload: { error: toolError } }, end('succeeded')));
    expect(state.status).toBe('failed');
    expect(state.error?.code).toBe('tool_error');
  });

  it('is cancelled when the error is a cancellation', () => {
    expect(reduceRunEvents(journal(start, { type: 'error', payload: { error: cancelledError } }, end('failed'))).status).toBe('cancelled');
  });

  it('keeps warnings (recovered failures) without failing the run', () => {
    const warning: NewEvent = { type: 'warning', payload: { code: 'tool_error', message: 'retried', step: 2 } };
    const state = reduceRunEvents(journal(start, warning, end('succeeded')));
    expect(state.status).toBe('succeeded');
    expect(state.warnings).toEqual([{ code: 'tool_error', message: 'retried', seq: 2, step: 2 }]);
  });

  it('is interrupted when the run never ended and its owner is dead', () => {
    expect(reduceRunEvents(journal(start, result), { ownerAlive: false }).status).toBe('interrupted');
    expect(reduceRunEvents(journal(start, result), { ownerAlive: true }).status).toBe('running');
    // An ended run stays what it ended as, whatever happened to its process afterwards.
    expect(reduceRunEvents(journal(start, end('succeeded')), { ownerAlive: false }).status).toBe('succeeded');
  });
});
