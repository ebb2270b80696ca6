import type { Clock } from '../core/clock.ts';
import { systemClock } from '../core/clock.ts';
import { NovaError } from '../core/errors.ts';
import { newRunId } from '../core/ids.ts';
import type { RouteDecision } from '../core/route-decision.ts';
import type { RunKind } from '../core/run.ts';
import type { Store } from '../store/store.ts';
import { currentOwner } from '../store/owner-liveness.ts';

/**
 * Journals a request that no agent took (the router was not confident, and there was no fallback) as a
 * failed run: its decision and candidates stay inspectable (`nova runs show`), and `nova route
 * feedback <run> --agent <id>` can teach the router the right answer.
 */
export async function recordUnroutedRequest(options: { store: Store; input: unknown; decision: RouteDecision; error: NovaError; kind?: RunKind; clock?: Clock }): Promise<string> {
  const clock = options.clock ?? systemClock;
  const at = clock.now();
  const runId = newRunId(at.getTime());
  const error = options.error.withRunId(runId).toJSON();
  const kind = options.kind ?? 'agent';
  await options.store.journal.start({ id: runId, kind, agentId: null, input: options.input, createdAt: at }, [
    { event: { type: 'run-start', payload: { kind, agentId: null, input: options.input, owner: currentOwner(), parentRunId: null } }, at },
    { event: { type: 'route-decide', payload: options.decision }, at },
    { event: { type: 'error', payload: { error } }, at },
    { event: { type: 'run-end', payload: { status: 'failed', output: null, error, usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 } } }, at },
  ]);
  return runId;
}

/**
 * The `route_ambiguous` error for a decision no agent took, listing its candidates. `what` names the
 * thing routed ("request", "message"); the hint says how to go on where it was asked.
 */
export function routeAmbiguousError(decision: RouteDecision, what: string, hint: string): NovaError {
  const listed = decision.candidates.map((candidate) => `${candidate.agentId} (${candidate.score.toFixed(2)})`).join(', ');
  return new NovaError({
    code: 'route_ambiguous',
    fault: 'user',
    message: decision.candidates.length === 0 ? `No agent fits this ${what}` : `No agent is confident enough for this ${what}; candidates: ${listed}`,
    hint,
    details: { candidates: decision.candidates },
  });
}
