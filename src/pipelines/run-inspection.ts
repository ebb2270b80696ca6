import { errorDetails, type SerializedError } from '../core/errors.ts';
import type { RunEvent } from '../core/events.ts';
import type { RunRecord } from '../core/run.ts';
import { reduceRunEvents } from '../core/run-state.ts';
import type { Store } from '../store/store.ts';
import { summarizeSteps, type StepSummary } from './run-summary.ts';

/** What went wrong in a run, read from its journal (and its failed step's child run). */
export interface RunInspection {
  run: { id: string; kind: string; target: string | null; status: string; parentRunId: string | null; startedAt: string | null; endedAt: string | null; input: unknown };
  /** The step that failed (its first failing attempt's last one), for pipeline runs. */
  failedStep: StepSummary | null;
  /** The failure at its root: the failed step's child run's error when there is one, else the run's. */
  error: SerializedError | null;
  /** The child run that did the failing step's work, and its last events. */
  childRun: { id: string; agentId: string | null; status: string; lastEvents: Array<{ seq: number; type: string; summary: string }> } | null;
  /** Steps that had ended before the failing step ended, in order. */
  ranBefore: Array<{ path: string; status: string; durationMs: number }>;
  /** Steps that never started. */
  notRun: string[];
  warnings: Array<{ code: string; message: string }>;
  resume: { helps: 'yes' | 'after-fix' | 'no'; reason: string; command: string | null };
  /** The inspection in a few sentences. */
  summary: string;
}

/**
 * Explains a run from its journal: which step failed, with what input, the error and its hint, what
 * ran before, what did not run, and whether `nova runs resume` will help.
 */
export async function inspectRun(store: Store, run: RunRecord): Promise<RunInspection> {
  const events = await store.journal.read(run.id);
  const state = reduceRunEvents(events, { ownerAlive: run.status !== 'interrupted' });
  const steps = run.kind === 'pipeline' ? summarizeSteps(events) : [];
  const topSteps = steps.filter((step) => step.index === null);
  const failedStep = firstFailure(steps);
  const childRun = failedStep?.childRunId === null || failedStep === null ? null : await describeChild(store, failedStep.childRunId);
  const error = childRun?.error ?? failedStep?.error ?? state.error ?? run.error;
  const ranBefore = topSteps
    .filter((step) => step.status !== 'running' && step.status !== 'waiting' && step.path !== failedStep?.stepId && (failedStep === null || step.lastSeq < failedStep.lastSeq))
    .map((step) => ({ path: step.path, status: step.status, durationMs: step.durationMs }));
  const started = new Set(topSteps.map((step) => step.stepId));
  const declared = declaredSteps(events);
  const notRun = declared.filter((id) => !started.has(id));
  const resume = resumeAdvice(run, state.status, failedStep, error);
  const inspection: RunInspection = {
    run: { id: run.id, kind: run.kind, target: run.target, status: run.status, parentRunId: run.parentRunId, startedAt: run.startedAt, endedAt: run.endedAt, input: run.input },
    failedStep,
    error: error ?? null,
    childRun: childRun === null ? null : { id: childRun.id, agentId: childRun.agentId, status: childRun.status, lastEvents: childRun.lastEvents },
    ranBefore,
    notRun,
    warnings: state.warnings.map((warning) => ({ code: warning.code, message: warning.message })),
    resume,
    summary: '',
  };
  inspection.summary = summarize(inspection);
  return inspection;
}

/** The step whose failure ended the run: the first (by journal order) that ended failed without being allowed to. */
function firstFailure(steps: readonly StepSummary[]): StepSummary | null {
  const failed = steps.filter((step) => step.status === 'failed' && step.note === null).sort((left, right) => left.lastSeq - right.lastSeq);
  // An item of a foreach names the failure more precisely than the foreach as a whole.
  const first = failed[0];
  if (first === undefined) return steps.find((step) => step.status === 'running' || step.status === 'waiting') ?? null;
  if (first.index === null) {
    const item = failed.find((step) => step.stepId === first.stepId && step.index !== null);
    if (item !== undefined) return item;
  }
  return first;
}

