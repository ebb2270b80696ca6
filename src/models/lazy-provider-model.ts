import type { EmbeddingModelV3, LanguageModelV3 } from '@ai-sdk/provider';

/**
 * A provider's model whose SDK is imported on the first call, not when Nova opens: `nova agents list`
 * or `nova route` never load the model SDKs, and a run loads only its own provider's. Everything
 * that can fail before the call (a malformed model string, a missing key) is checked before this is
 * built, so configuration errors stay as early and as loud as they were.
 */
export function lazyLanguageModel(identity: { provider: string; modelId: string }, load: () => Promise<LanguageModelV3>): LanguageModelV3 {
  const model = once(load);
  return {
    specificationVersion: 'v3',
    provider: identity.provider,
    modelId: identity.modelId,
    get supportedUrls() {
      return model().then((loaded) => loaded.supportedUrls);
    },
    doGenerate: async (options) => (await model()).doGenerate(options),
    doStream: async (options) => (await model()).doStream(options),
  };
}

/** The embedding model counterpart of `lazyLanguageModel`. */
export function lazyEmbeddingModel(identity: { provider: string; modelId: string }, load: () => Promise<EmbeddingModelV3>): EmbeddingModelV3 {
  const model = once(load);
  return {
    specificationVersion: 'v3',
    provider: identity.provider,
    modelId: identity.modelId,
    get maxEmbeddingsPerCall() {
      return model().then((loaded) => loaded.maxEmbeddingsPerCall);
    },
    get supportsParallelCalls() {
      return model().then((loaded) => loaded.supportsParallelCalls);
    },
    doEmbed: async (options) => (await model()).doEmbed(options),
  };
}

/** The first call's promise, kept; a failed import is retried on the next call rather than cached. */
function once<Value>(load: () => Promise<Value>): () => Promise<Value> {
  let pending: Promise<Value> | undefined;
  return () => {
    pending ??= load().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
