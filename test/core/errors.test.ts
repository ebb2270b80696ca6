import { describe, expect, it } from 'vitest';
import { closestMatches } from '../../src/core/closest-matches.ts';
import { errorDetails, NovaError, toNovaError } from '../../src/core/errors.ts';
import { handoffEnvelopeSchema } from '../../src/core/handoff-envelope.ts';
import { newRunId } from '../../src/core/ids.ts';

describe('NovaError', () => {
  it('serialises code, fault, hint, retryable, run id, details and cause, and reads back', () => {
    const error = new NovaError({ code: 'tool_timeout', fault: 'tool', message: 'slow', hint: 'raise it', retryable: true, cause: new RangeError('deep'), details: { ms: 5 } }).withRunId('run_1');
    const json = error.toJSON();
    expect(json).toEqual({ code: 'tool_timeout', message: 'slow', hint: 'raise it', fault: 'tool', retryable: true, runId: 'run_1', details: { ms: 5 }, cause: 'RangeError: deep' });
    const back = NovaError.fromJSON(json);
    expect(back).toBeInstanceOf(NovaError);
    expect(back).toMatchObject({ code: 'tool_timeout', fault: 'tool', runId: 'run_1' });
  });

  it('gives its details typed by code, and nothing for another code', () => {
    const error: NovaError = new NovaError({ code: 'handoff_rejected', fault: 'model', message: 'not allowed', details: { reason: 'not_allowed' } });
    expect(error.detailsOf('handoff_rejected')?.reason).toBe('not_allowed');
    expect(error.detailsOf('agent_not_found')).toBeUndefined();
    expect(errorDetails(error.toJSON(), 'handoff_rejected')).toEqual({ reason: 'not_allowed' });
    // @ts-expect-error: a handoff rejection's details hold a reason, not a field of another code's.
    void new NovaError({ code: 'handoff_rejected', fault: 'model', message: 'x', details: { closest: ['a'] } });
  });

  it('wraps foreign errors as a system fault, keeping the cause; leaves NovaErrors alone', () => {
    const cause = new Error('disk on fire');
    const wrapped = toNovaError(cause);
    expect(wrapped).toMatchObject({ code: 'internal_error', fault: 'system', message: 'disk on fire' });
    expect(wrapped.cause).toBe(cause);
    const original = new NovaError({ code: 'cancelled', fault: 'user', message: 'stop' });
    expect(toNovaError(original)).toBe(original);
  });
});

describe('closestMatches', () => {
  const ids = ['chat', 'translator', 'summarizer', 'po-status', 'proofreader'];
  it('suggests near misses and containing names, best first', () => {
    expect(closestMatches('chta', ids)).toEqual(['chat']);
    expect(closestMatches('translate', ids)[0]).toBe('translator');
    expect(closestMatches('po', ids)).toContain('po-status');
    expect(closestMatches('zzzzzzzz', ids)).toEqual([]);
  });
});

describe('run ids', () => {
  it('sort by creation time and are unique', () => {
    const early = newRunId(Date.parse('2026-01-01T00:00:00Z'));
    const late = newRunId(Date.parse('2026-01-01T00:00:01Z'));
    expect(early < late).toBe(true);
    expect(early).toMatch(/^run_[0-9a-z]{26}$/);
    expect(new Set(Array.from({ length: 1000 }, () => newRunId())).size).toBe(1000);
  });
});

describe('handoff envelope', () => {
  const envelope = { version: 1, from: 'planner', to: 'translator', mode: 'delegate', task: 'Translate the summary to German', depth: 1 };
  it('fills defaults and keeps the transcript as a reference', () => {
    const parsed = handoffEnvelopeSchema.parse({ ...envelope, history: { mode: 'last:3', runId: 'run_1' } });
    expect(parsed).toMatchObject({ facts: {}, artifacts: [], constraints: [], budget: {}, history: { mode: 'last:3', runId: 'run_1' } });
  });
  it('rejects an unknown version, a bad history mode, a missing task and unknown fields', () => {
    expect(handoffEnvelopeSchema.safeParse({ ...envelope, version: 2 }).success).toBe(false);
    expect(handoffEnvelopeSchema.safeParse({ ...envelope, history: { mode: 'last:0', runId: null } }).success).toBe(false);
    expect(handoffEnvelopeSchema.safeParse({ ...envelope, task: '' }).success).toBe(false);
    expect(handoffEnvelopeSchema.safeParse({ ...envelope, transcript: 'pasted' }).success).toBe(false);
  });
});
