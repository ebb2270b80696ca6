import { isNovaError, NovaError } from '../../core/errors.ts';
import type { PipelineStepStart } from '../../core/events.ts';
import { formatIssues } from '../../core/schema.ts';
import type { RunWarning } from '../../core/run-state.ts';
import type { Usage } from '../../core/usage.ts';
import { newRunId } from '../../core/ids.ts';
import { runAgent, type RunResult } from '../../runtime/run-agent.ts';
import { durationHint, parseDuration } from '../duration.ts';
import { evaluateTemplate, type ExpressionScope } from '../expression.ts';
import type { AgentStepDefinition, ApproveStepDefinition, PipelineStepDefinition, SleepStepDefinition, StepDefinition, ToolStepDefinition } from '../pipeline-definition.ts';
import { acquireAll } from './concurrency.ts';
import type { ExecutionContext } from './execution-context.ts';
import { readOwnerState } from './run-ownership.ts';
import { replaceCutOffChild } from './superseded-child.ts';
import { untilAborted } from '../../core/until-aborted.ts';
import { errorMessage } from '../../core/error-message.ts';

/** One unit of work: a step, or one item of a foreach step. */
export interface StepUnit<Step extends StepDefinition = StepDefinition> {
  step: Step;
  /** `check`, or `per-invalid[3]` for an item. */
  path: string;
  index: number | undefined;
  scope: ExpressionScope;
}

/** How a unit waits for something outside this process (an approval, a nested run someone else continues). */
export interface WaitControl {
  /** Resolves with the first non-undefined value `poll` gives; the run may park meanwhile. */
  waitFor<Value>(path: string, poll: () => Promise<Value | undefined>): Promise<Value>;
}

export interface AttemptInfo {
  attempt: number;
  key: string;
  /** Aborts on cancellation and on the step's timeout. */
  signal: AbortSignal;
  /** The start of this same attempt that a crash left in flight, when resuming. */
  resumed: { start: PipelineStepStart; startedAt: string } | undefined;
  waits: WaitControl;
}

export interface AttemptResult {
  output: unknown;
  childRunId?: string;
  usage?: Usage;
  /** The output is a finished child run's, recorded before a crash: nothing ran again. */
  recovered?: boolean;
  warnings?: readonly RunWarning[];
}

/** Runs one attempt of a unit, by the step's kind. Each kind journals its `step-start` before it acts. */
export function runAttempt(context: ExecutionContext, unit: StepUnit, info: AttemptInfo): Promise<AttemptResult> {
  const step = unit.step;
  switch (step.kind) {
    case 'agent':
      return agentAttempt(context, { ...unit, step }, info);
    case 'tool':
      return toolAttempt(context, { ...unit, step }, info);
    case 'sleep':
      return sleepAttempt(context, { ...unit, step }, info);
    case 'approve':
      return approveAttempt(context, { ...unit, step }, info);
    case 'pipeline':
      return pipelineAttempt(context, { ...unit, step }, info);
    default: {
      const unreachable: never = step;
      return unreachable;
    }
  }
}

function baseStart(unit: StepUnit, info: AttemptInfo): PipelineStepStart {
  return {
    stepId: unit.step.id,
    path: unit.path,
    attempt: info.attempt,
    kind: unit.step.kind,
    idempotencyKey: info.key,
    ...(unit.index === undefined ? {} : { index: unit.index }),
    ...(info.resumed === undefined ? {} : { resumed: true }),
  };
}

/** Journals the attempt's start and waits until it is durable: nothing acts before the journal knows. */
async function journalStart(context: ExecutionContext, start: PipelineStepStart): Promise<void> {
  await context.journal.append({ type: 'step-start', payload: start });
}

/** Runs work while holding a slot of the run and one of the process. */
async function withSlots<Value>(context: ExecutionContext, signal: AbortSignal, work: () => Promise<Value>): Promise<Value> {
  const release = await acquireAll([context.runSlots, context.internals.globalSlots], signal);
  try {
    return await work();
  } finally {
    release();
  }
}

