import type { JSONValue, LanguageModelV3FunctionTool, LanguageModelV3Message, LanguageModelV3ToolResultPart } from '@ai-sdk/provider';
import type { AgentDefinition } from '../core/agent-spec.ts';
import type { ConversationTurn } from '../core/conversation.ts';
import type { ToolCallRecord } from '../core/events.ts';
import { handoffCallTarget, handoffTools, type ChildOutcome } from './delegation.ts';
import type { GenerationContext } from './generation-context.ts';
import { sendHandoff, type HandoffOutcome } from './handoff-execution.ts';
import type { ModelTurn } from './model-turn.ts';
import { executeToolCall, type ToolSet } from './tool-execution.ts';

/**
 * The tools the model is offered: the agent's allowed tools that exist, then one tool per agent it may
 * hand work to. Transfers are offered only where the caller allows the conversation to be handed over.
 */
export function offeredTools(context: GenerationContext, allowTransfer: boolean): LanguageModelV3FunctionTool[] {
  const { agent } = context;
  return [
    ...modelTools(agent, context.tools),
    ...(context.delegation === undefined ? [] : handoffTools(allowTransfer ? agent : { ...agent, spec: { ...agent.spec, handoffs: [] } }, context.delegation.findAgent)),
  ];
}

export type DispatchOutcome =
  /** Every call was answered; the results are in the messages for the next turn. */
  | { kind: 'answered' }
  /** A call handed the conversation over: the child's answer is the run's. */
  | { kind: 'transferred'; child: ChildOutcome };

/**
 * Answers the tool calls of a model turn, in order: each call runs its tool, or sends its handoff or
 * delegation. Appends the assistant's calls and then their results to `messages`. A transfer ends the
 * dispatch at once (the calls after it are not made).
 */
export async function dispatchToolCalls(context: GenerationContext, turn: ModelTurn, messages: LanguageModelV3Message[], allowTransfer: boolean): Promise<DispatchOutcome> {
  const { agent, recorder, budget, signal } = context;
  const { step, result, toolCalls } = turn;
  messages.push({
    role: 'assistant',
    content: [...(result.text === '' ? [] : [{ type: 'text' as const, text: result.text }]), ...toolCalls.map((call) => ({ type: 'tool-call' as const, ...call.record }))],
  });
  const results: LanguageModelV3ToolResultPart[] = [];
  for (const call of toolCalls) {
    const handoff = context.delegation === undefined ? undefined : handoffCallTarget(agent, call.record.toolName);
    if (handoff === undefined || context.delegation === undefined || (handoff.mode === 'transfer' && !allowTransfer)) {
      results.push(await executeToolCall({ call: call.record, rawInput: call.rawInput, step, allowed: agent.spec.tools, tools: context.tools, recorder, signal }));
      continue;
    }
    const outcome = await sendHandoff({ from: agent, ...handoff, arguments: call.record.input, step, recorder, budget, delegation: context.delegation, transcript: transcriptOf(messages), failOnRepeatedRejection: true });
    if (outcome.kind === 'transferred') return { kind: 'transferred', child: outcome.child };
    results.push(handoffResultPart(call.record, outcome));
  }
  messages.push({ role: 'tool', content: results });
  return { kind: 'answered' };
}

function handoffResultPart(call: ToolCallRecord, outcome: Exclude<HandoffOutcome, { kind: 'transferred' }>): LanguageModelV3ToolResultPart {
  const base = { type: 'tool-result' as const, toolCallId: call.toolCallId, toolName: call.toolName };
  if (outcome.kind === 'rejected') return { ...base, output: { type: 'error-text', value: `handoff_rejected: ${outcome.error.message}` } };
  if (outcome.failure !== null) return { ...base, output: { type: 'error-text', value: `delegate_failed: ${outcome.failure.code}: ${outcome.failure.message}` } };
  return { ...base, output: { type: 'json', value: { ok: true, runId: outcome.child.runId, output: outcome.child.output as JSONValue } } };
}

/** The conversation so far as turns (user and assistant text), for history policies. */
function transcriptOf(messages: readonly LanguageModelV3Message[]): ConversationTurn[] {
  const turns: ConversationTurn[] = [];
  for (const message of messages) {
    if (message.role !== 'user' && message.role !== 'assistant') continue;
    const text = message.content.map((part) => (part.type === 'text' ? part.text : '')).join('').trim();
    if (text !== '') turns.push({ role: message.role, text });
  }
  return turns;
}

function modelTools(agent: AgentDefinition, tools: ToolSet): LanguageModelV3FunctionTool[] {
  const offered: LanguageModelV3FunctionTool[] = [];
  for (const name of agent.spec.tools) {
    const tool = tools.get(name);
    if (tool === undefined) continue;
    offered.push({ type: 'function', name, description: tool.description, inputSchema: tool.input.jsonSchema });
  }
  return offered;
}
