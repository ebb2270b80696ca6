import type { AgentDefinition, AgentSummary } from '../core/agent-spec.ts';
import { systemClock, type Clock } from '../core/clock.ts';
import { NovaError, toNovaError, type SerializedError } from '../core/errors.ts';
import { newRunId } from '../core/ids.ts';
import type { ConversationTurn } from '../core/conversation.ts';
import type { RouteDecision } from '../core/route-decision.ts';
import type { RunKind, RunStatus } from '../core/run.ts';
import { reduceRunEvents, type RunWarning } from '../core/run-state.ts';
import { formatIssues } from '../core/schema.ts';
import type { Usage } from '../core/usage.ts';
import type { RetryPolicy } from '../models/retry-policy.ts';
import type { ModelResolver, ResolvedModel } from '../models/model-resolver.ts';
import type { Store } from '../store/store.ts';
import { currentOwner } from '../store/owner-liveness.ts';
import { Budget, exceeded } from './budget.ts';
import type { GenerationContext } from './generation.ts';
import { runDefaultModelAgent, runHandler } from './handler-execution.ts';
import { RunDeadline } from './run-deadline.ts';
import { RunRecorder } from './run-recorder.ts';
import type { ToolSet } from './tool-execution.ts';

export interface RunAgentOptions {
  agent: AgentDefinition;
  input: unknown;
  store: Store;
  /** Turns the agent's model reference into a model; required for model agents. */
  resolveModel?: ModelResolver;
  tools?: ToolSet;
  /** How the agent was chosen, when it was routed: journalled as `route-decide` right after `run-start`. */
  routeDecision?: RouteDecision;
  /** Earlier turns of the conversation this run continues (a chat session), oldest first. */
  conversation?: readonly ConversationTurn[];
  /** The agents of this Nova, for handlers that plan or suggest with them. */
  agents?: readonly AgentSummary[];
  /** Abort to cancel the run (Ctrl-C): it ends `cancelled` and the journal says so. */
  signal?: AbortSignal;
  kind?: RunKind;
  parentRunId?: string | null;
  stream?: boolean;
  onTextDelta?: (delta: string) => void;
  _internal?: { clock?: Clock; leaseMs?: number; retry?: Partial<RetryPolicy>; runId?: string };
}

/** What a finished run comes to, read back from its journal. */
export interface RunResult {
  runId: string;
  status: RunStatus;
  output: unknown;
  error: SerializedError | null;
  warnings: RunWarning[];
  usage: Usage;
}

const defaultLeaseMs = 30_000;

/**
 * Runs one agent to the end and returns the result read from its journal. Problems the caller must fix
 * before there is anything to run (input that fails the agent's input schema, no model configured) are
 * thrown and create no run. Everything after that is journalled: a failure ends the run `failed`
 * (or `cancelled`), and the result says so; nothing is swallowed.
 */