function declaredSteps(events: readonly RunEvent[]): string[] {
  const start = events.find((event) => event.type === 'pipeline-start');
  if (start?.type !== 'pipeline-start') return [];
  // The ids as written (`- id: x` under steps); a full parse is not needed to list them.
  return [...start.payload.source.matchAll(/^\s*-\s*id:\s*["']?([a-z][a-z0-9_-]*)["']?\s*$/gm)].map((match) => match[1]!);
}

async function describeChild(store: Store, childRunId: string) {
  const child = await store.runs.get(childRunId);
  if (child === undefined) return null;
  const events = await store.journal.read(childRunId);
  const failedTool = [...events].reverse().find((event) => event.type === 'tool-result' && !event.payload.ok);
  return {
    id: child.id,
    agentId: child.agentId,
    status: child.status,
    error: child.error ?? (failedTool?.type === 'tool-result' ? (failedTool.payload.error ?? null) : null),
    lastEvents: events.slice(-5).map((event) => ({ seq: event.seq, type: event.type, summary: describeEvent(event) })),
  };
}

function describeEvent(event: RunEvent): string {
  switch (event.type) {
    case 'error':
      return `${event.payload.error.code}: ${event.payload.error.message}`;
    case 'tool-result':
      return `${event.payload.toolName} ${event.payload.ok ? 'ok' : `failed: ${event.payload.error?.message ?? ''}`}`;
    case 'model-result':
      return `${event.payload.finishReason}, ${event.payload.usage.totalTokens} tokens`;
    case 'run-end':
      return event.payload.status;
    default:
      return JSON.stringify(event.payload).slice(0, 120);
  }
}

const permanentCodes = new Set(['input_invalid', 'config_invalid', 'agent_not_found', 'agent_invalid', 'pipeline_invalid', 'pipeline_not_found', 'model_not_configured', 'tool_not_allowed']);

function resumeAdvice(run: RunRecord, status: string, failedStep: StepSummary | null, error: SerializedError | null | undefined): RunInspection['resume'] {
  const command = `nova runs resume ${run.id}`;
  if (run.kind !== 'pipeline') {
    return { helps: 'no', reason: `Only pipeline runs are resumed; run the agent again${run.agentId === null ? '' : ` (nova run ${run.agentId} ...)`}.`, command: null };
  }
  if (run.status === 'succeeded') return { helps: 'no', reason: 'The run succeeded; there is nothing to resume.', command: null };
  if (run.status === 'interrupted') return { helps: 'yes', reason: 'Its process died; resume continues where it stopped, and steps that finished are not run again.', command };
  if (status === 'waiting') return { helps: 'no', reason: `It waits for a decision${failedStep === null ? '' : ` on step ${failedStep.stepId}`}: approve or reject it (nova runs approve ${run.id} <step>).`, command: null };
  if (run.status === 'running') return { helps: 'no', reason: 'It is still running.', command: null };
  if (error === null || error === undefined) return { helps: 'yes', reason: 'Resume runs its unfinished steps.', command };
  if (error.code === 'cancelled') return { helps: 'yes', reason: 'It was cancelled; resume continues it.', command };
  if (isApprovalRejection(error)) return { helps: 'yes', reason: 'A person rejected an approval; resume asks for it again.', command };
  if (permanentCodes.has(error.code) || (error.fault === 'user' && error.code !== 'limit_exceeded')) {
    return { helps: 'after-fix', reason: `The step failed on its input or configuration (${error.code}); it would fail the same way. Fix that first${error.hint === undefined ? '' : ` (${error.hint})`}, then resume: the failed step runs again, the finished ones are reused.`, command };
  }
  return { helps: 'yes', reason: `The failure (${error.code}, at fault: ${error.fault}) may not happen again; resume runs the failed step again (with a fresh retry budget) and reuses the finished ones.`, command };
}

function summarize(inspection: RunInspection): string {
  const { run, failedStep, error } = inspection;
  const sentences: string[] = [];
  sentences.push(`Run ${run.id} (${run.kind} ${run.target ?? ''}) is ${run.status}.`.replace(' )', ')'));
  if (failedStep !== null && (failedStep.status === 'failed' || run.status === 'interrupted')) {
    const what = failedStep.agentId === null ? failedStep.kind ?? 'step' : `agent ${failedStep.agentId}`;
    sentences.push(
      failedStep.status === 'failed'
        ? `Step ${failedStep.path} (${what}) failed after ${failedStep.attempts} attempt(s)${failedStep.input === null ? '' : ` with input ${JSON.stringify(failedStep.input).slice(0, 200)}`}.`
        : `Step ${failedStep.path} (${what}) was in flight when the process died.`,
    );
  }
  if (error !== null) sentences.push(`Error ${error.code} (${error.fault}): ${error.message}${error.hint === undefined || error.hint === null ? '' : ` Hint: ${error.hint}`}`);
  if (inspection.ranBefore.length > 0) sentences.push(`Before it: ${inspection.ranBefore.map((step) => `${step.path} ${step.status}`).join(', ')}.`);
  if (inspection.notRun.length > 0) sentences.push(`Never started: ${inspection.notRun.join(', ')}.`);
  sentences.push(`Resume: ${inspection.resume.helps === 'yes' ? 'will help' : inspection.resume.helps === 'after-fix' ? 'helps after the fix' : 'does not apply'}. ${inspection.resume.reason}`);
  return sentences.join(' ');
}

/** Whether a failure is, or was caused by, a person rejecting an approval step (read from the details, never the message). */
function isApprovalRejection(error: SerializedError): boolean {
  const details = errorDetails(error, 'step_failed');
  if (details === undefined) return false;
  if (details.rejected === true) return true;
  return details.cause !== undefined && isApprovalRejection(details.cause);
}
