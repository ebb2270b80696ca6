import { setMaxListeners } from 'node:events';
import { systemClock } from '../core/clock.ts';
import { NovaError, toNovaError } from '../core/errors.ts';
import { newRunId } from '../core/ids.ts';
import { reduceRunEvents } from '../core/run-state.ts';
import type { RunResult } from '../runtime/run-agent.ts';
import { RunRecorder } from '../runtime/run-recorder.ts';
import { currentOwner } from '../store/owner-liveness.ts';
import { defaultGlobalSteps, Semaphore } from './execution/concurrency.ts';
import type { ChildRuns, ExecutionContext, ExecutionInternals, PipelineProgress, PipelineRuntime, ResolvedInternals } from './execution/execution-context.ts';
import { PipelineExecution, type ExecutionOutcome } from './execution/pipeline-executor.ts';
import { PipelineJournal } from './execution/pipeline-journal.ts';
import { RunMemo } from './execution/run-memo.ts';
import { claimRun, markExecuting, markStopped, readOwnerState, releaseEndedRun } from './execution/run-ownership.ts';
import type { PipelineDefinition } from './pipeline-definition.ts';
import { confinePathInputs, resolvePipelineInputs } from './pipeline-inputs.ts';
import { loadPipelineText } from './pipeline-loading.ts';
import { checkPipelineReferences } from './pipeline-references.ts';
import { invalidPipeline } from './pipeline-registry.ts';

export type { PipelineProgress, PipelineRuntime } from './execution/execution-context.ts';

interface CommonRunOptions {
  runtime: PipelineRuntime;
  /** Abort to cancel (Ctrl-C): steps in flight are cancelled, the run ends `cancelled`, resumable. */
  signal?: AbortSignal;
  onProgress?: (progress: PipelineProgress) => void;
  /**
   * When only approvals are left: true (default) lets the run go (it reads `waiting`, and
   * `nova runs approve` continues it); false keeps this process waiting for the decisions.
   */
  park?: boolean;
  _internal?: ExecutionInternals;
}

export interface StartPipelineRunOptions extends CommonRunOptions {
  pipeline: PipelineDefinition;
  /** As given; checked against the pipeline's inputs, defaults filled in. */
  inputs: Readonly<Record<string, unknown>>;
  parentRunId?: string | null;
  /** Where relative `format: path` inputs are resolved from; default the process's directory. */
  cwd?: string;
}

export interface ResumePipelineRunOptions extends CommonRunOptions {
  /** The run's id or a unique prefix of it. */
  runId: string;
  /** Why it resumes, journalled with `run-resume`. */
  reason?: string;
}

/**
 * Starts a pipeline run and executes it: a run of kind `pipeline` whose journal holds the pipeline
 * file as it was (`pipeline-start`) and every step's start and end; agent steps run as child runs.
 * Inputs that do not fit are thrown before any run exists; everything after is journalled, and the
 * result is read back from the journal. A run that waits for approvals returns `waiting`.
 */
export async function startPipelineRun(options: StartPipelineRunOptions): Promise<RunResult> {
  const { pipeline, runtime } = options;
  const inputs = confinePathInputs(pipeline, resolvePipelineInputs(pipeline, options.inputs, options.cwd === undefined ? {} : { cwd: options.cwd }), runtime.files);
  const internals = resolveInternals(options._internal);
  const now = internals.clock.now();
  const runId = options._internal?.runId ?? newRunId(now.getTime());
  const parentRunId = options.parentRunId ?? null;
  const recorder = new RunRecorder(runtime.store, runId, internals.clock);
  recorder.begin(
    { kind: 'pipeline', agentId: null, target: pipeline.id, parentRunId, input: inputs, createdAt: now, leaseExpiresAt: new Date(now.getTime() + internals.leaseMs) },
    [
      { type: 'run-start', payload: { kind: 'pipeline', agentId: null, input: inputs, owner: currentOwner(), parentRunId } },
      {
        type: 'pipeline-start',
        payload: { pipelineId: pipeline.id, file: pipeline.file, digest: pipeline.digest, source: pipeline.source, ...(runtime.files.explicit.length === 0 ? {} : { allowedPaths: [...runtime.files.explicit] }) },
      },
    ],
  );
  await recorder.commit();
  markExecuting(runId);
  return execute({ options, pipeline, inputs, recorder, memo: new RunMemo(), internals, resumed: false });
}

