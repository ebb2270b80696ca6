import { embedTexts, type ResolvedEmbeddingModel } from '../models/embedding-model.ts';
import type { EmbeddingCache } from './embedding-cache.ts';
import { EmbeddingIndex, type EmbeddingScore } from './embedding-index.ts';
import type { IndexedAgent } from './lexical-index.ts';

/**
 * The router's third stage: agents by meaning, from the configured embedding model. Asked only when
 * the lexical stage is not confident. The agents' texts are embedded once (cached in the store per
 * model and text), when the stage is first asked, not when Nova opens.
 */
export interface EmbeddingStage {
  readonly modelString: string;
  /** For each text, every agent's score by meaning, best first. Texts not cached go to the model in batches. */
  score(texts: readonly string[], signal?: AbortSignal): Promise<EmbeddingScore[][]>;
}

export function createEmbeddingStage(options: { model: ResolvedEmbeddingModel; cache: EmbeddingCache; agents: readonly IndexedAgent[] }): EmbeddingStage {
  const { model, cache } = options;
  let index: Promise<EmbeddingIndex> | undefined;

  async function vectorsFor(texts: readonly string[], signal: AbortSignal | undefined): Promise<Map<string, number[]>> {
    const vectors = await cache.find(model.modelString, texts);
    const missing = [...new Set(texts)].filter((text) => !vectors.has(text));
    if (missing.length === 0) return vectors;
    const embedded = await embedTexts(model, missing, signal === undefined ? {} : { signal });
    const fresh = new Map(missing.map((text, position) => [text, embedded[position]!]));
    await cache.save(model.modelString, fresh);
    for (const [text, vector] of fresh) vectors.set(text, vector);
    return vectors;
  }

  async function buildIndex(signal: AbortSignal | undefined): Promise<EmbeddingIndex> {
    const examples = options.agents.flatMap((agent) => [`${agent.name}: ${agent.description}`, ...agent.samples, ...(agent.learned ?? [])].map((text) => ({ agentId: agent.id, text })));
    const vectors = await vectorsFor(examples.map((example) => example.text), signal);
    return new EmbeddingIndex(examples.map((example) => ({ ...example, vector: vectors.get(example.text)! })));
  }

  return {
    modelString: model.modelString,
    async score(texts, signal) {
      // A failed build is not kept: the next request (in a chat session or `nova serve`) tries again.
      index ??= buildIndex(signal).catch((error: unknown) => {
        index = undefined;
        throw error;
      });
      const built = await index;
      const vectors = await vectorsFor(texts, signal);
      return texts.map((text) => built.score(vectors.get(text)!));
    },
  };
}
