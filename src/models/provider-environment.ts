import { NovaError } from '../core/errors.ts';
import { maskedUrl } from '../core/masked-url.ts';
import type { ProviderName } from './model-reference.ts';

/** The environment variables Nova reads (usually `process.env`). */
export type ModelEnvironment = Readonly<Record<string, string | undefined>>;

/** Which variables configure a provider, and the defaults Nova uses when they are unset. */
export interface ProviderVariables {
  /** The variable holding the API key, if the provider takes one. */
  apiKey: string | undefined;
  apiKeyRequired: boolean;
  baseUrl: string;
  /** Used when the base URL variable is unset; undefined means the variable is required. */
  defaultBaseUrl: string | undefined;
}

/** The variables of each provider, and Nova's defaults. Keys come only from the environment. */
export const providerVariables: Readonly<Record<ProviderName, ProviderVariables>> = {
  openai: {
    apiKey: 'OPENAI_API_KEY',
    apiKeyRequired: true,
    baseUrl: 'OPENAI_BASE_URL',
    defaultBaseUrl: 'https://api.openai.com/v1',
  },
  anthropic: {
    apiKey: 'ANTHROPIC_API_KEY',
    apiKeyRequired: true,
    baseUrl: 'ANTHROPIC_BASE_URL',
    defaultBaseUrl: 'https://api.anthropic.com/v1',
  },
  ollama: {
    apiKey: undefined,
    apiKeyRequired: false,
    baseUrl: 'OLLAMA_BASE_URL',
    defaultBaseUrl: 'http://127.0.0.1:11434',
  },
  'openai-compatible': {
    apiKey: 'NOVA_OPENAI_COMPATIBLE_API_KEY',
    apiKeyRequired: false,
    baseUrl: 'NOVA_OPENAI_COMPATIBLE_BASE_URL',
    defaultBaseUrl: undefined,
  },
};

/** What the environment says about one provider. The key is kept here only to hand to the SDK. */
export interface ProviderEnvironment {
  /** Without a trailing slash; null when neither the variable nor a default gives one. */
  baseUrl: string | null;
  /** Whether `baseUrl` came from the environment rather than Nova's default. */
  baseUrlFromEnvironment: boolean;
  apiKey: string | undefined;
}

/** Reads a variable, treating an empty or blank value as unset. */
export function readVariable(env: ModelEnvironment, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/**
 * Reads a provider's base URL and key from the environment.
 *
 * @throws NovaError `config_invalid` when the base URL variable is set but is not an http(s) URL.
 */
export function readProviderEnvironment(
  provider: ProviderName,
  env: ModelEnvironment,
): ProviderEnvironment {
  const variables = providerVariables[provider];
  const configured = readVariable(env, variables.baseUrl);
  if (configured !== undefined) validateBaseUrl(configured, variables.baseUrl);
  const baseUrl = configured ?? variables.defaultBaseUrl;
  return {
    baseUrl: baseUrl === undefined ? null : withoutTrailingSlash(baseUrl),
    baseUrlFromEnvironment: configured !== undefined,
    apiKey: variables.apiKey === undefined ? undefined : readVariable(env, variables.apiKey),
  };
}

/** A URL fit for messages and `nova doctor`: credentials masked (see `maskedUrl`). */
export const displayUrl = maskedUrl;

function validateBaseUrl(value: string, variable: string): void {
  const protocol = URL.canParse(value) ? new URL(value).protocol : undefined;
  if (protocol !== 'http:' && protocol !== 'https:') throw invalidBaseUrl(value, variable);
}

function invalidBaseUrl(value: string, variable: string): NovaError {
  return new NovaError({
    code: 'config_invalid',
    fault: 'user',
    message: `${variable} is not an http(s) URL: "${displayUrl(value)}".`,
    hint: `Set ${variable} to the server's base URL, e.g. http://127.0.0.1:8000/v1.`,
    details: { variable },
  });
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