async function agentAttempt(context: ExecutionContext, unit: StepUnit<AgentStepDefinition>, info: AttemptInfo): Promise<AttemptResult> {
  const { runtime } = context;
  const agentId = unit.step.agentId;
  const recorded = await recoveredChild(context, info);
  if (recorded !== undefined) return recorded;
  const agent = runtime.agents.get(agentId);
  const input = await evaluateTemplate(unit.step.input, unit.scope);
  return withSlots(context, info.signal, async () => {
    const { childRunId, supersedes } = await replaceCutOffChild({
      store: runtime.store,
      cutOff: info.resumed?.start.childRunId,
      parentRunId: context.runId,
      path: unit.path,
      newRunId: () => newRunId(context.internals.clock.now().getTime()),
      clock: context.internals.clock,
    });
    await journalStart(context, { ...baseStart(unit, info), agentId, childRunId, input, ...(supersedes === undefined ? {} : { supersedes }) });
    const result = await runAgent({
      agent,
      input,
      store: runtime.store,
      tools: runtime.tools,
      files: runtime.files,
      agents: runtime.agents.summaries(),
      signal: info.signal,
      kind: 'agent',
      parentRunId: context.runId,
      idempotencyKey: info.key,
      findAgent: (id) => (runtime.agents.has(id) ? runtime.agents.get(id) : undefined),
      ...(runtime.resolveModel === undefined ? {} : { resolveModel: runtime.resolveModel }),
      _internal: { runId: childRunId, clock: context.internals.clock },
    });
    if (result.status !== 'succeeded') {
      throw result.error === null ? new NovaError({ code: 'internal_error', fault: 'system', message: `Run ${childRunId} ended ${result.status} without an error`, runId: childRunId }) : NovaError.fromJSON({ ...result.error, runId: childRunId });
    }
    if (agent.outputSchema !== undefined) {
      const check = agent.outputSchema.validate(result.output);
      if (!check.ok) {
        throw new NovaError({
          code: 'output_invalid',
          fault: 'system',
          message: `Agent ${agentId} returned output that breaks its output schema: ${formatIssues(check.issues)}`,
          hint: `The output is in run ${childRunId} (\`nova runs show ${childRunId}\`).`,
          runId: childRunId,
          details: { issues: check.issues },
        });
      }
    }
    return { output: result.output, childRunId, usage: result.usage, warnings: result.warnings };
  });
}

/**
 * After a crash: the in-flight attempt's child run may have finished before the step's end was
 * journalled. Its recorded output is then the step's, and nothing runs again.
 */
async function recoveredChild(context: ExecutionContext, info: AttemptInfo): Promise<AttemptResult | undefined> {
  const childRunId = info.resumed?.start.childRunId;
  if (childRunId === undefined) return undefined;
  const child = await context.runtime.store.runs.get(childRunId);
  if (child?.status !== 'succeeded') return undefined;
  return { output: child.output, childRunId, usage: child.usage, recovered: true };
}

const defaultToolTimeoutMs = 30_000;

async function toolAttempt(context: ExecutionContext, unit: StepUnit<ToolStepDefinition>, info: AttemptInfo): Promise<AttemptResult> {
  const tool = context.runtime.tools.get(unit.step.toolName);
  if (tool === undefined) {
    throw new NovaError({ code: 'tool_not_allowed', fault: 'user', message: `No tool "${unit.step.toolName}"`, hint: 'See `nova pipeline validate` for the tools that exist.' });
  }
  const input = await evaluateTemplate(unit.step.input, unit.scope);
  const validation = tool.input.validate(input);
  if (!validation.ok) {
    throw new NovaError({
      code: 'input_invalid',
      fault: 'user',
      message: `Input for tool ${tool.name} is invalid: ${formatIssues(validation.issues)}`,
      hint: "Fix the step's input in the pipeline file.",
      details: { issues: validation.issues },
    });
  }
  return withSlots(context, info.signal, async () => {
    await journalStart(context, { ...baseStart(unit, info), toolName: tool.name, input: validation.value });
    const timeoutMs = unit.step.timeoutMs ?? tool.timeoutMs ?? defaultToolTimeoutMs;
    const controller = new AbortController();
    const onAbort = () => controller.abort(info.signal.reason);
    info.signal.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => controller.abort(new NovaError({ code: 'tool_timeout', fault: 'tool', retryable: true, message: `Tool ${tool.name} took longer than ${timeoutMs} ms`, hint: 'Give the step a longer timeout, or retry.' })), timeoutMs);
    try {
      const work = tool.execute(validation.value, { runId: context.runId, step: 0, toolCallId: unit.path, idempotencyKey: info.key, signal: controller.signal });
      const output = await untilAborted(work, controller.signal);
      return { output: output ?? null };
    } catch (error) {
      if (controller.signal.aborted) throw controller.signal.reason;
      if (isNovaError(error)) throw error;
      throw new NovaError({ code: 'tool_error', fault: 'tool', retryable: true, message: `Tool ${tool.name} failed: ${errorMessage(error)}`, hint: 'See the cause; retry when it is transient.', cause: error });
    } finally {
      clearTimeout(timer);
      info.signal.removeEventListener('abort', onAbort);
    }
  });
}

async function sleepAttempt(context: ExecutionContext, unit: StepUnit<SleepStepDefinition>, info: AttemptInfo): Promise<AttemptResult> {
  const now = context.internals.clock.now().getTime();
  let until: number;
  if (info.resumed?.start.until !== undefined) {
    // Resumed: sleep only what is left of the time the step set out to sleep.
    until = Date.parse(info.resumed.start.until);
  } else {
    until = now + (await sleepDuration(unit));
    await journalStart(context, { ...baseStart(unit, info), until: new Date(until).toISOString() });
  }
  const remaining = Math.max(0, until - now);
  if (remaining > 0) await context.internals.sleep(remaining, info.signal);
  return { output: null };
}

