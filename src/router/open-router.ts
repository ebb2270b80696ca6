import type { LoadedAgent } from '../agents/agent-registry.ts';
import type { ModelResolver } from '../models/model-resolver.ts';
import type { Store } from '../store/store.ts';
import type { ResolvedEmbeddingModel } from '../models/embedding-model.ts';
import { createEmbeddingCache } from './embedding-cache.ts';
import { createEmbeddingStage } from './embedding-stage.ts';
import { createFeedbackRepository } from './feedback-repository.ts';
import type { IndexedAgent } from './lexical-index.ts';
import { createModelJudge } from './model-judge.ts';
import { HeldOutRequests } from './near-copies.ts';
import { Router } from './router.ts';
import { loadThresholds } from './router-settings.ts';

export interface OpenRouterOptions {
  agents: readonly LoadedAgent[];
  store: Store;
  home: string;
  /** The configured embedding model (`router.embeddings.model`), if any: the stage by meaning. */
  embeddingModel?: ResolvedEmbeddingModel;
  /** The configured judge model (`router.judge.model`), if any, and how to resolve it. */
  judgeModel?: string;
  resolveModel?: ModelResolver;
  /** Requests being evaluated: learned examples that are near copies of them are left out (an eval must not test on what it trains on). */
  heldOut?: readonly string[];
}

/** The router over this Nova's agents, their samples and what feedback taught it, with the fitted thresholds. */
export async function openRouter(options: OpenRouterOptions): Promise<Router> {
  const feedback = await createFeedbackRepository(options.store).list();
  const heldOut = options.heldOut === undefined ? undefined : new HeldOutRequests(options.heldOut);
  const learned = new Map<string, string[]>();
  for (const entry of feedback) {
    if (heldOut?.holds(entry.text) === true) continue;
    learned.set(entry.agentId, [...(learned.get(entry.agentId) ?? []), entry.text]);
  }
  const agents: IndexedAgent[] = options.agents.map((agent) => ({
    id: agent.spec.id,
    name: agent.spec.name,
    description: agent.spec.description,
    samples: agent.spec.samples,
    learned: learned.get(agent.spec.id) ?? [],
  }));
  const { thresholds } = loadThresholds(options.home);
  const judge =
    options.judgeModel === undefined || options.resolveModel === undefined
      ? undefined
      : createModelJudge({ resolved: options.resolveModel(options.judgeModel), agents, minConfidence: thresholds.minConfidence });
  const embeddings = options.embeddingModel === undefined ? undefined : createEmbeddingStage({ model: options.embeddingModel, cache: createEmbeddingCache(options.store), agents });
  return new Router({ agents, thresholds, ...(judge === undefined ? {} : { judge }), ...(embeddings === undefined ? {} : { embeddings }) });
}
