import { isNovaError, toNovaError, type ErrorDetails, type NovaError, type SerializedError } from '../core/errors.ts';
import { exitCodes } from './cli-io.ts';

/** The `error` object of every `--json` output. */
export interface JsonError {
  code: string;
  message: string;
  hint: string | null;
  fault: string;
  details?: ErrorDetails;
}

export function jsonError(error: NovaError | SerializedError): JsonError {
  return {
    code: error.code,
    message: error.message,
    hint: error.hint ?? null,
    fault: error.fault,
    ...(error.details === undefined ? {} : { details: error.details }),
  };
}

/** `error[code]: message` then `hint: ...`, for humans on stderr. */
export function formatError(error: NovaError | SerializedError): string {
  const lines = [`error[${error.code}]: ${error.message}`];
  if (error.hint !== undefined && error.hint !== null) lines.push(`hint: ${error.hint}`);
  if (error.runId !== undefined) lines.push(`run: ${error.runId}`);
  return `${lines.join('\n')}\n`;
}

/** Errors thrown before anything ran are the user's to fix (exit 2) unless Nova itself broke (exit 1). */
export function exitCodeForThrown(error: unknown): number {
  const novaError = isNovaError(error) ? error : toNovaError(error);
  if (novaError.code === 'cancelled') return exitCodes.cancelled;
  return novaError.fault === 'user' ? exitCodes.usage : exitCodes.failed;
}
