import type { EmbeddingModelV3 } from '@ai-sdk/provider';
import type { FetchFunction } from '@ai-sdk/provider-utils';
import { lazyEmbeddingModel } from './lazy-provider-model.ts';
import { NovaError } from '../core/errors.ts';
import type { ModelEnvironment } from './provider-environment.ts';
import { displayUrl } from './provider-environment.ts';
import { ollamaApiUrl, providerConnection } from './provider-registry.ts';
import { callWithRetry, type RetryPolicy } from './retry-policy.ts';

/** An embedding model ready to call, with its canonical name and where it lives (password masked). */
export interface ResolvedEmbeddingModel {
  model: EmbeddingModelV3;
  modelString: string;
  baseUrl: string;
}

/**
 * Builds the embedding model for a provider:model string (resolve aliases first). OpenAI, any
 * OpenAI-compatible server and Ollama offer embeddings; Anthropic does not.
 *
 * @throws NovaError `config_invalid` for Anthropic or a malformed string; `model_not_configured` when the
 *   provider's key or base URL variable is unset.
 */
export function createEmbeddingModel(options: { modelString: string; env: ModelEnvironment; fetch?: FetchFunction }): ResolvedEmbeddingModel {
  const { provider, modelId, modelString, baseURL, apiKey } = providerConnection(options.modelString, options.env);
  const fetch = options.fetch;
  let model: EmbeddingModelV3;
  switch (provider) {
    case 'openai':
      model = lazyEmbeddingModel({ provider: 'openai.embedding', modelId }, async () => (await import('@ai-sdk/openai')).createOpenAI({ apiKey, baseURL, fetch }).embedding(modelId));
      break;
    case 'openai-compatible':
      model = lazyEmbeddingModel({ provider: 'openai-compatible.embedding', modelId }, async () => (await import('@ai-sdk/openai-compatible')).createOpenAICompatible({ name: 'openai-compatible', baseURL, apiKey, fetch }).embeddingModel(modelId));
      break;
    case 'ollama':
      model = lazyEmbeddingModel({ provider: 'ollama.embedding', modelId }, async () => (await import('ollama-ai-provider-v2')).createOllama({ baseURL: ollamaApiUrl(baseURL), fetch }).embedding(modelId));
      break;
    case 'anthropic':
      throw new NovaError({
        code: 'config_invalid',
        fault: 'user',
        message: `${modelString} cannot embed text: Anthropic offers no embedding models`,
        hint: 'Set router.embeddings.model to an openai, openai-compatible or ollama embedding model (e.g. "openai:text-embedding-3-small"), or remove it.',
        details: { modelString },
      });
  }
  return { model, modelString, baseUrl: displayUrl(baseURL) };
}

/** At most this many texts per request, whatever the provider allows: large batches time out. */
const largestBatch = 128;

/**
 * Embeds texts in batches, in order. Failures are mapped and retried as model calls are
 * (`callWithRetry`); a response with the wrong number of vectors is a `model_output_invalid` error.
 *
 * @throws NovaError `model_error` or `model_output_invalid`, or the abort reason when cancelled.
 */
export async function embedTexts(resolved: ResolvedEmbeddingModel, texts: readonly string[], options: { signal?: AbortSignal; retry?: Partial<RetryPolicy> } = {}): Promise<number[][]> {
  const allowed = await resolved.model.maxEmbeddingsPerCall;
  const batchSize = Math.max(1, Math.min(largestBatch, allowed ?? largestBatch));
  const vectors: number[][] = [];
  for (let start = 0; start < texts.length; start += batchSize) {
    const values = texts.slice(start, start + batchSize);
    const result = await callWithRetry(() => resolved.model.doEmbed({ values, ...(options.signal === undefined ? {} : { abortSignal: options.signal }) }), {
      context: { modelString: resolved.modelString, baseUrl: resolved.baseUrl },
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(options.retry === undefined ? {} : { retry: options.retry }),
    });
    const width = result.embeddings[0]?.length ?? 0;
    if (result.embeddings.length !== values.length || width === 0 || result.embeddings.some((vector) => vector.length !== width || vector.some((value) => !Number.isFinite(value)))) {
      throw new NovaError({
        code: 'model_output_invalid',
        fault: 'provider',
        message: `${resolved.modelString} returned ${result.embeddings.length} embedding(s) for ${values.length} text(s), or vectors of unequal or empty length`,
        hint: 'Check that the model is an embedding model (router.embeddings.model).',
        details: { modelString: resolved.modelString, expected: values.length, received: result.embeddings.length },
      });
    }
    vectors.push(...result.embeddings);
  }
  return vectors;
}