/**
 * Continues a pipeline run that is `interrupted` (its process died), `failed`, `cancelled`, or
 * `waiting` (after an approval), in the same run and journal: a `run-resume` event opens a new leg.
 * Steps that finished are not run again (their recorded outputs are used); a step that was in flight
 * runs again with the same attempt and idempotency key (or takes its child run's output, if that run
 * had finished); failed steps run again with a fresh retry budget. It runs the pipeline as journalled
 * when the run started, even if its file changed since (a warning says so).
 */
export async function resumePipelineRun(given: ResumePipelineRunOptions): Promise<RunResult> {
  let options = given;
  let { runtime } = options;
  const run = await runtime.store.runs.find(options.runId);
  if (run.kind !== 'pipeline') {
    throw new NovaError({
      code: 'input_invalid',
      fault: 'user',
      message: `Run ${run.id} is ${run.kind === 'agent' ? `a run of agent ${run.agentId}` : `a ${run.kind} run`}; only pipeline runs can be resumed`,
      hint: run.agentId === null ? 'Start it again.' : `Run the agent again: nova run ${run.agentId} ...`,
      runId: run.id,
    });
  }
  if (run.status === 'succeeded') {
    throw new NovaError({ code: 'input_invalid', fault: 'user', message: `Run ${run.id} already succeeded; there is nothing to resume`, hint: `See its result with \`nova runs show ${run.id}\`.`, runId: run.id });
  }
  const events = await runtime.store.journal.read(run.id);
  const memo = RunMemo.fromEvents(events);
  if (memo.pipelineStart === undefined) {
    throw new NovaError({ code: 'store_error', fault: 'system', message: `Run ${run.id} has no pipeline-start event; it cannot be resumed`, hint: 'Start the pipeline again.', runId: run.id });
  }
  const start = memo.pipelineStart;
  // What the user allowed when the run started still holds for the rest of it.
  runtime = { ...runtime, files: runtime.files.withExplicit(start.allowedPaths ?? []) };
  options = { ...options, runtime };
  const loaded = loadPipelineText({ file: start.file, text: start.source, origin: 'file' });
  if (!loaded.ok) throw invalidPipeline(start.pipelineId, loaded.issues);
  const pipeline = loaded.pipeline;
  const problems = checkPipelineReferences(pipeline, {
    agents: runtime.agents,
    tools: runtime.tools,
    pipelines: { find: (id) => (runtime.pipelines.has(id) ? runtime.pipelines.get(id) : undefined), isRefused: (id) => runtime.pipelines.refused().some((entry) => entry.id === id), ids: () => runtime.pipelines.list().map((entry) => entry.id) },
  });
  if (problems.length > 0) throw invalidPipeline(pipeline.id, problems);

  const internals = resolveInternals(options._internal);
  await claimRun(runtime.store, run.id, new Date(internals.clock.now().getTime() + internals.leaseMs));
  const recorder = new RunRecorder(runtime.store, run.id, internals.clock);
  recorder.record({ type: 'run-resume', payload: { owner: currentOwner(), resumedFrom: run.status, reason: options.reason ?? 'nova runs resume' } });
  const current = runtime.pipelines.has(pipeline.id) ? runtime.pipelines.get(pipeline.id) : undefined;
  if (current !== undefined && current.digest !== pipeline.digest) {
    recorder.recordWarning('pipeline_changed', `The file of pipeline ${pipeline.id} changed since this run started; the run continues with the pipeline as it was then`, {
      details: { file: current.file, startedWith: pipeline.digest, now: current.digest },
    });
  }
  try {
    await recorder.commit();
  } catch (error) {
    markStopped(run.id);
    throw error;
  }
  // Events of the run so far are folded: what this leg writes is read back only while waiting.
  for (const event of await runtime.store.journal.read(run.id, { afterSeq: memo.lastSeq })) memo.apply(event);
  const result = await execute({ options, pipeline, inputs: (run.input ?? {}) as Record<string, unknown>, recorder, memo, internals, resumed: true });
  if (result.status !== 'waiting' && run.parentRunId !== null) await continueParkedParent(run.parentRunId, options);
  return result;
}

/**
 * A nested run that ended while its parent run waited for it (let go, nobody executing it): the
 * parent continues now, here.
 */
async function continueParkedParent(parentRunId: string, options: ResumePipelineRunOptions): Promise<void> {
  const parent = await options.runtime.store.runs.get(parentRunId);
  if (parent === undefined || parent.kind !== 'pipeline' || parent.status !== 'waiting') return;
  if ((await readOwnerState(options.runtime.store, parentRunId)).kind !== 'none') return;
  await resumePipelineRun({ ...options, runId: parentRunId, reason: 'a nested run it waited for ended' });
}

