import { describe, expect, it } from 'vitest';
import { NovaError } from '../../src/core/errors.ts';
import { formatModelString, parseModelString } from '../../src/models/model-reference.ts';

function parseError(text: string): NovaError {
  try {
    parseModelString(text);
  } catch (error) {
    if (error instanceof NovaError) return error;
    throw error;
  }
  throw new Error(`expected "${text}" to be rejected`);
}

describe('parseModelString', () => {
  it.each([
    ['openai:gpt-4o-mini', 'openai', 'gpt-4o-mini'],
    ['anthropic:claude-sonnet-4-5', 'anthropic', 'claude-sonnet-4-5'],
    ['ollama:llama3.1:8b', 'ollama', 'llama3.1:8b'],
    ['openai-compatible:org/model', 'openai-compatible', 'org/model'],
    ['openai-compatible:hf.co/org/model:Q4_K_M', 'openai-compatible', 'hf.co/org/model:Q4_K_M'],
    ['  OpenAI:gpt-4o  ', 'openai', 'gpt-4o'],
  ])('parses %s', (text, provider, modelId) => {
    expect(parseModelString(text)).toEqual({ provider, modelId });
  });

  it.each(['gpt-4o', ':gpt-4o', 'openai:', '', 'openai:gpt 4o'])('rejects the malformed "%s"', (text) => {
    const error = parseError(text);
    expect(error.code).toBe('config_invalid');
    expect(error.fault).toBe('user');
    expect(error.hint).toContain('provider:model');
  });

  it('rejects an unknown provider and lists the accepted ones', () => {
    const error = parseError('mistral:large');
    expect(error.code).toBe('config_invalid');
    expect(error.message).toContain('unknown provider "mistral"');
    for (const provider of ['openai', 'anthropic', 'ollama', 'openai-compatible']) {
      expect(error.hint).toContain(provider);
    }
  });

  it('formats back to the canonical string', () => {
    expect(formatModelString(parseModelString('OLLAMA:qwen2.5:7b'))).toBe('ollama:qwen2.5:7b');
  });
});
