import type { AgentDefinition, AgentLimits, AgentSummary } from '../core/agent-spec.ts';
import { systemClock, type Clock } from '../core/clock.ts';
import { isNovaError, NovaError, toNovaError, type SerializedError } from '../core/errors.ts';
import { newRunId } from '../core/ids.ts';
import type { ConversationTurn } from '../core/conversation.ts';
import type { RouteDecision } from '../core/route-decision.ts';
import type { RunKind, RunStatus } from '../core/run.ts';
import { reduceRunEvents, type RunWarning } from '../core/run-state.ts';
import { formatIssues } from '../core/schema.ts';
import { emptyUsage, type Usage } from '../core/usage.ts';
import type { RetryPolicy } from '../models/retry-policy.ts';
import { generateWithRetry } from '../models/model-call.ts';
import type { ModelResolver, ResolvedModel } from '../models/model-resolver.ts';
import type { Store } from '../store/store.ts';
import { currentOwner } from '../store/owner-liveness.ts';
import { Budget, exceeded } from './budget.ts';
import type { ToolDefinition } from '../core/tool-spec.ts';
import type { DelegationContext } from './delegation.ts';
import { transcriptTool } from './transcript-tool.ts';
import type { GenerationContext } from './generation-context.ts';
import { runDefaultModelAgent, runHandler } from './handler-execution.ts';
import { RunDeadline } from './run-deadline.ts';
import { RunRecorder } from './run-recorder.ts';
import type { ToolSet } from './tool-execution.ts';
import { untilAborted } from '../core/until-aborted.ts';
import { FileAccess } from '../core/file-access.ts';
import { checkInputPaths } from './input-paths.ts';

export interface RunAgentOptions {
  agent: AgentDefinition;
  input: unknown;
  store: Store;
  /** Turns the agent's model reference into a model; required for model agents. */
  resolveModel?: ModelResolver;
  tools?: ToolSet;
  /** How the agent was chosen, when it was routed: journalled as `route-decide` right after `run-start`. */
  routeDecision?: RouteDecision;
  /** Finds the agents this one may hand work to; absent, the agent has no handoff or delegate tools. */
  findAgent?: (id: string) => AgentDefinition | undefined;
  /** The agents that handed work down to this run, first first (set for child runs). */
  chain?: readonly string[];
  /** Limits for this run instead of the agent's own (a delegate gets what its sender has left). */
  limits?: AgentLimits;
  /** How deep handoffs may go (default 5), and whether a chain may come back to an agent already in it. */
  handoffs?: { maxDepth?: number; allowCycles?: boolean };
  /** Earlier turns of the conversation this run continues (a chat session), oldest first. */
  conversation?: readonly ConversationTurn[];
  /** The key side effects of this run use (a pipeline step's, stable across resumes); default the run id. */
  idempotencyKey?: string;
  /** The agents of this Nova, for handlers that plan or suggest with them. */
  agents?: readonly AgentSummary[];
  /**
   * Which files the agent may be given and open; default the current directory only. Paths the user
   * allowed on the command line hold for this run, not for the agents it delegates to.
   */
  files?: FileAccess;
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
  const files = options.files ?? new FileAccess({ roots: [process.cwd()] });
  const input = checkInputPaths(agent, validateInput(agent, options.input), files);
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

  const limits = options.limits ?? agent.spec.limits;
  const userSignal = options.signal ?? new AbortController().signal;
  const deadline = new RunDeadline(limits.timeoutMs, userSignal);
  const signal = deadline.signal;
  const budget = new Budget(limits);
  // Streamed text reaches the terminal without the configured secrets, also when one is split across deltas.
  const deltas = options.onTextDelta === undefined ? undefined : store.redactor.deltas(options.onTextDelta);
  const streaming: RunAgentOptions = { ...options, onTextDelta: deltas?.write };
  const delegation = delegationFor(streaming, runId, signal, files);
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
            ...(deltas === undefined ? {} : { onTextDelta: deltas.write }),
            ...(options._internal?.retry === undefined ? {} : { retry: options._internal.retry }),
            ...(options.conversation === undefined ? {} : { conversation: options.conversation }),
            ...(delegation === undefined ? {} : { delegation }),
          };
    const work =
      agent.handler !== undefined
        ? runHandler({ agent, handler: agent.handler, input, recorder, signal, agents: options.agents ?? [], files, generation, budget, delegation, conversation: options.conversation ?? [], idempotencyKey: options.idempotencyKey ?? runId })
        : runDefaultModelAgent(requireGeneration(generation, agent), input);
    const output = await untilAborted(work, signal);
    recorder.record({ type: 'run-end', payload: { status: 'succeeded', output, error: null, usage: budget.usage } });
    await recorder.commit();
  } catch (caught) {
    const error = withDelegateCause(classify(caught, userSignal, deadline.expired, limits, agent), delegation).withRunId(runId);
    recorder.record({ type: 'error', payload: { error: error.toJSON() } });
    const status = error.code === 'cancelled' ? 'cancelled' : 'failed';
    recorder.record({ type: 'run-end', payload: { status, output: null, error: error.toJSON(), usage: budget.usage } });
    await recorder.commit();
  } finally {
    deltas?.end();
    recorder.stopLease();
    deadline.dispose();
  }

  // The result is the journal's fold (kept by the store with each commit); warnings are listed from the
  // journal itself when there are any.
  const state = recorder.projection;
  const warnings = state.warningCount === 0 ? [] : reduceRunEvents(await store.journal.read(runId)).warnings;
  return { runId, status: state.status, output: state.output, error: state.error, warnings, usage: state.usage };
}

