import type { LanguageModelV3CallOptions, LanguageModelV3FunctionTool, LanguageModelV3Message } from '@ai-sdk/provider';
import { NovaError } from '../core/errors.ts';
import type { FinishReason, ToolCallRecord } from '../core/events.ts';
import { generateWithRetry, streamWithRetry } from '../models/model-call.ts';
import type { ModelTurnResult } from '../models/model-turn-result.ts';
import { usageFromProvider } from '../models/price-table.ts';
import type { RetryNotice } from '../models/retry-policy.ts';
import type { GenerationContext } from './generation-context.ts';

/** A tool call as the model made it: its arguments parsed where they are JSON, and the raw text. */
export interface ParsedToolCall {
  record: ToolCallRecord;
  /** The raw JSON text of the arguments, as the model produced it. */
  rawInput: string;
}

export interface ModelTurn {
  /** The run's step this turn took from the budget. */
  step: number;
  result: ModelTurnResult;
  toolCalls: ParsedToolCall[];
}

export interface ModelTurnRequest {
  /** Handed to the provider as they are (not copied), as the conversation so far. */
  messages: LanguageModelV3Message[];
  tools: LanguageModelV3FunctionTool[];
  /** This turn answers the repair message. */
  repairing: boolean;
  label: string | undefined;
}

/**
 * One turn of the model: takes a step of the budget, journals `model-call` before the call and
 * `model-result` after it, charges the usage, and fails on an answer that cannot be used (truncated
 * at the token limit, refused by the content filter).
 */
export async function resolveModelTurn(context: GenerationContext, request: ModelTurnRequest): Promise<ModelTurn> {
  const { recorder, budget, resolved, signal } = context;
  const step = budget.nextStep();
  await recorder.append({ type: 'model-call', payload: { step, model: resolved.modelString, attempt: 1, repair: request.repairing, ...(request.label === undefined ? {} : { label: request.label }) } });
  const started = performance.now();
  const result = await callModel(context, { prompt: request.messages, ...(request.tools.length > 0 ? { tools: request.tools } : {}), abortSignal: signal }, step);
  const usage = usageFromProvider(result.usage, resolved.price);
  const toolCalls = result.toolCalls.map(parseToolCall);
  recorder.record({
    type: 'model-result',
    payload: {
      step,
      finishReason: result.finishReason.unified as FinishReason,
      rawFinishReason: result.finishReason.raw ?? null,
      text: result.text,
      toolCalls: toolCalls.map((call) => call.record),
      usage,
      durationMs: Math.round((performance.now() - started) * 1000) / 1000,
    },
  });
  budget.record(usage);
  failOnUnusableFinish(result, resolved.modelString);
  return { step, result, toolCalls };
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

function parseToolCall(call: ModelTurnResult['toolCalls'][number]): ParsedToolCall {
  let input: unknown;
  try {
    input = call.input.trim() === '' ? {} : JSON.parse(call.input);
  } catch {
    // Kept as the raw text: the tool's schema check then reports it to the model, which can retry.
    input = call.input;
  }
  return { record: { toolCallId: call.toolCallId, toolName: call.toolName, input }, rawInput: call.input };
}
