/**
 * The model layer: `provider:model` strings and aliases, provider construction from the environment,
 * calls with retries and error mapping, usage and cost, and the scripted model for tests.
 */
export { formatModelString, isProviderName, parseModelString, providerNames } from './model-reference.ts';
export type { ModelReference, ProviderName } from './model-reference.ts';

export { modelReferenceProblem, noModelConfiguredHint, resolveModelString } from './model-config.ts';
export type { ModelSettings, ResolveModelStringOptions } from './model-config.ts';

export { displayUrl, providerVariables } from './provider-environment.ts';
export type { ModelEnvironment, ProviderVariables } from './provider-environment.ts';

export { createLanguageModel, describeProviders } from './provider-registry.ts';
export type { CreateLanguageModelOptions, CreatedLanguageModel, ProviderStatus } from './provider-registry.ts';

export { createEmbeddingModel, embedTexts } from './embedding-model.ts';
export type { ResolvedEmbeddingModel } from './embedding-model.ts';

export { createModelResolver } from './model-resolver.ts';
export type { CreateModelResolverOptions, ModelResolver, ResolvedModel } from './model-resolver.ts';

export { priceFor, usageFromProvider } from './price-table.ts';
export type { ModelPrice } from './price-table.ts';

export { isAbortError, toModelError } from './provider-errors.ts';
export type { ModelCallContext } from './provider-errors.ts';

export { generateWithRetry, streamWithRetry } from './model-call.ts';
export type { GenerateWithRetryOptions, StreamWithRetryOptions } from './model-call.ts';
export { defaultRetryPolicy } from './retry-policy.ts';
export type { RetryNotice, RetryPolicy } from './retry-policy.ts';
export type { ModelToolCall, ModelTurnResult } from './model-turn-result.ts';
// The scripted model for tests is exported from './testing.ts' (the package's `nova/testing`).
