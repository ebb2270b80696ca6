import type { LanguageModelV3Usage } from '@ai-sdk/provider';
import { roundCost } from '../core/usage.ts';
import type { Usage } from '../core/usage.ts';
import type { ProviderName } from './model-reference.ts';

/** List prices in USD per million tokens. */
export interface ModelPrice {
  input: number;
  output: number;
  /** Cached input read; when absent, cached reads are charged at the input price. */
  cacheRead?: number;
  /** Cache writes (Anthropic's 5-minute cache); when absent, charged at the input price. */
  cacheWrite?: number;
}

// List prices as published by the providers (checked 2025). Only exact model ids are priced: a dated
// snapshot can cost something else than its alias (gpt-4o-2024-05-13 does), so an unlisted id gets no
// price rather than a guess. Update by hand when prices change.
const openAIPrices: Record<string, ModelPrice> = {
  'gpt-4o': { input: 2.5, output: 10, cacheRead: 1.25 },
  'gpt-4o-2024-08-06': { input: 2.5, output: 10, cacheRead: 1.25 },
  'gpt-4o-2024-11-20': { input: 2.5, output: 10, cacheRead: 1.25 },
  'gpt-4o-2024-05-13': { input: 5, output: 15 },
  'gpt-4o-mini': { input: 0.15, output: 0.6, cacheRead: 0.075 },
  'gpt-4o-mini-2024-07-18': { input: 0.15, output: 0.6, cacheRead: 0.075 },
  'gpt-4.1': { input: 2, output: 8, cacheRead: 0.5 },
  'gpt-4.1-2025-04-14': { input: 2, output: 8, cacheRead: 0.5 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6, cacheRead: 0.1 },
  'gpt-4.1-mini-2025-04-14': { input: 0.4, output: 1.6, cacheRead: 0.1 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4, cacheRead: 0.025 },
  'gpt-4.1-nano-2025-04-14': { input: 0.1, output: 0.4, cacheRead: 0.025 },
  'gpt-5': { input: 1.25, output: 10, cacheRead: 0.125 },
  'gpt-5-2025-08-07': { input: 1.25, output: 10, cacheRead: 0.125 },
  'gpt-5-mini': { input: 0.25, output: 2, cacheRead: 0.025 },
  'gpt-5-mini-2025-08-07': { input: 0.25, output: 2, cacheRead: 0.025 },
  'gpt-5-nano': { input: 0.05, output: 0.4, cacheRead: 0.005 },
  'gpt-5-nano-2025-08-07': { input: 0.05, output: 0.4, cacheRead: 0.005 },
  o1: { input: 15, output: 60, cacheRead: 7.5 },
  'o1-2024-12-17': { input: 15, output: 60, cacheRead: 7.5 },
  o3: { input: 2, output: 8, cacheRead: 0.5 },
  'o3-2025-04-16': { input: 2, output: 8, cacheRead: 0.5 },
  'o3-mini': { input: 1.1, output: 4.4, cacheRead: 0.55 },
  'o3-mini-2025-01-31': { input: 1.1, output: 4.4, cacheRead: 0.55 },
  'o4-mini': { input: 1.1, output: 4.4, cacheRead: 0.275 },
  'o4-mini-2025-04-16': { input: 1.1, output: 4.4, cacheRead: 0.275 },
  'gpt-3.5-turbo': { input: 0.5, output: 1.5 },
  'gpt-3.5-turbo-0125': { input: 0.5, output: 1.5 },
};

/** Anthropic prices cache reads at a tenth of input and 5-minute cache writes at 1.25 times input. */
function anthropicPrice(input: number, output: number): ModelPrice {
  return { input, output, cacheRead: input / 10, cacheWrite: input * 1.25 };
}

const anthropicPrices: Record<string, ModelPrice> = {
  'claude-opus-4-5': anthropicPrice(5, 25),
  'claude-opus-4-5-20251101': anthropicPrice(5, 25),
  'claude-opus-4-1': anthropicPrice(15, 75),
  'claude-opus-4-1-20250805': anthropicPrice(15, 75),
  'claude-opus-4-0': anthropicPrice(15, 75),
  'claude-opus-4-20250514': anthropicPrice(15, 75),
  'claude-sonnet-4-5': anthropicPrice(3, 15),
  'claude-sonnet-4-5-20250929': anthropicPrice(3, 15),
  'claude-sonnet-4-0': anthropicPrice(3, 15),
  'claude-sonnet-4-20250514': anthropicPrice(3, 15),
  'claude-3-7-sonnet-latest': anthropicPrice(3, 15),
  'claude-3-7-sonnet-20250219': anthropicPrice(3, 15),
  'claude-haiku-4-5': anthropicPrice(1, 5),
  'claude-haiku-4-5-20251001': anthropicPrice(1, 5),
  'claude-3-5-haiku-latest': anthropicPrice(0.8, 4),
  'claude-3-5-haiku-20241022': anthropicPrice(0.8, 4),
  'claude-3-haiku-20240307': anthropicPrice(0.25, 1.25),
};

const localModelPrice: ModelPrice = Object.freeze({ input: 0, output: 0 });

/**
 * The list price of a model, or undefined when Nova does not know it (then no cost is recorded).
 * Ollama runs locally and costs nothing; an openai-compatible server's prices are unknown.
 */
export function priceFor(provider: ProviderName, modelId: string): ModelPrice | undefined {
  switch (provider) {
    case 'openai':
      return Object.hasOwn(openAIPrices, modelId) ? openAIPrices[modelId] : undefined;
    case 'anthropic':
      return Object.hasOwn(anthropicPrices, modelId) ? anthropicPrices[modelId] : undefined;
    case 'ollama':
      return localModelPrice;
    case 'openai-compatible':
      return undefined;
  }
}

/**
 * Converts the AI SDK's usage into Nova's: missing counts become 0, and `costUsd` is set only when a
 * price is known (rounded to a millionth of a dollar).
 */
export function usageFromProvider(usage: LanguageModelV3Usage, price: ModelPrice | undefined): Usage {
  const inputTokens = usage.inputTokens.total ?? 0;
  const outputTokens = usage.outputTokens.total ?? 0;
  const result: Usage = { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
  if (price !== undefined) result.costUsd = costOf(usage, price);
  return result;
}

function costOf(usage: LanguageModelV3Usage, price: ModelPrice): number {
  // The SDK's input total includes cached reads and writes; charge each part at its own rate.
  const inputTotal = usage.inputTokens.total ?? 0;
  const cacheRead = usage.inputTokens.cacheRead ?? 0;
  const cacheWrite = usage.inputTokens.cacheWrite ?? 0;
  const plainInput = Math.max(0, inputTotal - cacheRead - cacheWrite);
  const output = usage.outputTokens.total ?? 0;
  const micro =
    plainInput * price.input +
    cacheRead * (price.cacheRead ?? price.input) +
    cacheWrite * (price.cacheWrite ?? price.input) +
    output * price.output;
  return roundCost(micro / 1e6);
}
