import type { JSONValue, LanguageModelV3CallOptions, LanguageModelV3FunctionTool, LanguageModelV3Message, LanguageModelV3ToolResultPart } from '@ai-sdk/provider';
import type { AgentDefinition, GenerateRequest, GenerateResult } from '../core/agent-spec.ts';
import { NovaError } from '../core/errors.ts';
import type { FinishReason, ToolCallRecord } from '../core/events.ts';
import type { ConversationTurn } from '../core/conversation.ts';
import type { Schema } from '../core/schema.ts';
import { generateWithRetry, streamWithRetry } from '../models/model-call.ts';
import type { ModelTurnResult } from '../models/model-turn-result.ts';
import type { RetryNotice, RetryPolicy } from '../models/retry-policy.ts';
import type { ResolvedModel } from '../models/model-resolver.ts';
import { usageFromProvider } from '../models/price-table.ts';
import type { Budget } from './budget.ts';
import { checkModelOutput, repairInstruction } from './output-validation.ts';
import type { RunRecorder } from './run-recorder.ts';
import { executeToolCall, type ToolSet } from './tool-execution.ts';
import { handoffCallTarget, handoffTools, type ChildOutcome, type DelegationContext } from './delegation.ts';
import { sendHandoff, type HandoffOutcome } from './handoff-execution.ts';

/** What every request of one run shares: the agent, its model and tools, the journal and the budget. */
export interface GenerationContext {
  agent: AgentDefinition;
  resolved: ResolvedModel;
  tools: ToolSet;
  recorder: RunRecorder;
  budget: Budget;
  signal: AbortSignal;
  /** Stream the model's answers (text arrives through onTextDelta as it is generated). */
  stream: boolean;
  onTextDelta?: (delta: string) => void;
  retry?: Partial<RetryPolicy>;
  /** Earlier turns of the conversation this run continues (a chat session). */
  conversation?: readonly ConversationTurn[];
  /** Other agents this one may hand work to; absent: no handoff or delegate tools. */
  delegation?: DelegationContext;
}

/** A generation's result; `transfer` when the agent handed the conversation over (the child's answer is the output). */
export interface GenerationOutcome extends GenerateResult {
  transfer?: ChildOutcome;
}

/**
 * One request to the agent's model, driven to a usable answer: ask the model, run the tools it calls,
 * feed the results back, until it gives a final answer that passes the output schema and checks (one
 * repair turn allowed). Each model call is one step of the run's budget, and is journalled before it
 * is made.
 */
export async function generate(context: GenerationContext, request: GenerateRequest, options: { allowTransfer?: boolean } = {}): Promise<GenerationOutcome> {
  const { agent, recorder, budget, resolved, signal } = context;
  const messages: LanguageModelV3Message[] = [
    { role: 'system', content: systemPrompt(request.system ?? agent.spec.instructions ?? '', request.output) },
    ...(request.conversation ?? []).map((turn): LanguageModelV3Message =>
      turn.role === 'user' ? { role: 'user', content: [{ type: 'text', text: turn.text }] } : { role: 'assistant', content: [{ type: 'text', text: turn.text }] },
    ),
    { role: 'user', content: [{ type: 'text', text: request.prompt }] },
  ];
  const allowTransfer = options.allowTransfer ?? false;
  const tools =
    request.tools === false
      ? []
      : [
          ...modelTools(agent, context.tools),
          ...(context.delegation === undefined ? [] : handoffTools(allowTransfer ? agent : { ...agent, spec: { ...agent.spec, handoffs: [] } }, context.delegation.findAgent)),
        ];
  const label = request.label === undefined ? {} : { label: request.label };
  let repairing = false;

  for (;;) {
    const step = budget.nextStep();
    await recorder.append({ type: 'model-call', payload: { step, model: resolved.modelString, attempt: 1, repair: repairing, ...label } });
    const started = performance.now();
    const turn = await callModel(context, { prompt: messages, ...(tools.length > 0 ? { tools } : {}), abortSignal: signal }, step);
    const usage = usageFromProvider(turn.usage, resolved.price);
    const toolCalls = turn.toolCalls.map(parseToolCall);
    recorder.record({
      type: 'model-result',
      payload: {
        step,
        finishReason: turn.finishReason.unified as FinishReason,
        rawFinishReason: turn.finishReason.raw ?? null,
        text: turn.text,
        toolCalls: toolCalls.map((call) => call.record),
        usage,
        durationMs: Math.round((performance.now() - started) * 1000) / 1000,
      },
    });
    budget.record(usage);
    failOnUnusableFinish(turn, resolved.modelString);

    if (toolCalls.length > 0) {
      messages.push({
        role: 'assistant',
        content: [
          ...(turn.text === '' ? [] : [{ type: 'text' as const, text: turn.text }]),
          ...toolCalls.map((call) => ({ type: 'tool-call' as const, ...call.record })),
        ],
      });
      const results: LanguageModelV3ToolResultPart[] = [];
      for (const call of toolCalls) {
        const handoff = context.delegation === undefined ? undefined : handoffCallTarget(agent, call.record.toolName);
        if (handoff === undefined || context.delegation === undefined || (handoff.mode === 'transfer' && !allowTransfer)) {
          results.push(await executeToolCall({ call: call.record, rawInput: call.rawInput, step, allowed: agent.spec.tools, tools: context.tools, recorder, signal }));
          continue;
        }
        const outcome = await sendHandoff({ from: agent, ...handoff, arguments: call.record.input, step, recorder, budget, delegation: context.delegation, transcript: transcriptOf(messages), failOnRepeatedRejection: true });
        if (outcome.kind === 'transferred') return { output: outcome.child.output, text: '', transfer: outcome.child };
        results.push(handoffResultPart(call.record, outcome));
      }
      messages.push({ role: 'tool', content: results });
      continue;
    }

    const text = turn.text.trim();
    if (text === '') {
      throw new NovaError({
        code: 'model_output_empty',
        fault: 'model',
        retryable: true,
        message: `${resolved.modelString} gave an empty answer (finish reason: ${turn.finishReason.raw ?? turn.finishReason.unified})`,
        hint: 'Try again, or use another model for this agent.',
      });
    }
    const check = checkModelOutput(text, request.output, request.check);
    if (check.ok) return { output: check.output, text };
    if (repairing) {
      throw new NovaError({
        code: 'model_output_invalid',
        fault: 'model',
        message: `${resolved.modelString} answered with output that is invalid after one repair: ${check.problem}`,
        hint: 'The answer is in the journal (`nova runs show`). A stronger model or clearer instructions usually fix this.',
        details: { issues: check.issues },
      });
    }
    recorder.recordWarning('model_output_invalid', `Answer rejected, one repair asked: ${check.problem}`, { step, details: { issues: check.issues } });
    repairing = true;
    messages.push({ role: 'assistant', content: [{ type: 'text', text: turn.text }] });
    messages.push({ role: 'user', content: [{ type: 'text', text: repairInstruction(check, request.output) }] });
  }
}

