/**
 * Nova's one error taxonomy. Every failure that crosses a module boundary is a `NovaError` with a
 * stable `code` from a closed union, who is at `fault`, whether a retry can help, and a `hint` that
 * tells the user what to do next.
 */

import { maskKeyShapes } from './secret-redactor.ts';
import { errorMessage } from './error-message.ts';

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

/**
 * The structured facts each code's errors carry in `details`, so a reader takes them by code
 * (`error.detailsOf('handoff_rejected')?.reason`) instead of casting or matching the message.
 */
export interface ErrorDetailsByCode {
  config_invalid: { issues?: readonly FieldProblem[]; modelString?: string; alias?: string; knownAliases?: string[]; chain?: string[]; providers?: string[]; variable?: string };
  input_invalid: InputProblemDetails;
  agent_not_found: { closest: string[] };
  agent_invalid: { issues: readonly object[] };
  route_ambiguous: { candidates: Array<{ agentId: string; score: number }> };
  model_not_configured: ModelCallDetails & { reference?: string; variables?: string[]; configKey?: string; provider?: string; variable?: string };
  model_error: ModelCallDetails;
  model_output_invalid: { sql?: string; modelString?: string; expected?: number; received?: number; issues?: readonly ValidationIssueDetails[] };
  output_invalid: { issues?: readonly ValidationIssueDetails[]; childRunId?: string };
  model_output_empty: { delegateError?: SerializedError };
  model_refused: Record<string, never>;
  model_truncated: Record<string, never>;
  tool_not_allowed: { path?: string; resolvedPath?: string; field?: string; agentId?: string; roots?: string[]; reason?: string };
  tool_error: { issues?: readonly ValidationIssueDetails[] };
  tool_timeout: { ms?: number };
  handoff_rejected: { reason: string };
  limit_exceeded: { limit: string | number; value?: number; timeoutMs?: number };
  pipeline_invalid: { issues: readonly object[] };
  pipeline_not_found: { closest: string[] };
  step_failed: StepFailureDetails;
  run_not_found: { matches?: string[] };
  session_not_found: { matches?: string[] };
  run_interrupted: Record<string, never>;
  store_error: Record<string, never>;
  cancelled: Record<string, never>;
  internal_error: { path?: string; temporaryFile?: string };
}

/** A problem with one field (a dotted path, '' for the whole) and what is wrong with it. */
export interface FieldProblem {
  path: string;
  message: string;
}

/** What a model call's failure says beyond its message: the provider's answer, and how often it was tried. */
export interface ModelCallDetails {
  modelString?: string;
  url?: string;
  status?: number;
  providerCode?: string;
  networkCode?: string;
  /** From the provider's `retry-after`: how long to wait before the next attempt. */
  retryAfterMs?: number;
  /** Set when retries gave up: how many attempts were made. */
  attempts?: number;
}

/** Where and why input was refused: the file and position, the field, and what was expected or known. */
export interface InputProblemDetails {
  path?: string;
  resolvedPath?: string;
  file?: string;
  directory?: string;
  line?: number;
  column?: number | string;
  byteOffset?: number;
  offset?: number;
  position?: number | null;
  source?: string;
  field?: string;
  value?: string;
  reason?: string;
  issues?: readonly object[];
  problems?: string[];
  closest?: string[];
  candidates?: string[];
  available?: string[];
  examples?: readonly string[];
  missing?: string[];
  unknownAgents?: string[];
  files?: string[];
  columns?: readonly string[];
  askedIn?: string;
  delimiter?: string;
  csvCode?: string;
  schemaName?: string;
  /** The JSON Schema dialect a schema declared. */
  schemaDialect?: string;
  level?: string;
  since?: string;
  matched?: number;
  errno?: string;
  outputFile?: string;
  attempts?: number;
}

/** A failed pipeline step: which, why, what did not run; for a rejected approval, who rejected it. */
export interface StepFailureDetails {
  step?: string;
  cause?: SerializedError;
  notRun?: string[];
  /** Steps that failed at the same time. */
  alsoFailed?: string[];
  expression?: string;
  pipelineRunId?: string;
  steps?: readonly object[];
  /** An approval step a person rejected (resume asks for it again). */
  rejected?: true;
  by?: string;
  comment?: string | null;
}

/** One validation issue as errors carry it (the shape of `ValidationIssue` in schema.ts). */
export interface ValidationIssueDetails {
  path: string;
  message: string;
}

export type ErrorDetails<Code extends ErrorCode = ErrorCode> = ErrorDetailsByCode[Code];

export interface NovaErrorOptions<Code extends ErrorCode = ErrorCode> {
  code: Code;
  message: string;
  fault: Fault;
  hint?: string;
  retryable?: boolean;
  runId?: string;
  cause?: unknown;
  /** Structured facts about the failure (e.g. the closest agent ids, the issues of a validation), typed by code. */
  details?: ErrorDetails<Code>;
}

/** The JSON form of an error, as journalled and as printed by `--json`. */
export interface SerializedError {
  code: ErrorCode;
  message: string;
  hint: string | undefined;
  fault: Fault;
  retryable: boolean;
  runId?: string;
  details?: ErrorDetails;
  cause?: string;
}

export class NovaError<Code extends ErrorCode = ErrorCode> extends Error {
  override readonly name = 'NovaError';
  readonly code: Code;
  readonly fault: Fault;
  readonly hint: string | undefined;
  readonly retryable: boolean;
  readonly details: ErrorDetails<Code> | undefined;
  runId: string | undefined;

  constructor(options: NovaErrorOptions<Code>) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
    this.fault = options.fault;
    this.hint = options.hint;
    this.retryable = options.retryable ?? false;
    this.runId = options.runId;
    this.details = options.details;
  }

  /** The details of this error if it has `code`, typed for that code; undefined for any other code. */
  detailsOf<Wanted extends ErrorCode>(code: Wanted): ErrorDetails<Wanted> | undefined {
    return errorDetails(this, code);
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
    if (this.details !== undefined) serialized.details = this.details as ErrorDetails;
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

/**
 * The details of an error (thrown, or as journalled) if it has `code`, typed for that code. Details
 * are written only through `NovaError`, whose options are typed by code, so the one cast is here.
 */
export function errorDetails<Wanted extends ErrorCode>(error: { code: ErrorCode; details?: ErrorDetails | undefined }, code: Wanted): ErrorDetails<Wanted> | undefined {
  return error.code === code ? (error.details as ErrorDetails<Wanted> | undefined) : undefined;
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
  const message = errorMessage(error);
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