async function sleepDuration(unit: StepUnit<SleepStepDefinition>): Promise<number> {
  const value = await evaluateTemplate(unit.step.duration, unit.scope);
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  const parsed = typeof value === 'string' ? parseDuration(value) : undefined;
  if (parsed !== undefined) return parsed;
  throw new NovaError({
    code: 'step_failed',
    fault: 'user',
    message: `Sleep step ${unit.path} got ${JSON.stringify(value)}, which is not a duration`,
    hint: `The expression must give ${durationHint}.`,
  });
}

async function approveAttempt(context: ExecutionContext, unit: StepUnit<ApproveStepDefinition>, info: AttemptInfo): Promise<AttemptResult> {
  const stepId = unit.step.id;
  if (info.resumed === undefined) {
    const value = await evaluateTemplate(unit.step.question, unit.scope);
    const message = typeof value === 'string' ? value : JSON.stringify(value);
    context.journal.record({ type: 'step-start', payload: { ...baseStart(unit, info), message } });
    context.journal.record({ type: 'run-wait', payload: { reason: `approval of step ${stepId}: ${message} (nova runs approve ${context.runId} ${stepId})`, stepId } });
    await context.journal.commit();
  }
  const decision = await info.waits.waitFor(unit.path, async () => {
    const record = context.memo.record(unit.path);
    // Our own start must have been read back first: decisions count only after it.
    if (record?.start === undefined || record.start.attempt !== info.attempt) return undefined;
    return context.memo.decision(stepId, record.startSeq);
  });
  if (!decision.approved) {
    throw new NovaError({
      code: 'step_failed',
      fault: 'user',
      message: `Step ${stepId} was rejected by ${decision.by}${decision.comment === undefined ? '' : `: ${decision.comment}`}`,
      hint: `The steps that need ${stepId} did not run. \`nova runs resume ${context.runId}\` asks for approval again.`,
      details: { rejected: true, by: decision.by, comment: decision.comment ?? null },
    });
  }
  return { output: { approved: true, by: decision.by, comment: decision.comment ?? null } };
}

async function pipelineAttempt(context: ExecutionContext, unit: StepUnit<PipelineStepDefinition>, info: AttemptInfo): Promise<AttemptResult> {
  const pipelineId = unit.step.pipelineId;
  const resumedChild = info.resumed?.start.childRunId;
  let childRunId: string;
  let result: RunResult | undefined;
  if (resumedChild !== undefined && (await context.runtime.store.runs.get(resumedChild)) !== undefined) {
    childRunId = resumedChild;
    result = await settleChild(context, childRunId, info.signal);
  } else {
    const input = await evaluateTemplate(unit.step.input, unit.scope);
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new NovaError({ code: 'step_failed', fault: 'user', message: `The input of nested pipeline step ${unit.path} must be an object of inputs, got ${JSON.stringify(input)}`, hint: "Give `input:` as a mapping of the nested pipeline's inputs." });
    }
    childRunId = newRunId(context.internals.clock.now().getTime());
    await journalStart(context, { ...baseStart(unit, info), pipelineId, childRunId, input });
    result = await context.children.start({ pipelineId, inputs: input as Record<string, unknown>, parentRunId: context.runId, runId: childRunId, signal: info.signal });
    if (result.status === 'waiting') result = undefined;
  }
  // The child waits for someone (or another process continues it): so does this step.
  const settled = result ?? (await info.waits.waitFor(unit.path, () => settleChild(context, childRunId, info.signal)));
  if (settled.status !== 'succeeded') {
    throw settled.error === null
      ? new NovaError({ code: 'step_failed', fault: 'system', message: `Nested pipeline run ${childRunId} ended ${settled.status}`, hint: `See \`nova runs show ${childRunId}\`.`, runId: childRunId })
      : NovaError.fromJSON({ ...settled.error, runId: childRunId });
  }
  return { output: settled.output, childRunId, usage: settled.usage, warnings: settled.warnings };
}

/**
 * Where a nested run stands: its result once it ended well or badly; undefined while it waits for
 * people or another live process executes it. A child nobody executes any more (its process died, or
 * it failed and the parent is being resumed) is resumed here.
 */
async function settleChild(context: ExecutionContext, childRunId: string, signal: AbortSignal): Promise<RunResult | undefined> {
  const child = await context.runtime.store.runs.get(childRunId);
  if (child === undefined) return undefined;
  if (child.status === 'succeeded') return { runId: child.id, status: child.status, output: child.output, error: null, warnings: [], usage: child.usage };
  if (child.status === 'waiting') return undefined;
  if (child.status === 'running' && (await readOwnerState(context.runtime.store, childRunId)).kind === 'live') return undefined;
  const resumed = await context.children.resume({ runId: childRunId, signal });
  return resumed.status === 'waiting' ? undefined : resumed;
}

