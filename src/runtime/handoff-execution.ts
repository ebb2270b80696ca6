import type { ConversationTurn } from '../core/conversation.ts';
import { isNovaError, NovaError, type SerializedError } from '../core/errors.ts';
import { newRunId } from '../core/ids.ts';
import type { Schema } from '../core/schema.ts';
import { formatIssues } from '../core/schema.ts';
import type { Budget } from './budget.ts';
import { prepareHandoff, type ChildOutcome, type DelegationContext, type HandoffMode } from './delegation.ts';
import type { AgentDefinition } from '../core/agent-spec.ts';
import type { RunRecorder } from './run-recorder.ts';

export interface HandoffCall {
  from: AgentDefinition;
  mode: HandoffMode;
  targetId: string;
  arguments: unknown;
  step: number;
  recorder: RunRecorder;
  budget: Budget;
  delegation: DelegationContext;
  transcript: readonly ConversationTurn[];
  /** For delegations from code: the output the caller expects; a result that breaks it is a failure. */
  expect?: Schema;
  /** A model gets to see one refusal; code gets every refusal as a typed result (default false). */
  failOnRepeatedRejection?: boolean;
}

export type HandoffOutcome =
  | { kind: 'rejected'; error: NovaError }
  | { kind: 'transferred'; child: ChildOutcome }
  | { kind: 'delegated'; child: ChildOutcome; failure: SerializedError | null };

/**
 * Sends one handoff or delegation and journals it in the sender's run: `handoff-send` and
 * `handoff-accept` (or `handoff-reject`) for a transfer, `delegate-start` and `delegate-end` for a
 * delegation, each with the envelope. A rejection is shown to a model once; a second one in the same
 * run fails it (code gets each refusal as a typed result). A delegate's failure comes back as a typed failure, kept as a warning on the sender's
 * run and remembered as the cause if the sender does not recover.
 */
export async function sendHandoff(call: HandoffCall): Promise<HandoffOutcome> {
  const { recorder, step, delegation } = call;
  const summary = await summaryFor(call);
  let prepared;
  try {
    prepared = prepareHandoff({ from: call.from, mode: call.mode, targetId: call.targetId, arguments: call.arguments, runId: recorder.runId, budget: call.budget, delegation, transcript: call.transcript, ...(summary === undefined ? {} : { summary }) });
  } catch (error) {
    if (!isNovaError(error) || error.code !== 'handoff_rejected') throw error;
    delegation.rejections += 1;
    recorder.record({ type: 'handoff-reject', payload: { step, targetId: call.targetId, mode: call.mode, reason: error.detailsOf('handoff_rejected')?.reason ?? error.code, error: error.toJSON() } });
    if (call.failOnRepeatedRejection === true && delegation.rejections > 1) throw error;
    recorder.recordWarning('handoff_rejected', error.message, { step, details: { reason: error.detailsOf('handoff_rejected')?.reason ?? error.code } });
    return { kind: 'rejected', error };
  }
  const childRunId = newRunId();
  if (prepared.unreadFacts.length > 0) {
    recorder.recordWarning('handoff_facts_unread', `${call.targetId} has no input field for the facts ${prepared.unreadFacts.join(', ')}: they are in the envelope, but it does not read them`, { step, details: { targetId: call.targetId, facts: prepared.unreadFacts } });
  }
  if (call.mode === 'transfer') {
    recorder.record({ type: 'handoff-send', payload: { step, envelope: prepared.envelope } });
    recorder.record({ type: 'handoff-accept', payload: { step, envelope: prepared.envelope, childRunId } });
    await recorder.commit();
    return { kind: 'transferred', child: await delegation.runChild({ ...prepared, runId: childRunId }) };
  }
  await recorder.append({ type: 'delegate-start', payload: { step, envelope: prepared.envelope, childRunId } });
  const child = await delegation.runChild({ ...prepared, runId: childRunId });
  call.budget.record(child.usage);
  let failure = child.status === 'succeeded' ? null : (child.error ?? missingError(child));
  if (failure === null && call.expect !== undefined) {
    const check = call.expect.validate(child.output);
    if (!check.ok) {
      failure = new NovaError({
        code: 'output_invalid',
        fault: 'model',
        message: `${call.targetId} succeeded, but its output is not what ${call.from.spec.id} expects: ${formatIssues(check.issues)}`,
        hint: `Ask ${call.targetId} for the expected shape, or accept what it gives.`,
        runId: child.runId,
        details: { issues: check.issues },
      }).toJSON();
    }
  }
  recorder.record({
    type: 'delegate-end',
    payload: { step, childRunId, targetId: call.targetId, status: failure === null ? 'succeeded' : 'failed', ...(failure === null ? { output: child.output } : { error: failure }) },
  });
  if (failure !== null) delegation.lastFailure = failure;
  if (failure !== null) recorder.recordWarning('delegate_failed', `Delegate ${call.targetId} (run ${child.runId}) failed: ${failure.code}: ${failure.message}`, { step, details: { childRunId: child.runId } });
  return { kind: 'delegated', child, failure };
}

/** The fast model's summary of the conversation, when the policy asks for one and a fast model is configured. */
async function summaryFor(call: HandoffCall): Promise<string | undefined> {
  const requested = (call.arguments as { history?: unknown } | null)?.history;
  const mode = typeof requested === 'string' ? requested : call.delegation.findAgent(call.targetId)?.spec.history;
  if (mode !== 'summary' || call.transcript.length === 0 || call.delegation.summarize === undefined) return undefined;
  try {
    return await call.delegation.summarize(call.transcript);
  } catch (error) {
    if (!isNovaError(error) || error.code === 'cancelled') throw error;
    // Recovered: the last turns go instead of the summary, and the run says so.
    call.recorder.recordWarning(error.code, `Could not summarise the conversation for ${call.targetId} (${error.message}); the last turns were sent instead`, { step: call.step });
    return undefined;
  }
}

function missingError(child: ChildOutcome): SerializedError {
  return { code: 'internal_error', message: `Run ${child.runId} ended ${child.status} without an error`, hint: undefined, fault: 'system', retryable: false };
}
