import type { FileAccess } from '../core/file-access.ts';
import type { AgentRegistry } from '../agents/agent-registry.ts';
import { toNovaError } from '../core/errors.ts';
import type { EventPayloads } from '../core/events.ts';
import type { RouteDecision } from '../core/route-decision.ts';
import type { ModelResolver } from '../models/model-resolver.ts';
import { inputForRoutedRequest } from '../router/routed-input.ts';
import type { Router } from '../router/router.ts';
import { runAgent, type RunResult } from '../runtime/run-agent.ts';
import type { ToolSet } from '../runtime/tool-execution.ts';
import { recordFailedRequest, routeAmbiguousError } from '../runtime/unrouted-request.ts';
import type { Store } from '../store/store.ts';
import type { ChatEvent, TurnOutcome } from './chat-events.ts';
import { selectHistory, type HistoryLimits } from './conversation-history.ts';
import type { SessionRepository } from './session-repository.ts';
import type { Session } from './session.ts';

/** What a conversation runs with: this Nova's store, agents, tools and models, and its router. */
export interface ChatServices {
  store: Store;
  agents: AgentRegistry;
  tools: ToolSet;
  resolveModel: ModelResolver;
  router: Router;
  /** Which files the agents may use; paths in a message are chosen by routing, so only the roots. */
  files: FileAccess;
}

export interface TurnContext {
  services: ChatServices;
  sessions: SessionRepository;
  session: Session;
  history: HistoryLimits;
  emit: (event: ChatEvent) => void;
}

/**
 * Runs one message with the chosen agent as a run of kind `chat` that continues the session (its
 * earlier answered turns go to the model as the conversation), streaming free-text answers, and
 * records the turn. A problem before the agent's run could start (no model configured, input the
 * agent refuses) is journalled as a failed `chat` run of its own (see recordFailedTurn), so every turn
 * has a run id; either way the session goes on. Returns the agent that answered: the chosen one, or
 * the one it transferred the conversation to.
 */
export async function runChatTurn(context: TurnContext, turn: { agentId: string; text: string; decision: RouteDecision; signal: AbortSignal }): Promise<string> {
  const { services, sessions, session, emit } = context;
  const conversation = selectHistory(await sessions.turns(session.id, { answeredOnly: true, last: context.history.maxTurns }), context.history);
  let streamed = false;
  let result: RunResult;
  try {
    const agent = services.agents.get(turn.agentId);
    result = await runAgent({
      agent,
      input: inputForRoutedRequest(agent, turn.text),
      store: services.store,
      resolveModel: services.resolveModel,
      tools: services.tools,
      files: services.files,
      agents: services.agents.summaries(),
      findAgent: (id) => (services.agents.has(id) ? services.agents.get(id) : undefined),
      routeDecision: turn.decision,
      conversation,
      kind: 'chat',
      signal: turn.signal,
      // Structured answers are shown whole at the end; free text as it is written.
      stream: agent.outputSchema === undefined && agent.spec.engine === 'model',
      onTextDelta: (delta) => {
        streamed = true;
        emit({ type: 'text-delta', text: delta });
      },
    });
  } catch (thrown) {
    // Refused before the agent's run began: journalled as a failed run of the turn, and shown.
    await recordFailedTurn(context, { text: turn.text, agentId: turn.agentId, decision: turn.decision, activeAgentId: turn.agentId }, thrown);
    return turn.agentId;
  }
  const succeeded = result.status === 'succeeded';
  // An agent that transferred the conversation is no longer the one talking: its target answered.
  const answeredBy = succeeded ? await transferTarget(services.store, result.runId, turn.agentId) : turn.agentId;
  const outcome: TurnOutcome = { ...result, agentId: answeredBy, answer: succeeded ? answerText(result.output) : null, streamed };
  await sessions.addTurn({ sessionId: session.id, runId: outcome.runId, agentId: outcome.agentId, text: turn.text, answer: outcome.answer, error: null, activeAgentId: outcome.agentId });
  emit({ type: 'turn-end', turn: outcome });
  return outcome.agentId;
}

// Chains of transfers are bounded by the runtime's depth limit; this only guards against a broken journal.
const maximumTransfers = 32;

/** The agent at the end of a run's chain of transfers (`handoff-accept`), or `agentId` when it made none. */
export async function transferTarget(store: Store, runId: string, agentId: string): Promise<string> {
  let current = { runId, agentId };
  for (let hop = 0; hop < maximumTransfers; hop += 1) {
    const accepted = (await store.journal.read(current.runId)).findLast((event) => event.type === 'handoff-accept');
    if (accepted === undefined) return current.agentId;
    const payload = accepted.payload as EventPayloads['handoff-accept'];
    current = { runId: payload.childRunId, agentId: payload.envelope.to };
  }
  return current.agentId;
}

/**
 * A message no agent took (the router was unsure, no one is active, and the user did not pick): a
 * failed run with the decision and candidates, as `nova ask` records it, and a turn of the session.
 */
export async function recordAmbiguousTurn(context: TurnContext, text: string, decision: RouteDecision, activeAgentId: string | null): Promise<void> {
  const error = routeAmbiguousError(decision, 'message', 'Address an agent with @agent-id, make one active with /switch <agent>, or rephrase.');
  await recordFailedTurn(context, { text, agentId: null, decision, activeAgentId }, error);
}

/**
 * A message that failed before an agent's run could start (routing failed, no model configured, the
 * agent refused the input, the turn was cancelled meanwhile): journalled as a `chat` run that ended
 * `failed` (or `cancelled`) with the error and the route decision when there was one, kept as a turn
 * of the session with that run, and shown with its run id. The session goes on.
 */
export async function recordFailedTurn(
  context: TurnContext,
  turn: { text: string; agentId: string | null; decision: RouteDecision | null; activeAgentId: string | null },
  thrown: unknown,
): Promise<void> {
  const error = toNovaError(thrown);
  const runId = await recordFailedRequest({
    store: context.services.store,
    input: { text: turn.text },
    agentId: turn.agentId,
    ...(turn.decision === null ? {} : { decision: turn.decision }),
    error,
    kind: 'chat',
  });
  // The run holds the error (listings read it from there), as for a turn whose run failed.
  await context.sessions.addTurn({ sessionId: context.session.id, runId, agentId: turn.agentId, text: turn.text, answer: null, error: null, activeAgentId: turn.activeAgentId });
  context.emit({ type: 'failure', error: error.withRunId(runId).toJSON() });
}

/**
 * The agent the user picked among the router's candidates: a number from the list, or any agent id
 * (the user may know better than the list); undefined for anything else, or nothing.
 */
export function pickedAgent(answer: string, decision: RouteDecision, agents: AgentRegistry): string | undefined {
  const trimmed = answer.trim().replace(/^@/, '');
  if (trimmed === '') return undefined;
  if (/^\d+$/.test(trimmed)) return decision.candidates[Number(trimmed) - 1]?.agentId;
  return agents.has(trimmed) ? trimmed : undefined;
}

/** An answer as the conversation's history keeps it: text as it is, anything structured as compact JSON. */
export function answerText(output: unknown): string {
  if (typeof output === 'string') return output;
  if (typeof output === 'object' && output !== null && Object.keys(output).length === 1 && typeof (output as { text?: unknown }).text === 'string') {
    return (output as { text: string }).text;
  }
  return JSON.stringify(output ?? null);
}
