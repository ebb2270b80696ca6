import type { AgentDefinition } from '../core/agent-spec.ts';
import { isNovaError, NovaError } from '../core/errors.ts';
import { formatIssues } from '../core/schema.ts';
import type { RunRecorder } from './run-recorder.ts';

/**
 * Runs a code agent's handler: one step, same journal and status rules as a model agent. Its output
 * must pass the agent's output schema; a handler that breaks its own contract is a system fault.
 */
export async function runCodeAgent(agent: AgentDefinition, input: unknown, recorder: RunRecorder, signal: AbortSignal): Promise<unknown> {
  const handler = agent.handler;
  if (handler === undefined) {
    throw new NovaError({
      code: 'agent_invalid',
      fault: 'user',
      message: `Code agent ${agent.spec.id} has no handler`,
      hint: `Name a handler in ${agent.source}.`,
    });
  }
  await recorder.append({ type: 'step-start', payload: { step: 1, handler: agent.spec.handler ?? null } });
  let output: unknown;
  try {
    output = await handler(input, {
      runId: recorder.runId,
      agentId: agent.spec.id,
      signal,
      warn: (code, message) => recorder.append({ type: 'warning', payload: { code, message, step: 1 } }),
    });
  } catch (error) {
    if (isNovaError(error) || signal.aborted) throw error;
    throw new NovaError({
      code: 'internal_error',
      fault: 'system',
      message: `Code agent ${agent.spec.id} failed: ${error instanceof Error ? error.message : String(error)}`,
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
        message: `Code agent ${agent.spec.id} returned output that breaks its output schema: ${formatIssues(check.issues)}`,
        hint: `This is a bug in the handler of ${agent.spec.id}.`,
        details: { issues: check.issues },
      });
    }
  }
  recorder.record({ type: 'step-end', payload: { step: 1 } });
  return output ?? null;
}
