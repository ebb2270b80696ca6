import { userInfo } from 'node:os';
import { closestMatches } from '../core/closest-matches.ts';
import { NovaError } from '../core/errors.ts';
import type { RunOwner } from '../core/run.ts';
import type { RunResult } from '../runtime/run-agent.ts';
import type { PipelineProgress, PipelineRuntime } from './execution/execution-context.ts';
import type { ExecutionInternals } from './execution/execution-context.ts';
import { RunMemo } from './execution/run-memo.ts';
import { readOwnerState } from './execution/run-ownership.ts';
import { loadPipelineText } from './pipeline-loading.ts';
import { resumePipelineRun } from './run-pipeline.ts';
import { errorMessage } from '../core/error-message.ts';

export interface DecideStepOptions {
  runtime: PipelineRuntime;
  /** The run's id or a unique prefix. */
  runId: string;
  stepId: string;
  approved: boolean;
  /** Who decides; default the user of this process. */
  by?: string;
  comment?: string;
  /** Continue the run in this process when nobody executes it (default true). */
  continueRun?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: PipelineProgress) => void;
  park?: boolean;
  _internal?: ExecutionInternals;
}

export interface DecideStepResult {
  runId: string;
  stepId: string;
  approved: boolean;
  /** Who goes on with the run: this call (with its result), the process that executes it, or nobody yet. */
  continuation: { by: 'this-process'; result: RunResult } | { by: 'owner'; owner: RunOwner } | { by: 'nobody' };
}

/**
 * Approves or rejects an `approve` step that waits, by journalling `step-approve` or `step-reject` in
 * its run. A run that a live process executes picks the decision up there; a run that was let go
 * (`waiting`) or whose process died continues here, unless told not to.
 */
export async function decideStep(options: DecideStepOptions): Promise<DecideStepResult> {
  const { runtime } = options;
  const run = await runtime.store.runs.find(options.runId);
  if (run.kind !== 'pipeline') {
    throw new NovaError({ code: 'input_invalid', fault: 'user', message: `Run ${run.id} is not a pipeline run; only pipeline steps wait for approval`, hint: 'List waiting runs with `nova runs list --status waiting`.', runId: run.id });
  }
  if (run.endedAt !== null) {
    throw new NovaError({
      code: 'input_invalid',
      fault: 'user',
      message: `Run ${run.id} has ended (${run.status}); none of its steps waits for approval`,
      hint: run.status === 'succeeded' ? 'Nothing to do.' : `\`nova runs resume ${run.id}\` runs its failed steps again, and an approve step among them asks again.`,
      runId: run.id,
    });
  }
  const memo = RunMemo.fromEvents(await runtime.store.journal.read(run.id));
  checkWaiting(memo, run.id, options.stepId);
  const by = options.by ?? currentUser();
  const payload = { stepId: options.stepId, by, ...(options.comment === undefined ? {} : { comment: options.comment }) };
  await runtime.store.journal.append(run.id, options.approved ? { type: 'step-approve', payload } : { type: 'step-reject', payload });

  const owner = await readOwnerState(runtime.store, run.id);
  const base = { runId: run.id, stepId: options.stepId, approved: options.approved };
  if (owner.kind === 'live') return { ...base, continuation: { by: 'owner', owner: owner.owner } };
  if (options.continueRun === false) return { ...base, continuation: { by: 'nobody' } };
  const result = await resumePipelineRun({
    runtime,
    runId: run.id,
    reason: `step ${options.stepId} ${options.approved ? 'approved' : 'rejected'} by ${by}`,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    ...(options.park === undefined ? {} : { park: options.park }),
    ...(options._internal === undefined ? {} : { _internal: options._internal }),
  });
  return { ...base, continuation: { by: 'this-process', result } };
}

/** Throws, saying where the step stands, unless it is an approve step that waits for a decision. */
function checkWaiting(memo: RunMemo, runId: string, stepId: string): void {
  const source = memo.pipelineStart;
  const loaded = source === undefined ? undefined : loadPipelineText({ file: source.file, text: source.source, origin: 'file' });
  const steps = loaded?.ok === true ? loaded.pipeline.steps : [];
  const step = steps.find((candidate) => candidate.id === stepId);
  const fail = (message: string, hint: string) => {
    throw new NovaError({ code: 'input_invalid', fault: 'user', message, hint, runId });
  };
  const approveSteps = steps.filter((candidate) => candidate.kind === 'approve').map((candidate) => candidate.id);
  if (step === undefined) {
    const closest = closestMatches(stepId, steps.map((candidate) => candidate.id));
    fail(`Run ${runId} has no step "${stepId}"${closest.length > 0 ? `; closest: ${closest.join(', ')}` : ''}`, `Its approve steps: ${approveSteps.join(', ') || 'none'}.`);
    return;
  }
  if (step.kind === 'pipeline') {
    const child = memo.record(stepId)?.start?.childRunId;
    fail(
      `Step ${stepId} of run ${runId} runs a nested pipeline; the approve steps are in its run${child === undefined ? '' : ` ${child}`}`,
      child === undefined ? 'The nested run has not started yet.' : `Decide there: nova runs approve ${child} <step>; this run goes on when that one ends.`,
    );
  }
  if (step.kind !== 'approve') fail(`Step ${stepId} of run ${runId} is ${step.kind === 'agent' ? 'an agent' : `a ${step.kind}`} step; only approve steps wait for a decision`, `Its approve steps: ${approveSteps.join(', ') || 'none'}.`);
  const record = memo.record(stepId);
  if (record?.start === undefined) fail(`Step ${stepId} of run ${runId} has not started yet; it can be approved once it waits`, `See where the run stands with \`nova runs show ${runId}\`.`);
  if (record?.end !== undefined && record.start !== undefined && record.end.attempt >= record.start.attempt) {
    fail(`Step ${stepId} of run ${runId} is not waiting: it ${record.end.status}`, `See \`nova runs show ${runId}\`.`);
  }
  const decided = memo.decision(stepId, record?.startSeq ?? 0);
  if (decided !== undefined) fail(`Step ${stepId} of run ${runId} was already ${decided.approved ? 'approved' : 'rejected'} by ${decided.by}`, 'The first decision counts.');
}

function currentUser(): string {
  try {
    return userInfo().username;
  } catch (error) {
    // No user entry (some containers): the decision is still recorded, under the uid.
    return `uid ${process.getuid?.() ?? 'unknown'} (${errorMessage(error)})`;
  }
}
