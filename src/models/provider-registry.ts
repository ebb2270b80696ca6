import type { LanguageModelV3 } from '@ai-sdk/provider';
import type { FetchFunction } from '@ai-sdk/provider-utils';
import { lazyLanguageModel } from './lazy-provider-model.ts';
import { NovaError } from '../core/errors.ts';
import { formatModelString, parseModelString, providerNames } from './model-reference.ts';
import type { ProviderName } from './model-reference.ts';
import {
  displayUrl,
  providerVariables,
  readProviderEnvironment,
  readVariable,
} from './provider-environment.ts';
import type { ModelEnvironment } from './provider-environment.ts';

/** What `createLanguageModel` needs: the model string and the environment holding keys and URLs. */
export interface CreateLanguageModelOptions {
  /** A provider:model string (resolve aliases first with `resolveModelString`). */
  modelString: string;
  env: ModelEnvironment;
  /** Replaces the global fetch for the provider's HTTP calls (tests, proxies). */
  fetch?: FetchFunction;
}

/** A ready language model and where it lives. */
export interface CreatedLanguageModel {
  model: LanguageModelV3;
  provider: ProviderName;
  modelId: string;
  /** The canonical provider:model string. */
  modelString: string;
  /** The base URL the provider talks to, as the user configured it (password masked). */
  baseUrl: string;
}

/**
 * Builds the AI SDK language model for a provider:model string from the environment. The providers do
 * not retry by themselves at this level (`doGenerate`/`doStream`); `generateWithRetry` owns retries.
 *
 * @throws NovaError `config_invalid` for a malformed model string or base URL; `model_not_configured`
 *   when a required key or base URL variable is unset (the hint names the variable, never its value).
 * @example
 * const { model } = createLanguageModel({ modelString: 'openai:gpt-4o-mini', env: process.env });
 */
export function createLanguageModel(options: CreateLanguageModelOptions): CreatedLanguageModel {
  const { provider, modelId, modelString, baseURL, apiKey } = providerConnection(options.modelString, options.env);
  const fetch = options.fetch;
  // The SDK of the provider is imported on the model's first call (lazy-provider-model.ts).
  let model: LanguageModelV3;
  switch (provider) {
    case 'openai':
      // Chat Completions, not the Responses API: every OpenAI-protocol server speaks it.
      model = lazyLanguageModel({ provider: 'openai.chat', modelId }, async () => (await import('@ai-sdk/openai')).createOpenAI({ apiKey, baseURL, fetch }).chat(modelId));
      break;
    case 'anthropic':
      model = lazyLanguageModel({ provider: 'anthropic.messages', modelId }, async () => (await import('@ai-sdk/anthropic')).createAnthropic({ apiKey, baseURL, fetch }).languageModel(modelId));
      break;
    case 'ollama':
      model = lazyLanguageModel({ provider: 'ollama.chat', modelId }, async () => (await import('ollama-ai-provider-v2')).createOllama({ baseURL: ollamaApiUrl(baseURL), fetch }).languageModel(modelId));
      break;
    case 'openai-compatible':
      model = lazyLanguageModel({ provider: 'openai-compatible.chat', modelId }, async () =>
        (await import('@ai-sdk/openai-compatible'))
          .createOpenAICompatible({
            name: 'openai-compatible',
            baseURL,
            apiKey,
            fetch,
            // Without it, streamed answers carry no token counts and runs would record no usage.
            includeUsage: true,
          })
          .chatModel(modelId),
      );
      break;
  }
  return { model, provider, modelId, modelString, baseUrl: displayUrl(baseURL) };
}

/** Where a provider:model string's provider lives and its key, from the environment. */
export interface ProviderConnection {
  provider: ProviderName;
  modelId: string;
  /** The canonical provider:model string. */
  modelString: string;
  baseURL: string;
  apiKey: string | undefined;
}

/**
 * Reads a provider's base URL and key for a model string (language or embedding model alike).
 *
 * @throws NovaError `config_invalid` for a malformed model string or base URL; `model_not_configured`
 *   when a required key or base URL variable is unset (the hint names the variable, never its value).
 */
export function providerConnection(modelStringInput: string, env: ModelEnvironment): ProviderConnection {
  const { provider, modelId } = parseModelString(modelStringInput);
  const modelString = formatModelString({ provider, modelId });
  const variables = providerVariables[provider];
  const environment = readProviderEnvironment(provider, env);
  if (environment.baseUrl === null) {
    throw notConfigured(provider, modelString, variables.baseUrl, 'base URL');
  }
  if (variables.apiKeyRequired && environment.apiKey === undefined && variables.apiKey !== undefined) {
    throw notConfigured(provider, modelString, variables.apiKey, 'API key');
  }
  return { provider, modelId, modelString, baseURL: environment.baseUrl, apiKey: environment.apiKey };
}

/**
 * The Ollama provider calls `${baseURL}/chat`, so it wants the `/api` suffix; users set the plain host
 * (as Ollama's own tools do). A trailing `/api` or `/v1` (the OpenAI-compatible path) is accepted too.
 */
export function ollamaApiUrl(baseUrl: string): string {
  const host = baseUrl.replace(/\/+$/, '').replace(/\/(api|v1)$/, '');
  return `${host}/api`;
}

/** How one provider is configured, for `nova doctor`. Never carries the key itself. */
export interface ProviderStatus {
  provider: ProviderName;
  /** True when a model of this provider can be built from the environment. */
  configured: boolean;
  /** Password masked; null when the provider has no default and the variable is unset. */
  baseUrl: string | null;
  keySet: boolean;
  /** The variables that configure the provider. */
  variables: string[];
  /** Why the provider cannot be used although its variables are set (e.g. a malformed base URL). */
  problem?: string;
}

/**
 * Describes every provider's configuration without secrets: whether it is usable, its base URL,
 * whether a key is set, and the variables to set.
 */
export function describeProviders(env: ModelEnvironment): ProviderStatus[] {
  return providerNames.map((provider) => {
    const variables = providerVariables[provider];
    const names = [variables.apiKey, variables.baseUrl].filter((name) => name !== undefined);
    const keySet = variables.apiKey !== undefined && readVariable(env, variables.apiKey) !== undefined;
    let baseUrl: string | null;
    try {
      baseUrl = readProviderEnvironment(provider, env).baseUrl;
    } catch (error) {
      // A malformed base URL makes the provider unusable; doctor shows why.
      if (!(error instanceof NovaError)) throw error;
      return { provider, configured: false, baseUrl: null, keySet, variables: names, problem: error.message };
    }
    const configured = baseUrl !== null && (!variables.apiKeyRequired || keySet);
    return { provider, configured, baseUrl: baseUrl === null ? null : displayUrl(baseUrl), keySet, variables: names };
  });
}

function notConfigured(
  provider: ProviderName,
  modelString: string,
  variable: string,
  what: string,
): NovaError {
  return new NovaError({
    code: 'model_not_configured',
    fault: 'user',
    retryable: false,
    message: `Model ${modelString} needs ${variable} (the ${provider} ${what}), and it is not set.`,
    hint: `Set ${variable} in the environment, or choose another model with NOVA_MODEL=provider:model.`,
    details: { provider, modelString, variable },
  });
}
