import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isNovaError, NovaError } from '../../src/core/errors.ts';
import { createSessionRepository, type SessionRepository } from '../../src/sessions/session-repository.ts';
import type { Store } from '../../src/store/store.ts';
import { steppingClock } from '../support/stepping-clock.ts';

export interface SessionStoreFixture {
  open(): Promise<Store>;
  cleanUp(): Promise<void>;
}

async function codeOf(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    if (isNovaError(error)) return error.code;
    throw error;
  }
  throw new Error('expected a failure');
}

/** The session repository's behaviour, whatever database holds the sessions. */
export function describeSessionRepository(name: string, makeFixture: () => SessionStoreFixture): void {
  describe(`session repository: ${name}`, () => {
    let fixture: SessionStoreFixture;
    let store: Store;
    let sessions: SessionRepository;

    beforeEach(async () => {
      fixture = makeFixture();
      store = await fixture.open();
      sessions = createSessionRepository(store, { clock: steppingClock(Date.UTC(2025, 2, 1, 9, 0, 0)) });
    });
    afterEach(async () => {
      await store.close();
      await fixture.cleanUp();
    });

    it('creates a session and appends turns in order, updating its title, active agent and time', async () => {
      const created = await sessions.create({ activeAgentId: null });
      expect(created).toMatchObject({ title: null, activeAgentId: null, turnCount: 0, createdAt: '2025-03-01T09:00:00.000Z' });
      expect(created.id).toMatch(/^ses_[0-9a-z]{26}$/);

      const first = await sessions.addTurn({ sessionId: created.id, runId: 'run_1', agentId: 'translator', text: 'translate   this\nto German please', answer: '{"translation":"x"}', error: null, activeAgentId: 'translator' });
      const failure = new NovaError({ code: 'model_not_configured', fault: 'user', message: 'no model', hint: 'set NOVA_MODEL' }).toJSON();
      const second = await sessions.addTurn({ sessionId: created.id, runId: null, agentId: 'chat', text: 'hello', answer: null, error: failure, activeAgentId: 'chat' });
      expect([first.position, second.position]).toEqual([1, 2]);

      const found = await sessions.find(created.id);
      expect(found).toMatchObject({ title: 'translate this to German please', activeAgentId: 'chat', turnCount: 2, updatedAt: '2025-03-01T09:02:00.000Z' });
      const turns = await sessions.turns(created.id);
      expect(turns.map((turn) => [turn.position, turn.runId, turn.agentId, turn.text, turn.answer])).toEqual([
        [1, 'run_1', 'translator', 'translate   this\nto German please', '{"translation":"x"}'],
        [2, null, 'chat', 'hello', null],
      ]);
      expect(turns[1]!.error).toMatchObject({ code: 'model_not_configured', hint: 'set NOVA_MODEL' });
    });

    it('reads the last turns, or only the answered ones, oldest first', async () => {
      const session = await sessions.create({ activeAgentId: 'chat' });
      for (let index = 1; index <= 6; index += 1) {
        await sessions.addTurn({ sessionId: session.id, runId: `run_${index}`, agentId: 'chat', text: `m${index}`, answer: index % 2 === 0 ? null : `a${index}`, error: null, activeAgentId: 'chat' });
      }
      expect((await sessions.turns(session.id, { last: 2 })).map((turn) => turn.text)).toEqual(['m5', 'm6']);
      expect((await sessions.turns(session.id, { answeredOnly: true })).map((turn) => turn.text)).toEqual(['m1', 'm3', 'm5']);
      expect((await sessions.turns(session.id, { answeredOnly: true, last: 2 })).map((turn) => turn.text)).toEqual(['m3', 'm5']);
    });

    it('lists sessions most recently used first, with their turn counts, and keeps the first title', async () => {
      const older = await sessions.create({ activeAgentId: null });
      const newer = await sessions.create({ activeAgentId: null, title: 'set at creation' });
      await sessions.addTurn({ sessionId: newer.id, runId: null, agentId: null, text: 'not the title', answer: null, error: null, activeAgentId: null });
      await sessions.addTurn({ sessionId: older.id, runId: 'run_a', agentId: 'chat', text: 'hi', answer: 'hello', error: null, activeAgentId: 'chat' });
      const listed = await sessions.list();
      expect(listed.map((session) => [session.id, session.turnCount, session.title])).toEqual([
        [older.id, 1, 'hi'],
        [newer.id, 1, 'set at creation'],
      ]);
      expect(await sessions.list({ limit: 1 })).toHaveLength(1);
    });

    it('finds a session by a unique prefix, and says so when there is none', async () => {
      const session = await sessions.create({ activeAgentId: null });
      expect((await sessions.find(session.id.slice(0, 20))).id).toBe(session.id);
      expect((await sessions.find(session.id.slice(4, 24).toUpperCase())).id).toBe(session.id);
      expect(await codeOf(sessions.find('ses_nothing'))).toBe('session_not_found');
      expect(await codeOf(sessions.addTurn({ sessionId: 'ses_gone', runId: null, agentId: null, text: 'x', answer: null, error: null, activeAgentId: null }))).toBe('session_not_found');
    });

    it('sets the active agent', async () => {
      const session = await sessions.create({ activeAgentId: null });
      await sessions.setActiveAgent(session.id, 'summarizer');
      expect((await sessions.find(session.id)).activeAgentId).toBe('summarizer');
    });

    it('gives concurrent appends to one session distinct positions', async () => {
      const session = await sessions.create({ activeAgentId: null });
      const added = await Promise.all(
        Array.from({ length: 8 }, (_, index) => sessions.addTurn({ sessionId: session.id, runId: null, agentId: null, text: `m${index}`, answer: null, error: null, activeAgentId: null })),
      );
      expect(added.map((turn) => turn.position).sort((left, right) => left - right)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    });
  });
}
