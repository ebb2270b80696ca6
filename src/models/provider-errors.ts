import { APICallError, LoadAPIKeyError } from '@ai-sdk/provider';
import { NovaError, type ModelCallDetails } from '../core/errors.ts';
import { maskKeyShapes } from '../core/secret-redactor.ts';
import { isProviderName } from './model-reference.ts';
import type { ProviderName } from './model-reference.ts';
import { findNetworkFailure } from './network-failure.ts';
import { displayUrl, providerVariables } from './provider-environment.ts';

/** Which model a call went to, so errors can name it. */
export interface ModelCallContext {
  modelString: string;
  /** The provider's base URL, as configured (see `CreatedLanguageModel.baseUrl`). */
  baseUrl: string;
}

/**
 * True for cancellations: the caller's signal fired (`AbortError`) or a timeout signal did
 * (`TimeoutError`). These are not model errors; the runtime turns them into `cancelled`.
 */
export function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

/**
 * Maps a failure of a provider call to a NovaError `model_error` whose hint says what to do: 401/403
 * (check the key variable), 429 (rate limit, retryable), 5xx (retryable), other 4xx (the provider's
 * message), unreachable server (retryable, names the URL). A NovaError is returned unchanged. The
 * original error is kept as `cause`; secrets never enter the message, hint or details.
 *
 * @throws the original error, untouched, when it is an abort (see `isAbortError`).
 */
export function toModelError(error: unknown, context: ModelCallContext): NovaError {
  if (error instanceof NovaError) return error;
  if (isAbortError(error)) throw error;
  const provider = providerOf(context.modelString);
  const baseUrl = displayUrl(context.baseUrl);
  const url = APICallError.isInstance(error) ? displayUrl(error.url) : baseUrl;
  const details: ModelCallDetails = { modelString: context.modelString, url };
  if (APICallError.isInstance(error) && error.statusCode !== undefined) {
    return fromStatus(error, error.statusCode, provider, context, details);
  }
  const network = findNetworkFailure(error);
  if (network !== undefined) {
    const baseUrlVariable = provider === undefined ? 'the base URL' : providerVariables[provider].baseUrl;
    return new NovaError({
      code: 'model_error',
      fault: 'provider',
      retryable: true,
      message: `Could not reach ${baseUrl} for ${context.modelString}: ${network.reason}${network.code === undefined ? '' : ` (${network.code})`}.`,
      hint: `Is the server running and reachable from here? Check ${baseUrlVariable} (now ${baseUrl}).`,
      details: { ...details, networkCode: network.code },
      cause: error,
    });
  }
  if (LoadAPIKeyError.isInstance(error)) {
    return new NovaError({
      code: 'model_not_configured',
      fault: 'user',
      message: `No API key for ${context.modelString}.`,
      hint: keyHint(provider),
      details,
      cause: error,
    });
  }
  if (!(error instanceof Error)) {
    // An error the provider sent inside a stream, e.g. `data: {"error": {...}}`.
    const type = (error as { type?: unknown } | null)?.type;
    return new NovaError({
      code: 'model_error',
      fault: 'provider',
      retryable: typeof type === 'string' && /server|overloaded|rate_limit|unavailable/i.test(type),
      message: `The provider reported an error for ${context.modelString}: ${maskKeyShapes(messageOf(error))}`,
      hint: `The answer from ${baseUrl} broke off with an error; try again, and check the server's logs if it persists.`,
      details: { ...details, providerCode: typeof type === 'string' ? type : undefined },
      cause: error,
    });
  }
  return new NovaError({
    code: 'model_error',
    fault: 'provider',
    retryable: APICallError.isInstance(error) ? error.isRetryable : false,
    message: `Model ${context.modelString} failed: ${maskKeyShapes(messageOf(error))}`,
    hint: `The provider at ${baseUrl} returned something Nova could not use; see the cause in the run's journal.`,
    details,
    cause: error,
  });
}

function fromStatus(
  error: APICallError,
  status: number,
  provider: ProviderName | undefined,
  context: ModelCallContext,
  baseDetails: ModelCallDetails,
): NovaError {
  const providerCode = providerErrorCode(error.responseBody);
  const retryAfterMs = retryAfterFromHeaders(error.responseHeaders);
  const details: ModelCallDetails = { ...baseDetails, status, ...(providerCode === undefined ? {} : { providerCode }), ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
  const said = maskKeyShapes(error.message);
  const make = (retryable: boolean, summary: string, hint: string): NovaError =>
    new NovaError({
      code: 'model_error',
      fault: 'provider',
      retryable,
      message: `${summary} (HTTP ${status} from ${context.modelString}): ${said}`,
      hint,
      details,
      cause: error,
    });
  if (status === 401 || status === 403) {
    return make(false, 'The provider rejected the credentials', keyHint(provider));
  }
  if (status === 429 && providerCode === 'insufficient_quota') {
    return make(false, 'The account has no quota left', 'Check the plan and billing of the provider account; retrying will not help.');
  }
  if (status === 429) {
    return make(
      true,
      'The provider is rate limiting requests',
      'Nova retries with backoff. If it keeps happening, run fewer agents at once or raise the account rate limit.',
    );
  }
  if (status === 408 || status === 409 || status >= 500) {
    return make(true, 'The provider failed temporarily', "Nova retries automatically; if it persists, check the provider's status or the server's logs.");
  }
  if (status === 404) {
    return make(false, 'The provider does not know this model or path', `Check the model id in ${context.modelString} and the base URL ${displayUrl(context.baseUrl)}.`);
  }
  return make(false, 'The provider rejected the request', 'Read the provider message above: usually an option the model does not support, or a prompt too long for it.');
}

function keyHint(provider: ProviderName | undefined): string {
  const variable = provider === undefined ? undefined : providerVariables[provider].apiKey;
  if (variable === undefined) return "Check the server's authentication settings.";
  return `Check ${variable}: it must hold a valid key for this provider, with access to the model.`;
}

function providerOf(modelString: string): ProviderName | undefined {
  const name = modelString.slice(0, Math.max(0, modelString.indexOf(':')));
  return isProviderName(name) ? name : undefined;
}

/** `retry-after-ms` (OpenAI) or `retry-after` in seconds or as an HTTP date, in milliseconds. */
export function retryAfterFromHeaders(headers: Record<string, string> | undefined): number | undefined {
  if (headers === undefined) return undefined;
  const milliseconds = Number.parseFloat(headers['retry-after-ms'] ?? '');
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds;
  const value = headers['retry-after'];
  if (value === undefined) return undefined;
  const seconds = Number.parseFloat(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function providerErrorCode(body: string | undefined): string | undefined {
  if (body === undefined || !body.trimStart().startsWith('{')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    // Not JSON after all: there is no structured code to read, and the status still tells the story.
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
  const inner = (parsed as { error?: { code?: unknown; type?: unknown } } | null)?.error;
  const code = inner?.code ?? inner?.type;
  return typeof code === 'string' ? code : undefined;
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  const message = (error as { message?: unknown } | null)?.message;
  if (typeof message === 'string') return message;
  return typeof error === 'string' ? error : JSON.stringify(error) ?? String(error);
}