/** The run's way to reach other agents, when the caller gave the roster; child runs go through runAgent again. */
function delegationFor(options: RunAgentOptions, runId: string, signal: AbortSignal, files: FileAccess): DelegationContext | undefined {
  const findAgent = options.findAgent;
  if (findAgent === undefined) return undefined;
  const chain = [...(options.chain ?? []), options.agent.spec.id];
  // Children's keys follow the order of the delegations, so a replayed run gives them the same keys.
  let delegations = 0;
  return {
    findAgent,
    chain,
    maxDepth: options.handoffs?.maxDepth ?? 5,
    allowCycles: options.handoffs?.allowCycles ?? false,
    rejections: 0,
    lastFailure: null,
    ...(options.resolveModel === undefined ? {} : { summarize: fastSummarizer(options.resolveModel, signal) }),
    async runChild(request) {
      const transfer = request.envelope.mode === 'transfer';
      // The target reads the sender's full conversation by reference, through a tool bound to this run.
      const reader = transcriptTool(options.store, runId);
      const target = { ...request.target, spec: { ...request.target.spec, tools: [...request.target.spec.tools, reader.name] } };
      try {
        const result = await runAgent({
          ...options,
          agent: target,
          tools: new Map([...(options.tools ?? new Map()), [reader.name, reader as ToolDefinition]]),
          input: request.input,
          // A delegate is chosen by a model: it gets the roots, never what the user allowed for this run.
          files: files.withoutExplicit(),
          parentRunId: runId,
          chain,
          limits: request.limits,
          signal,
          conversation: [],
          idempotencyKey: `${options.idempotencyKey ?? runId}/${request.envelope.to}/${(delegations += 1)}`,
          // Only a transferred-to agent answers the user, so only it streams.
          stream: transfer && (options.stream ?? false),
          onTextDelta: transfer ? options.onTextDelta : undefined,
          _internal: { ...options._internal, runId: request.runId },
          routeDecision: undefined,
        });
        return { runId: result.runId, status: result.status, output: result.output, error: result.error, usage: result.usage };
      } catch (error) {
        // Refused before its run began (e.g. the target has no model): a failure of the delegate, not of this run.
        return { runId: request.runId, status: 'failed', output: null, error: toNovaError(error).toJSON(), usage: emptyUsage };
      }
    },
  };
}

/**
 * Summaries for the `summary` history policy, by the `fast` model alias, resolved when first needed
 * (not on every run). No `fast` alias in the config gives undefined: the documented fallback to the
 * last turns. Any other problem (an alias that does not resolve, a provider error) is thrown, and the
 * handoff records it as a warning before falling back.
 */
function fastSummarizer(resolveModel: ModelResolver, signal: AbortSignal): (turns: readonly ConversationTurn[]) => Promise<string | undefined> {
  return async (turns) => {
    let fast: ResolvedModel;
    try {
      fast = resolveModel('fast');
    } catch (error) {
      if (isNovaError(error) && error.detailsOf('config_invalid')?.alias === 'fast') return undefined;
      throw error;
    }
    const transcript = turns.map((turn) => `${turn.role}: ${turn.text}`).join('\n');
    const result = await generateWithRetry({
      model: fast.model,
      options: { prompt: [{ role: 'system', content: 'Summarise this conversation in a few sentences for another assistant who takes over: the goal, the facts established, what is still open.' }, { role: 'user', content: [{ type: 'text', text: transcript }] }], abortSignal: signal },
      signal,
      context: { modelString: fast.modelString, baseUrl: fast.baseUrl ?? 'in-process' },
    });
    if (result.text.trim() === '') throw new NovaError({ code: 'model_output_empty', fault: 'model', message: `${fast.modelString} gave an empty summary`, hint: 'Try again, or use last:N history.' });
    return result.text.trim();
  };
}

/** A run that fails after a delegate failed keeps the delegate's error as its cause. */
function withDelegateCause(error: NovaError, delegation: DelegationContext | undefined): NovaError {
  const cause = delegation?.lastFailure;
  if (cause === null || cause === undefined || error.code === 'cancelled') return error;
  return new NovaError({ code: error.code, fault: error.fault, message: error.message, hint: error.hint, retryable: error.retryable, cause: error, details: { ...error.details, delegateError: cause } });
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


function classify(error: unknown, userSignal: AbortSignal, timedOut: boolean, limits: AgentLimits, agent: AgentDefinition): NovaError {
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
    const timeout = exceeded('timeoutMs', `the run took longer than ${limits.timeoutMs} ms`, limits.timeoutMs);
    return new NovaError({ code: timeout.code, fault: 'system', message: timeout.message, hint: timeout.hint, details: timeout.details, cause: error });
  }
  return toNovaError(error);
}
