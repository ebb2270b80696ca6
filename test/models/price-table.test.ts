import type { LanguageModelV3Usage } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { priceFor, usageFromProvider } from '../../src/models/price-table.ts';

function usage(input: number | undefined, output: number | undefined, cache: { read?: number; write?: number } = {}): LanguageModelV3Usage {
  return {
    inputTokens: { total: input, noCache: undefined, cacheRead: cache.read, cacheWrite: cache.write },
    outputTokens: { total: output, text: undefined, reasoning: undefined },
  };
}

describe('priceFor', () => {
  it('knows the well-known models', () => {
    expect(priceFor('openai', 'gpt-4o-mini')).toMatchObject({ input: 0.15, output: 0.6 });
    expect(priceFor('openai', 'gpt-4.1-nano')).toMatchObject({ input: 0.1, output: 0.4 });
    expect(priceFor('anthropic', 'claude-sonnet-4-5')).toMatchObject({ input: 3, output: 15 });
    expect(priceFor('anthropic', 'claude-haiku-4-5-20251001')).toMatchObject({ input: 1, output: 5 });
  });

  it('prices local models at zero', () => {
    expect(priceFor('ollama', 'llama3.1:8b')).toEqual({ input: 0, output: 0 });
  });

  it('returns undefined rather than guessing', () => {
    expect(priceFor('openai', 'gpt-4o-2099-01-01')).toBeUndefined();
    expect(priceFor('openai', 'toString')).toBeUndefined();
    expect(priceFor('openai-compatible', 'gpt-4o-mini')).toBeUndefined();
  });
});

describe('usageFromProvider', () => {
  it('converts counts and computes the cost', () => {
    const price = priceFor('openai', 'gpt-4o-mini');
    expect(usageFromProvider(usage(1_000_000, 100_000), price)).toEqual({
      inputTokens: 1_000_000,
      outputTokens: 100_000,
      totalTokens: 1_100_000,
      costUsd: 0.21,
    });
  });

  it('turns missing counts into 0 and records no cost without a price', () => {
    const converted = usageFromProvider(usage(undefined, 12), undefined);
    expect(converted).toEqual({ inputTokens: 0, outputTokens: 12, totalTokens: 12 });
    expect('costUsd' in converted).toBe(false);
  });

  it('records a zero cost for local models', () => {
    expect(usageFromProvider(usage(500, 20), priceFor('ollama', 'x'))?.costUsd).toBe(0);
  });

  it('charges cached input at the cache rates', () => {
    // 1M input of which 400k read from cache and 100k written: 500k * 3 + 400k * 0.3 + 100k * 3.75.
    const converted = usageFromProvider(usage(1_000_000, 0, { read: 400_000, write: 100_000 }), priceFor('anthropic', 'claude-sonnet-4-5'));
    expect(converted.costUsd).toBe(1.995);
  });

  it('rounds to a millionth of a dollar', () => {
    expect(usageFromProvider(usage(7, 3), priceFor('openai', 'gpt-4o-mini')).costUsd).toBe(0.000003);
  });
});
