import type { Schema } from './schema.ts';

export interface ToolContext {
  runId: string;
  step: number;
  toolCallId: string;
  /** Stable for one call of one step of one run: side-effecting tools pass it on to stay idempotent on resume. */
  idempotencyKey: string;
  signal: AbortSignal;
}

/**
 * A tool an agent may call. Agents name tools in their allow-list; a call to a tool that is not on it
 * fails with `tool_not_allowed`. Input is validated against `input` before `execute` runs.
 */
export interface ToolDefinition<Input = unknown, Output = unknown> {
  name: string;
  description: string;
  input: Schema<Input>;
  /** When given, what the tool returns is checked against it (a mismatch is a `tool_error`). */
  output?: Schema<Output>;
  /** Default 30 s; a slower call fails with `tool_timeout`. */
  timeoutMs?: number;
  execute(input: Input, context: ToolContext): Promise<Output>;
}

/** Tool names are what models see: letters, digits, `_` and `-`, as the providers require. */
export const toolNamePattern = /^[a-zA-Z][a-zA-Z0-9_-]{0,63}$/;
