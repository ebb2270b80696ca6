/**
 * Nova's one error taxonomy. Every failure that crosses a module boundary is a `NovaError` with a
 * stable `code` from a closed union, who is at `fault`, whether a retry can help, and a `hint` that
 * tells the user what to do next.
 */

import { maskKeyShapes } from './secret-redactor.ts';

export const errorCodes = [
  'config_invalid',
  'input_invalid',
  'agent_not_found',
  'agent_invalid',
  'route_ambiguous',
  'model_not_configured',
  'model_error',
  'model_output_invalid',
  'output_invalid',
  'model_output_empty',
  'model_refused',
  'model_truncated',
  'tool_not_allowed',
  'tool_error',
  'tool_timeout',
  'handoff_rejected',
  'limit_exceeded',
  'pipeline_invalid',
  'pipeline_not_found',
  'step_failed',
  'run_not_found',
  'session_not_found',
  'run_interrupted',
  'store_error',
  'cancelled',
  'internal_error',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/** Who has to act: the user (fix input or config), the model, a tool, the provider, or Nova itself. */
export const faults = ['user', 'model', 'tool', 'provider', 'system'] as const;
export type Fault = (typeof faults)[number];

export interface NovaErrorOptions {
  code: ErrorCode;
  message: string;
  fault: Fault;
  hint?: string;
  retryable?: boolean;
  runId?: string;
  cause?: unknown;
  /** Structured facts about the failure (e.g. the closest agent ids, the issues of a validation). */
  details?: Record<string, unknown>;
}

/** The JSON form of an error, as journalled and as printed by `--json`. */
export interface SerializedError {
  code: ErrorCode;
  message: string;
  hint: string | undefined;
  fault: Fault;
  retryable: boolean;
  runId?: string;
  details?: Record<string, unknown>;
  cause?: string;
}

export class NovaError extends Error {
  override readonly name = 'NovaError';
  readonly code: ErrorCode;
  readonly fault: Fault;
  readonly hint: string | undefined;
  readonly retryable: boolean;
  readonly details: Record<string, unknown> | undefined;
  runId: string | undefined;

  constructor(options: NovaErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
    this.fault = options.fault;
    this.hint = options.hint;
    this.retryable = options.retryable ?? false;
    this.runId = options.runId;
    this.details = options.details;
  }

  /** A copy bound to a run, so every error that leaves a run names it. */
  withRunId(runId: string): NovaError {
    if (this.runId === runId) return this;
    const copy = new NovaError({ ...this.toOptions(), runId });
    copy.stack = this.stack;
    return copy;
  }

  toJSON(): SerializedError {
    const serialized: SerializedError = {
      code: this.code,
      message: this.message,
      hint: this.hint,
      fault: this.fault,
      retryable: this.retryable,
    };
    if (this.runId !== undefined) serialized.runId = this.runId;
    if (this.details !== undefined) serialized.details = this.details;
    if (this.cause !== undefined) serialized.cause = describeCause(this.cause);
    return serialized;
  }

  private toOptions(): NovaErrorOptions {
    return {
      code: this.code,
      message: this.message,
      fault: this.fault,
      hint: this.hint,
      retryable: this.retryable,
      runId: this.runId,
      cause: this.cause,
      details: this.details,
    };
  }

  static fromJSON(serialized: SerializedError): NovaError {
    return new NovaError({
      code: serialized.code,
      message: serialized.message,
      fault: serialized.fault,
      hint: serialized.hint,
      retryable: serialized.retryable,
      runId: serialized.runId,
      details: serialized.details,
      cause: serialized.cause,
    });
  }
}

export function isNovaError(value: unknown): value is NovaError {
  return value instanceof NovaError;
}

/**
 * Keeps a NovaError as it is and wraps anything else as a system fault, keeping the original as
 * `cause`. Use it at the edge of a run, never to hide an error: the result is still thrown or recorded.
 */
export function toNovaError(error: unknown, fallback?: Partial<NovaErrorOptions>): NovaError {
  if (isNovaError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new NovaError({
    code: 'internal_error',
    fault: 'system',
    hint: 'This is a fault in Nova itself; the journal of the run has the details.',
    ...fallback,
    message: fallback?.message ?? message,
    cause: error,
  });
}

/**
 * The cause chain as one line, `Name: message; caused by Name: message`, with anything shaped like an
 * API key masked: a provider's error text often echoes the key it was sent (configured secrets of
 * any shape are masked where the error is recorded or printed, see `SecretRedactor`).
 */
function describeCause(cause: unknown): string {
  const parts: string[] = [];
  let current: unknown = cause;
  for (let depth = 0; current !== undefined && depth < maxCauseDepth; depth += 1) {
    parts.push(describeOne(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  return maskKeyShapes(parts.join('; caused by '));
}

const maxCauseDepth = 5;

function describeOne(cause: unknown): string {
  if (cause instanceof Error) return `${cause.name}: ${cause.message}`;
  if (typeof cause === 'string') return cause;
  try {
    return JSON.stringify(cause) ?? String(cause);
  } catch (error) {
    // A cyclic or BigInt-holding object: its string form is what can be told about it.
    if (error instanceof TypeError) return String(cause);
    throw error;
  }
}
