import type { AgentDefinition, AgentHandler, AgentSummary, DelegateRequest, DelegateResult, GenerateRequest } from '../core/agent-spec.ts';
import type { ConversationTurn } from '../core/conversation.ts';
import type { FileAccess } from '../core/file-access.ts';
import type { Schema } from '../core/schema.ts';
import type { Budget } from './budget.ts';
import type { DelegationContext } from './delegation.ts';
import { sendHandoff } from './handoff-execution.ts';
import { isNovaError, NovaError } from '../core/errors.ts';
import { formatIssues } from '../core/schema.ts';
import { generate } from './generation.ts';
import type { GenerationContext } from './generation-context.ts';
import { describeInput } from './prompt.ts';
import type { RunRecorder } from './run-recorder.ts';
import { errorMessage } from '../core/error-message.ts';

export interface HandlerExecution {
  agent: AgentDefinition;
  handler: AgentHandler;
  input: unknown;
  recorder: RunRecorder;
  signal: AbortSignal;
  agents: readonly AgentSummary[];
  files: FileAccess;
  /** Undefined for an agent without a model (a code agent). */
  generation: GenerationContext | undefined;
  budget: Budget;
  delegation: DelegationContext | undefined;
  conversation: readonly ConversationTurn[];
  idempotencyKey: string;
}

/**
 * Runs an agent's handler, journalled between `step-start` and `step-end`, with the same status rules
 * as everything else. Its output must pass the agent's output schema: a handler that breaks its own
 * contract is a system fault, loudly.
 */
export async function runHandler(execution: HandlerExecution): Promise<unknown> {
  const { agent, recorder, signal } = execution;
  await recorder.append({ type: 'step-start', payload: { handler: agent.spec.handler ?? 'inline' } });
  // Cancelled while the step was being journalled: the handler must not start.
  signal.throwIfAborted();
  let output: unknown;
  try {
    output = await execution.handler(execution.input, {
      runId: recorder.runId,
      agentId: agent.spec.id,
      idempotencyKey: execution.idempotencyKey,
      signal,
      agents: execution.agents,
      files: execution.files,
      generate: (request) => generateFor(execution, request),
      warn: (code, message) => recorder.append({ type: 'warning', payload: { code, message } }),
      delegate: (agentId, request, options) => delegateFromHandler(execution, agentId, request, options?.expect),
    });
  } catch (error) {
    if (isNovaError(error) || signal.aborted) throw error;
    throw new NovaError({
      code: 'internal_error',
      fault: 'system',
      message: `Agent ${agent.spec.id} failed in its handler: ${errorMessage(error)}`,
      hint: `This is a bug in the handler of ${agent.spec.id} (${agent.source}); the journal of the run has the details.`,
      cause: error,
    });
  }
  if (agent.outputSchema !== undefined) {
    const check = agent.outputSchema.validate(output);
    if (!check.ok) {
      throw new NovaError({
        code: 'output_invalid',
        fault: 'system',
        message: `Agent ${agent.spec.id} returned output that breaks its output schema: ${formatIssues(check.issues)}`,
        hint: `This is a bug in the handler of ${agent.spec.id}.`,
        details: { issues: check.issues },
      });
    }
  }
  recorder.record({ type: 'step-end', payload: { handler: agent.spec.handler ?? 'inline' } });
  return output ?? null;
}

/**
 * The model engine without a handler: one request with the input, answered in the output schema or as
 * `{ text }`. When the agent hands the conversation over, the target's answer is the output.
 */
export async function runDefaultModelAgent(generation: GenerationContext, input: unknown): Promise<unknown> {
  const result = await generate(
    generation,
    {
      prompt: describeInput(input),
      ...(generation.conversation === undefined ? {} : { conversation: generation.conversation }),
      ...(generation.agent.outputSchema === undefined ? {} : { output: generation.agent.outputSchema }),
    },
    { allowTransfer: true },
  );
  if (result.transfer !== undefined) {
    const child = result.transfer;
    if (child.status === 'succeeded') return child.output;
    const error = child.error;
    throw new NovaError({
      code: error?.code ?? 'internal_error',
      fault: error?.fault ?? 'system',
      message: `${generation.agent.spec.id} handed the conversation to another agent (run ${child.runId}), which failed: ${error?.message ?? child.status}`,
      hint: error?.hint ?? `See \`nova runs show ${child.runId}\`.`,
      details: { childRunId: child.runId },
    });
  }
  return generation.agent.outputSchema === undefined ? { text: result.text } : result.output;
}

async function delegateFromHandler(execution: HandlerExecution, agentId: string, request: DelegateRequest, expect: Schema | undefined): Promise<DelegateResult> {
  if (execution.delegation === undefined) {
    throw new NovaError({ code: 'handoff_rejected', fault: 'system', message: `${execution.agent.spec.id} cannot delegate here: this run was started without the other agents`, hint: 'Run it through Nova (nova run / nova ask), which gives runs the roster.' });
  }
  const outcome = await sendHandoff({
    from: execution.agent,
    mode: 'delegate',
    targetId: agentId,
    arguments: request,
    step: 0,
    recorder: execution.recorder,
    budget: execution.budget,
    delegation: execution.delegation,
    transcript: execution.conversation,
    ...(expect === undefined ? {} : { expect }),
  });
  if (outcome.kind === 'rejected') return { ok: false, runId: null, error: outcome.error.toJSON() };
  if (outcome.kind === 'transferred') throw new NovaError({ code: 'internal_error', fault: 'system', message: 'A delegation came back as a transfer', hint: 'This is a bug in Nova.' });
  if (outcome.failure !== null) return { ok: false, runId: outcome.child.runId, error: outcome.failure };
  return { ok: true, runId: outcome.child.runId, output: outcome.child.output };
}

function generateFor(execution: HandlerExecution, request: GenerateRequest) {
  if (execution.generation === undefined) {
    throw new NovaError({
      code: 'model_not_configured',
      fault: 'user',
      message: `Agent ${execution.agent.spec.id} has no model (engine ${execution.agent.spec.engine})`,
      hint: 'Code agents work without a model; give the agent `engine: model` and a model if it needs one.',
    });
  }
  // A handler's requests continue the run's conversation unless they say otherwise (a chat follow-up
  // such as "now in German" needs it); a request that must stand alone passes `conversation: []`.
  return generate(execution.generation, request.conversation === undefined ? { ...request, conversation: execution.conversation } : request);
}
