import type { Clock } from '../core/clock.ts';
import { systemClock } from '../core/clock.ts';
import { NovaError } from '../core/errors.ts';
import { newRunId } from '../core/ids.ts';
import type { RouteDecision } from '../core/route-decision.ts';
import type { RunKind } from '../core/run.ts';
import type { Store } from '../store/store.ts';
import { currentOwner } from '../store/owner-liveness.ts';
import { emptyUsage } from '../core/usage.ts';

/**
 * Journals a request that no agent took (the router was not confident, and there was no fallback) as a
 * failed run: its decision and candidates stay inspectable (`nova runs show`), and `nova route
 * feedback <run> --agent <id>` can teach the router the right answer.
 */
export function recordUnroutedRequest(options: { store: Store; input: unknown; decision: RouteDecision; error: NovaError; kind?: RunKind; clock?: Clock }): Promise<string> {
  return recordFailedRequest({ ...options, agentId: null });
}

/**
 * Journals a request that failed before an agent's run could start (routing failed or was unsure, no
 * model is configured, the agent refused the input) as a run of its own that ended `failed` (or
 * `cancelled`) with that error, so the failure has a run id like every other outcome. Returns the id.
 */
export async function recordFailedRequest(options: {
  store: Store;
  input: unknown;
  /** The agent the request was meant for, when one was chosen. */
  agentId: string | null;
  /** What the run was to run, when it is not the agent (a pipeline id); default the agent id. */
  target?: string | null;
  decision?: RouteDecision;
  error: NovaError;
  kind?: RunKind;
  clock?: Clock;
}): Promise<string> {
  const clock = options.clock ?? systemClock;
  const at = clock.now();
  const runId = newRunId(at.getTime());
  const error = options.error.withRunId(runId).toJSON();
  const kind = options.kind ?? 'agent';
  const { agentId } = options;
  await options.store.journal.start({ id: runId, kind, agentId, target: options.target ?? agentId, input: options.input, createdAt: at }, [
    { event: { type: 'run-start', payload: { kind, agentId, input: options.input, owner: currentOwner(), parentRunId: null } }, at },
    ...(options.decision === undefined ? [] : [{ event: { type: 'route-decide' as const, payload: options.decision }, at }]),
    { event: { type: 'error', payload: { error } }, at },
    { event: { type: 'run-end', payload: { status: error.code === 'cancelled' ? 'cancelled' : 'failed', output: null, error, usage: emptyUsage } }, at },
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
