import type { LanguageModelV3 } from '@ai-sdk/provider';
import type { FetchFunction } from '@ai-sdk/provider-utils';
import { resolveModelString, type ModelSettings } from './model-config.ts';
import { parseModelString } from './model-reference.ts';
import { priceFor, type ModelPrice } from './price-table.ts';
import type { ModelEnvironment } from './provider-environment.ts';
import { createLanguageModel } from './provider-registry.ts';

/** A model ready for the agent loop: the model, its canonical name, where it lives and its price. */
export interface ResolvedModel {
  model: LanguageModelV3;
  modelString: string;
  /** Safe to show: passwords masked. Null for in-process models (the scripted model). */
  baseUrl: string | null;
  /** Undefined when Nova does not know the model's price: then no cost is recorded. */
  price: ModelPrice | undefined;
}

/** Turns what an agent names (`default`, an alias, `provider:model`) into a model. Throws NovaError. */
export type ModelResolver = (reference: string) => ResolvedModel;

export interface CreateModelResolverOptions {
  settings: ModelSettings;
  env: ModelEnvironment;
  fetch?: FetchFunction;
}

/** The resolver Nova uses outside tests: config aliases, NOVA_MODEL, provider keys from the environment. */
export function createModelResolver(options: CreateModelResolverOptions): ModelResolver {
  const cache = new Map<string, ResolvedModel>();
  return (reference) => {
    const modelString = resolveModelString({ reference, settings: options.settings, env: options.env });
    const cached = cache.get(modelString);
    if (cached !== undefined) return cached;
    const created = createLanguageModel({ modelString, env: options.env, ...(options.fetch === undefined ? {} : { fetch: options.fetch }) });
    const { provider, modelId } = parseModelString(created.modelString);
    const resolved: ResolvedModel = {
      model: created.model,
      modelString: created.modelString,
      baseUrl: created.baseUrl,
      price: priceFor(provider, modelId),
    };
    cache.set(modelString, resolved);
    return resolved;
  };
}
