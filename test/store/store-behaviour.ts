import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewEvent } from '../../src/core/events.ts';
import { newRunId } from '../../src/core/ids.ts';
import { latestSchemaVersion } from '../../src/store/migrations.ts';
import type { Store } from '../../src/store/store.ts';
import { currentOwner } from '../../src/store/owner-liveness.ts';

export interface StoreFixture {
  open(): Promise<Store>;
  /** A second, independent handle on the same database (as another process would have). */
  openAnother(): Promise<Store>;
  cleanUp(): Promise<void>;
}

const usage = { inputTokens: 10, outputTokens: 5, totalTokens: 15 };

function runStart(): NewEvent {
  return { type: 'run-start', payload: { kind: 'agent', agentId: 'chat', input: { text: 'hi' }, owner: currentOwner(), parentRunId: null } };
}

function modelResult(step: number): NewEvent {
  return {
    type: 'model-result',
    payload: { step, finishReason: 'stop', rawFinishReason: 'stop', text: `answer ${step}`, toolCalls: [], usage, durationMs: 1 },
  };
}

/** The behaviour every store must have, whatever database is under it. */
export function describeStoreBehaviour(name: string, makeFixture: () => StoreFixture): void {
  describe(`store behaviour: ${name}`, () => {
    let fixture: StoreFixture;
    let store: Store;

    beforeEach(async () => {
      fixture = makeFixture();
      store = await fixture.open();
    });

    afterEach(async () => {
      await store.close();
      await fixture.cleanUp();
    });

    it('applies every migration on open, and opening again changes nothing', async () => {
      expect(await store.schemaVersion()).toBe(latestSchemaVersion);
      const again = await fixture.openAnother();
      expect(await again.schemaVersion()).toBe(latestSchemaVersion);
      await again.close();
    });

    it('creates a run as queued and reads it back', async () => {
      const id = newRunId();
      const created = await store.runs.create({ id, kind: 'agent', agentId: 'chat', input: { text: 'héllo', n: 1 } });
      expect(created.status).toBe('queued');
      const read = await store.runs.get(id);
      expect(read).toMatchObject({ id, kind: 'agent', agentId: 'chat', status: 'queued', input: { text: 'héllo', n: 1 } });
      expect(await store.runs.get('run_missing')).toBeUndefined();
    });

    it('appends events with seq 1, 2, 3 ... and reads them back in order with their payloads', async () => {
      const id = newRunId();
      await store.runs.create({ id, kind: 'agent', agentId: 'chat', input: null });
      const first = await store.journal.append(id, runStart());
      const second = await store.journal.append(id, modelResult(1));
      expect([first.seq, second.seq]).toEqual([1, 2]);
      const events = await store.journal.read(id);
      expect(events.map((event) => [event.seq, event.type])).toEqual([
        [1, 'run-start'],
        [2, 'model-result'],
      ]);
      expect(events[1]?.payload).toEqual(modelResult(1).payload);
      expect(events[0]?.schemaVersion).toBe(1);
      expect((await store.journal.read(id, { afterSeq: 1 })).map((event) => event.seq)).toEqual([2]);
    });

    it('keeps seq gap-free and unique under concurrent appends to one run, from two handles', async () => {
      const id = newRunId();
      await store.runs.create({ id, kind: 'agent', agentId: 'chat', input: null });
      const other = await fixture.openAnother();
      try {
        const appends = Array.from({ length: 60 }, (_, index) =>
          (index % 2 === 0 ? store : other).journal.append(id, modelResult(index)),
        );
        const written = await Promise.all(appends);
        expect(written.map((event) => event.seq).sort((left, right) => left - right)).toEqual(
          Array.from({ length: 60 }, (_, index) => index + 1),
        );
        const events = await store.journal.read(id);
        expect(events.map((event) => event.seq)).toEqual(Array.from({ length: 60 }, (_, index) => index + 1));
        // Each stored event is the one its append returned (no two appends swapped payloads).
        for (const event of written) {
          expect(events[event.seq - 1]?.payload).toEqual(event.payload);
        }
      } finally {
        await other.close();
      }
    });

    it('keeps the journals of different runs apart', async () => {
      const first = newRunId();
      const second = newRunId();
      await store.runs.create({ id: first, kind: 'agent', agentId: 'chat', input: null });
      await store.runs.create({ id: second, kind: 'agent', agentId: 'chat', input: null });
      await Promise.all([store.journal.append(first, runStart()), store.journal.append(second, runStart())]);
      await store.journal.append(second, modelResult(1));
      expect((await store.journal.read(first)).map((event) => event.seq)).toEqual([1]);
      expect((await store.journal.read(second)).map((event) => event.seq)).toEqual([1, 2]);
    });

    it('refuses an event for a run that does not exist', async () => {
      await expect(store.journal.append('run_nope', runStart())).rejects.toMatchObject({ code: 'run_not_found' });
    });

    it('projects status, output, error and usage from the journal onto the run', async () => {
      const id = newRunId();
      await store.runs.create({ id, kind: 'agent', agentId: 'chat', input: null });
      await store.journal.append(id, runStart());
      expect((await store.runs.get(id))?.status).toBe('running');
      await store.journal.append(id, modelResult(1));
      await store.journal.append(id, { type: 'warning', payload: { code: 'tool_error', message: 'retried' } });
      await store.journal.append(id, { type: 'run-end', payload: { status: 'succeeded', output: { text: 'ok' }, error: null, usage } });
      const run = await store.runs.get(id);
      expect(run).toMatchObject({ status: 'succeeded', output: { text: 'ok' }, warningCount: 1, usage });
      expect(run?.endedAt).not.toBeNull();
    });

    it('never projects succeeded for a run with an unrecovered error', async () => {
      const id = newRunId();
      await store.runs.create({ id, kind: 'agent', agentId: 'chat', input: null });
      await store.journal.append(id, runStart());
      const error = { code: 'tool_error' as const, message: 'boom', hint: undefined, fault: 'tool' as const, retryable: false };
      await store.journal.append(id, { type: 'error', payload: { error } });
      await store.journal.append(id, { type: 'run-end', payload: { status: 'succeeded', output: 'x', error: null, usage } });
      const run = await store.runs.get(id);
      expect(run?.status).toBe('failed');
      expect(run?.error?.code).toBe('tool_error');
    });

    it('reads a running run whose owner process is gone as interrupted', async () => {
      const id = newRunId();
      await store.runs.create({ id, kind: 'agent', agentId: 'chat', input: null });
      // pid 2^22+ is above Linux's pid_max default: no such process.
      await store.journal.append(id, { type: 'run-start', payload: { kind: 'agent', agentId: 'chat', input: null, owner: { host: currentOwner().host, pid: 4_194_999 }, parentRunId: null } });
      expect((await store.runs.get(id))?.status).toBe('interrupted');
      expect((await store.runs.list({ status: 'interrupted' })).map((run) => run.id)).toContain(id);
      expect((await store.runs.list({ status: 'running' })).map((run) => run.id)).not.toContain(id);
    });

    it('reads a run owned on another host as interrupted once its lease has expired', async () => {
      const id = newRunId();
      await store.runs.create({ id, kind: 'agent', agentId: 'chat', input: null });
      await store.journal.append(id, { type: 'run-start', payload: { kind: 'agent', agentId: 'chat', input: null, owner: { host: 'another-host', pid: 1 }, parentRunId: null } });
      await store.runs.renewLease(id, new Date(Date.now() + 60_000));
      expect((await store.runs.get(id))?.status).toBe('running');
      await store.runs.renewLease(id, new Date(Date.now() - 1_000));
      expect((await store.runs.get(id))?.status).toBe('interrupted');
    });

    it('lists runs newest first, filtered by status, agent and kind, with a limit', async () => {
      const base = Date.parse('2026-01-01T00:00:00Z');
      const ids: string[] = [];
      for (let index = 0; index < 5; index += 1) {
        const id = newRunId(base + index * 1000);
        ids.push(id);
        await store.runs.create({
          id,
          kind: index === 4 ? 'pipeline' : 'agent',
          agentId: index % 2 === 0 ? 'chat' : 'translator',
          input: null,
          createdAt: new Date(base + index * 1000),
        });
      }
      await store.journal.append(ids[0]!, runStart());
      await store.journal.append(ids[0]!, { type: 'run-end', payload: { status: 'succeeded', output: null, error: null, usage } });
      expect((await store.runs.list()).map((run) => run.id)).toEqual([...ids].reverse());
      expect((await store.runs.list({ agentId: 'translator' })).map((run) => run.id)).toEqual([ids[3], ids[1]]);
      expect((await store.runs.list({ status: 'succeeded' })).map((run) => run.id)).toEqual([ids[0]]);
      expect((await store.runs.list({ status: 'queued', kind: 'agent' })).map((run) => run.id)).toEqual([ids[3], ids[2], ids[1]]);
      expect(await store.runs.list({ limit: 2 })).toHaveLength(2);
    });

    it('filters by target: the pipeline id of a pipeline run (no agent), the agent id of an agent run', async () => {
      const pipelineRun = newRunId();
      const agentRun = newRunId();
      await store.runs.create({ id: pipelineRun, kind: 'pipeline', agentId: null, target: 'daily-ops-target-test', input: null });
      await store.runs.create({ id: agentRun, kind: 'agent', agentId: 'log-triage-target-test', parentRunId: pipelineRun, input: null });
      expect((await store.runs.list({ target: 'daily-ops-target-test' })).map((run) => run.id)).toEqual([pipelineRun]);
      expect((await store.runs.list({ target: 'log-triage-target-test' })).map((run) => run.id)).toEqual([agentRun]);
      // agentId is the agent that ran: a pipeline run has none.
      expect(await store.runs.list({ agentId: 'daily-ops-target-test' })).toEqual([]);
    });

    it('finds a run by a unique prefix and says which runs an ambiguous prefix matches', async () => {
      const first = newRunId(Date.parse('2026-03-01T00:00:00Z'));
      const second = newRunId(Date.parse('2026-03-01T00:00:00Z'));
      await store.runs.create({ id: first, kind: 'agent', agentId: 'chat', input: null });
      await store.runs.create({ id: second, kind: 'agent', agentId: 'chat', input: null });
      expect((await store.runs.find(first)).id).toBe(first);
      expect((await store.runs.find(first.slice(0, 24))).id).toBe(first);
      expect((await store.runs.find(first.slice(4, 24).toUpperCase())).id).toBe(first);
      await expect(store.runs.find(first.slice(0, 10))).rejects.toMatchObject({ code: 'run_not_found', details: { matches: expect.arrayContaining([first, second]) } });
      await expect(store.runs.find('run_zzzzzzzz')).rejects.toMatchObject({ code: 'run_not_found', fault: 'user' });
    });
  });
}
