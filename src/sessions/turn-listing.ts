import type { Store } from '../store/store.ts';
import type { TurnListing } from './chat-events.ts';
import type { SessionRepository } from './session-repository.ts';

/**
 * A session's turns, oldest first, each with the status and error of its run read from the runs
 * (which stay the truth: a turn whose process died reads as `interrupted`).
 */
export async function listTurns(store: Store, sessions: SessionRepository, sessionId: string): Promise<TurnListing[]> {
  const listings: TurnListing[] = [];
  // One run at a time: a long session must not open hundreds of queries at once.
  for (const turn of await sessions.turns(sessionId)) {
    const run = turn.runId === null ? undefined : await store.runs.get(turn.runId);
    listings.push({
      position: turn.position,
      runId: turn.runId,
      agentId: turn.agentId,
      status: run?.status ?? 'failed',
      text: turn.text,
      answer: turn.answer,
      error: run?.error ?? turn.error,
      createdAt: turn.createdAt,
    });
  }
  return listings;
}