async function callModel(options: GenerationContext, callOptions: LanguageModelV3CallOptions, step: number): Promise<ModelTurnResult> {
  const { resolved, recorder } = options;
  const retries: RetryNotice[] = [];
  const common = {
    model: resolved.model,
    options: callOptions,
    signal: options.signal,
    context: { modelString: resolved.modelString, baseUrl: resolved.baseUrl ?? 'in-process' },
    ...(options.retry === undefined ? {} : { retry: options.retry }),
    onRetry: (notice: RetryNotice) => {
      retries.push(notice);
    },
  };
  try {
    if (!options.stream) return await generateWithRetry(common);
    return await streamWithRetry({ ...common, ...(options.onTextDelta === undefined ? {} : { onTextDelta: options.onTextDelta }) });
  } finally {
    // Each failed attempt that was retried is kept as a warning (recovered, or followed by the error).
    for (const notice of retries) {
      recorder.recordWarning(notice.error.code, `Model call failed (${notice.error.message}); retry ${notice.attempt} after ${notice.delayMs} ms`, {
        step,
        details: { attempt: notice.attempt, delayMs: notice.delayMs },
      });
    }
  }
}

function failOnUnusableFinish(turn: ModelTurnResult, modelString: string): void {
  if (turn.finishReason.unified === 'length') {
    throw new NovaError({
      code: 'model_truncated',
      fault: 'model',
      message: `${modelString} stopped at its output token limit; the answer is truncated`,
      hint: 'Ask for a shorter answer, split the task, or raise the model output limit.',
    });
  }
  if (turn.finishReason.unified === 'content-filter') {
    throw new NovaError({
      code: 'model_refused',
      fault: 'model',
      message: `${modelString} refused to answer (content filter)`,
      hint: 'Rephrase the request; the refusal is in the journal.',
    });
  }
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

function systemPrompt(instructions: string, output: Schema | undefined): string {
  if (output === undefined) return instructions;
  return `${instructions}\n\nAnswer with only a JSON value matching this JSON Schema:\n${JSON.stringify(output.jsonSchema)}`;
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

function parseToolCall(call: ModelTurnResult['toolCalls'][number]): { record: ToolCallRecord; rawInput: string } {
  let input: unknown;
  try {
    input = call.input.trim() === '' ? {} : JSON.parse(call.input);
  } catch {
    // Kept as the raw text: the tool's schema check then reports it to the model, which can retry.
    input = call.input;
  }
  return { record: { toolCallId: call.toolCallId, toolName: call.toolName, input }, rawInput: call.input };
}