export async function runAgent(options: RunAgentOptions): Promise<RunResult> {
  const { agent, store } = options;
  const input = validateInput(agent, options.input);
  const resolved = agent.spec.engine === 'model' ? resolveAgentModel(options) : undefined;
  const clock = options._internal?.clock ?? systemClock;
  const runId = options._internal?.runId ?? newRunId(clock.now().getTime());

  const recorder = new RunRecorder(store, runId, clock);
  const leaseMs = options._internal?.leaseMs ?? defaultLeaseMs;
  recorder.begin(
    { kind: options.kind ?? 'agent', agentId: agent.spec.id, parentRunId: options.parentRunId ?? null, input, createdAt: clock.now(), leaseExpiresAt: new Date(clock.now().getTime() + leaseMs) },
    [
      { type: 'run-start', payload: { kind: options.kind ?? 'agent', agentId: agent.spec.id, input, owner: currentOwner(), parentRunId: options.parentRunId ?? null } },
      ...(options.routeDecision === undefined ? [] : [{ type: 'route-decide' as const, payload: options.routeDecision }]),
      { type: 'agent-start', payload: { agentId: agent.spec.id, engine: agent.spec.engine, model: resolved?.modelString ?? null } },
    ],
  );
  recorder.startLease(leaseMs);

  const userSignal = options.signal ?? new AbortController().signal;
  const deadline = new RunDeadline(agent.spec.limits.timeoutMs, userSignal);
  const signal = deadline.signal;
  const budget = new Budget(agent.spec.limits);
  try {
    const generation: GenerationContext | undefined =
      resolved === undefined
        ? undefined
        : {
            agent,
            resolved,
            tools: options.tools ?? new Map(),
            recorder,
            budget,
            signal,
            stream: options.stream ?? false,
            ...(options.onTextDelta === undefined ? {} : { onTextDelta: options.onTextDelta }),
            ...(options._internal?.retry === undefined ? {} : { retry: options._internal.retry }),
            ...(options.conversation === undefined ? {} : { conversation: options.conversation }),
          };
    const work =
      agent.handler !== undefined
        ? runHandler({ agent, handler: agent.handler, input, recorder, signal, agents: options.agents ?? [], generation })
        : runDefaultModelAgent(requireGeneration(generation, agent), input);
    const output = await untilAborted(work, signal);
    recorder.record({ type: 'run-end', payload: { status: 'succeeded', output, error: null, usage: budget.usage } });
    await recorder.commit();
  } catch (caught) {
    const error = classify(caught, userSignal, deadline.expired, agent).withRunId(runId);
    recorder.record({ type: 'error', payload: { error: error.toJSON() } });
    const status = error.code === 'cancelled' ? 'cancelled' : 'failed';
    recorder.record({ type: 'run-end', payload: { status, output: null, error: error.toJSON(), usage: budget.usage } });
    await recorder.commit();
  } finally {
    recorder.stopLease();
    deadline.dispose();
  }

  // The result is the journal's fold (kept by the store with each commit); warnings are listed from the
  // journal itself when there are any.
  const state = recorder.projection;
  const warnings = state.warningCount === 0 ? [] : reduceRunEvents(await store.journal.read(runId)).warnings;
  return { runId, status: state.status, output: state.output, error: state.error, warnings, usage: state.usage };
}

function requireGeneration(generation: GenerationContext | undefined, agent: AgentDefinition): GenerationContext {
  if (generation !== undefined) return generation;
  throw new NovaError({
    code: 'agent_invalid',
    fault: 'user',
    message: `Agent ${agent.spec.id} has neither a handler nor a model to run`,
    hint: `Give it a handler in ${agent.source}.`,
  });
}

function validateInput(agent: AgentDefinition, input: unknown): unknown {
  if (agent.inputSchema === undefined) return input;
  const result = agent.inputSchema.validate(input);
  if (result.ok) return result.value;
  throw new NovaError({
    code: 'input_invalid',
    fault: 'user',
    message: `Input for ${agent.spec.id} is invalid: ${formatIssues(result.issues)}`,
    hint: `See the input schema with \`nova agents show ${agent.spec.id}\`.`,
    details: { issues: result.issues },
  });
}

function resolveAgentModel(options: RunAgentOptions): ResolvedModel {
  if (options.resolveModel === undefined) {
    throw new NovaError({
      code: 'model_not_configured',
      fault: 'user',
      message: `Agent ${options.agent.spec.id} needs a model, and none was given to the runtime`,
      hint: 'Set NOVA_MODEL=provider:model (for example openai:gpt-4o-mini) or models.default in $NOVA_HOME/config.yaml.',
    });
  }
  return options.resolveModel(options.agent.spec.model);
}

/** Settles with the work, or rejects as soon as the signal aborts, even if the work ignores it. */
function untilAborted<Value>(work: Promise<Value>, signal: AbortSignal): Promise<Value> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function classify(error: unknown, userSignal: AbortSignal, timedOut: boolean, agent: AgentDefinition): NovaError {
  if (userSignal.aborted) {
    return new NovaError({
      code: 'cancelled',
      fault: 'user',
      message: `Run of ${agent.spec.id} was cancelled`,
      hint: 'Nothing more runs; start it again when you want it.',
      cause: error,
    });
  }
  if (timedOut) {
    const timeout = exceeded('timeoutMs', `the run took longer than ${agent.spec.limits.timeoutMs} ms`, agent.spec.limits.timeoutMs);
    return new NovaError({ code: timeout.code, fault: 'system', message: timeout.message, hint: timeout.hint, details: timeout.details, cause: error });
  }
  return toNovaError(error);
}