interface ExecuteArguments {
  options: CommonRunOptions;
  pipeline: PipelineDefinition;
  inputs: Record<string, unknown>;
  recorder: RunRecorder;
  memo: RunMemo;
  internals: ResolvedInternals;
  resumed: boolean;
}

async function execute(argumentsOfRun: ExecuteArguments): Promise<RunResult> {
  const { options, pipeline, inputs, recorder, memo, internals } = argumentsOfRun;
  const { runtime } = options;
  const runId = recorder.runId;
  const onProgress = options.onProgress ?? (() => undefined);
  const stop = new AbortController();
  // Every step in flight listens to the run's signal: thousands of foreach items are not a leak.
  setMaxListeners(0, stop.signal);
  const userSignal = options.signal;
  const onUserAbort = () => stop.abort(userSignal?.reason);
  if (userSignal?.aborted === true) stop.abort(userSignal.reason);
  userSignal?.addEventListener('abort', onUserAbort, { once: true });
  const journal = new PipelineJournal(recorder, {
    onEvent: (event) => onProgress({ type: 'event', runId, event, at: internals.clock.now() }),
    onFailure: (error) => stop.abort(error),
  });
  recorder.startLease(internals.leaseMs);
  const children: ChildRuns = {
    start: (child) =>
      startPipelineRun({
        ...nestedOptions(options, internals),
        pipeline: runtime.pipelines.get(child.pipelineId),
        inputs: child.inputs,
        parentRunId: child.parentRunId,
        signal: child.signal,
        _internal: { ...internals, runId: child.runId },
      }),
    resume: (child) => resumePipelineRun({ ...nestedOptions(options, internals), runId: child.runId, signal: child.signal, reason: 'its parent run continues' }),
  };
  const context: ExecutionContext = {
    runId,
    pipeline,
    inputs,
    env: Object.fromEntries(pipeline.env.flatMap((name) => (runtime.env[name] === undefined ? [] : [[name, runtime.env[name]!]]))),
    runtime,
    journal,
    memo,
    signal: stop.signal,
    cancelled: () => userSignal?.aborted === true,
    runSlots: new Semaphore(pipeline.concurrency),
    internals,
    children,
    onProgress,
  };
  onProgress({ type: 'run-begin', runId, pipeline, resumed: argumentsOfRun.resumed });
  let outcome: ExecutionOutcome;
  try {
    try {
      outcome = await new PipelineExecution(context, { park: options.park ?? true }).run();
    } catch (error) {
      // The journal failed (nothing more can be recorded) or Nova has a bug: stop everything in flight.
      stop.abort(error);
      if (journal.failure !== undefined) throw toNovaError(journal.failure).withRunId(runId);
      outcome = { status: 'failed', errors: [toNovaError(error)] };
    }
    if (outcome.status !== 'waiting') {
      const usage = recorder.projection.usage;
      if (outcome.status === 'succeeded') {
        journal.record({ type: 'run-end', payload: { status: 'succeeded', output: outcome.output, error: null, usage } });
      } else {
        const errors = outcome.errors.map((error) => error.withRunId(runId).toJSON());
        for (const error of errors) journal.record({ type: 'error', payload: { error } });
        journal.record({ type: 'run-end', payload: { status: outcome.status, output: null, error: errors[0] ?? null, usage } });
      }
      await journal.commit();
      await releaseEndedRun(runtime.store, runId);
    }
  } finally {
    recorder.stopLease();
    userSignal?.removeEventListener('abort', onUserAbort);
    markStopped(runId);
  }
  const events = await runtime.store.journal.read(runId);
  const state = reduceRunEvents(events);
  // A run let go to wait for people reads `waiting` from its journal; the status here says so even if
  // someone approved in the instant since.
  return { runId, status: outcome.status === 'waiting' ? 'waiting' : state.status, output: state.output, error: state.error, warnings: state.warnings, usage: state.usage };
}

function nestedOptions(options: CommonRunOptions, internals: ResolvedInternals): CommonRunOptions {
  return { runtime: options.runtime, ...(options.park === undefined ? {} : { park: options.park }), _internal: { ...internals } };
}

function resolveInternals(internals: ExecutionInternals | undefined): ResolvedInternals {
  return {
    clock: internals?.clock ?? systemClock,
    sleep: internals?.sleep ?? abortableSleep,
    leaseMs: internals?.leaseMs ?? 30_000,
    pollMs: internals?.pollMs ?? 1000,
    globalSlots: internals?.globalSlots ?? defaultGlobalSteps,
  };
}

/** Waits, or rejects with the signal's reason as soon as it aborts. */
export function abortableSleep(milliseconds: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, milliseconds);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
