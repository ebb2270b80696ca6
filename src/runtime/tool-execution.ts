import type { JSONValue, LanguageModelV3ToolResultPart } from '@ai-sdk/provider';
import { isNovaError, NovaError } from '../core/errors.ts';
import type { ToolCallRecord } from '../core/events.ts';
import { formatIssues } from '../core/schema.ts';
import type { ToolContext, ToolDefinition } from '../core/tool-spec.ts';
import type { RunRecorder } from './run-recorder.ts';
import { errorMessage } from '../core/error-message.ts';

export type ToolSet = ReadonlyMap<string, ToolDefinition>;

export interface ExecuteToolCallOptions {
  call: ToolCallRecord;
  /** The raw JSON text of the arguments, as the model produced it. */
  rawInput: string;
  step: number;
  allowed: readonly string[];
  tools: ToolSet;
  recorder: RunRecorder;
  signal: AbortSignal;
}

const defaultToolTimeoutMs = 30_000;

/**
 * Runs one tool call the model asked for and journals it (`tool-call`, then `tool-result`). A failing
 * call (not allowed, bad arguments, a throw, a timeout) is recorded with its error, shown to the model
 * so it can recover, and kept as a warning on the run. Cancellation is not a tool failure: it is thrown.
 */
export async function executeToolCall(options: ExecuteToolCallOptions): Promise<LanguageModelV3ToolResultPart> {
  const { call, step, recorder } = options;
  // Written before the tool runs: a tool with effects is never run without the journal knowing.
  await recorder.append({ type: 'tool-call', payload: { step, ...call } });
  const started = performance.now();
  let outcome: { ok: true; output: unknown } | { ok: false; error: NovaError };
  try {
    outcome = { ok: true, output: (await invoke(options)) ?? null };
  } catch (error) {
    if (options.signal.aborted) throw error;
    outcome = { ok: false, error: asToolError(error, call.toolName) };
  }
  const durationMs = Math.round((performance.now() - started) * 1000) / 1000;
  const base = { type: 'tool-result' as const, toolCallId: call.toolCallId, toolName: call.toolName };
  if (outcome.ok) {
    recorder.record({ type: 'tool-result', payload: { step, toolCallId: call.toolCallId, toolName: call.toolName, ok: true, output: outcome.output, durationMs } });
    return { ...base, output: { type: 'json', value: outcome.output as JSONValue } };
  }
  const error = outcome.error.withRunId(recorder.runId);
  recorder.record({ type: 'tool-result', payload: { step, toolCallId: call.toolCallId, toolName: call.toolName, ok: false, error: error.toJSON(), durationMs } });
  recorder.recordWarning(error.code, `Tool ${call.toolName} failed: ${error.message}`, { step, details: { toolCallId: call.toolCallId } });
  return { ...base, output: { type: 'error-text', value: `${error.code}: ${error.message}` } };
}

async function invoke(options: ExecuteToolCallOptions): Promise<unknown> {
  const { call, tools, allowed } = options;
  const tool = tools.get(call.toolName);
  if (tool === undefined || !allowed.includes(call.toolName)) {
    throw new NovaError({
      code: 'tool_not_allowed',
      fault: 'model',
      message: `Tool "${call.toolName}" is not allowed for this agent; allowed: ${allowed.length === 0 ? 'none' : allowed.join(', ')}`,
      hint: "Add the tool to the agent's `tools` list if it should be allowed.",
    });
  }
  const validation = tool.input.validate(call.input);
  if (!validation.ok) {
    throw new NovaError({
      code: 'tool_error',
      fault: 'model',
      message: `Invalid arguments for ${tool.name}: ${formatIssues(validation.issues)}`,
      hint: 'The model called the tool with arguments that do not match its schema.',
      details: { issues: validation.issues },
    });
  }
  const output = await withTimeout(tool, validation.value, options);
  if (tool.output === undefined) return output;
  const checked = tool.output.validate(output ?? null);
  if (!checked.ok) {
    throw new NovaError({
      code: 'tool_error',
      fault: 'tool',
      message: `${tool.name} returned output that does not match its output schema: ${formatIssues(checked.issues)}`,
      hint: `Fix the tool's execute function (or its output schema).`,
      details: { issues: checked.issues },
    });
  }
  return checked.value;
}

async function withTimeout(tool: ToolDefinition, input: unknown, options: ExecuteToolCallOptions): Promise<unknown> {
  const timeoutMs = tool.timeoutMs ?? defaultToolTimeoutMs;
  const controller = new AbortController();
  const onAbort = () => controller.abort(options.signal.reason);
  options.signal.addEventListener('abort', onAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new NovaError({
        code: 'tool_timeout',
        fault: 'tool',
        retryable: true,
        message: `Tool ${tool.name} did not answer within ${timeoutMs} ms`,
        hint: `Raise the tool's timeout or check what it waits on.`,
      });
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  const context: ToolContext = {
    runId: options.recorder.runId,
    step: options.step,
    toolCallId: options.call.toolCallId,
    idempotencyKey: `${options.recorder.runId}:${options.step}:${options.call.toolCallId}`,
    signal: controller.signal,
  };
  try {
    return await Promise.race([tool.execute(input, context), timeout]);
  } finally {
    clearTimeout(timer);
    options.signal.removeEventListener('abort', onAbort);
  }
}

function asToolError(error: unknown, toolName: string): NovaError {
  if (isNovaError(error)) return error;
  return new NovaError({
    code: 'tool_error',
    fault: 'tool',
    message: `${toolName} threw: ${errorMessage(error)}`,
    hint: 'See the tool-result event of the run for the error.',
    cause: error,
  });
}
