import { describe, expect, it } from 'vitest';
import { NovaError } from '../../src/core/errors.ts';
import { resolveModelString } from '../../src/models/model-config.ts';
import type { ModelSettings } from '../../src/models/model-config.ts';

const settings: ModelSettings = {
  default: 'smart',
  aliases: {
    fast: 'openai:gpt-4o-mini',
    smart: 'anthropic:claude-sonnet-4-5',
    quick: 'fast',
    local: 'ollama:llama3.1:8b',
    usual: 'default',
  },
};

function resolveError(reference: string, modelSettings: ModelSettings, env: Record<string, string> = {}): NovaError {
  try {
    resolveModelString({ reference, settings: modelSettings, env });
  } catch (error) {
    if (error instanceof NovaError) return error;
    throw error;
  }
  throw new Error(`expected "${reference}" not to resolve`);
}

describe('resolveModelString', () => {
  it('passes a provider:model string through, canonicalised', () => {
    expect(resolveModelString({ reference: 'Ollama:qwen2.5:7b', settings, env: {} })).toBe('ollama:qwen2.5:7b');
  });

  it('resolves an alias, and an alias of an alias', () => {
    expect(resolveModelString({ reference: 'fast', settings, env: {} })).toBe('openai:gpt-4o-mini');
    expect(resolveModelString({ reference: 'quick', settings, env: {} })).toBe('openai:gpt-4o-mini');
  });

  it('resolves default to the config default, itself an alias', () => {
    expect(resolveModelString({ reference: 'default', settings, env: {} })).toBe('anthropic:claude-sonnet-4-5');
  });

  it('lets NOVA_MODEL win over the config default', () => {
    const env = { NOVA_MODEL: 'openai-compatible:org/model' };
    expect(resolveModelString({ reference: 'default', settings, env })).toBe('openai-compatible:org/model');
    expect(resolveModelString({ reference: 'usual', settings, env })).toBe('openai-compatible:org/model');
  });

  it('treats a blank NOVA_MODEL as unset', () => {
    expect(resolveModelString({ reference: 'default', settings, env: { NOVA_MODEL: '  ' } })).toBe(
      'anthropic:claude-sonnet-4-5',
    );
  });

  it('follows an alias whose value is default', () => {
    expect(resolveModelString({ reference: 'usual', settings, env: {} })).toBe('anthropic:claude-sonnet-4-5');
  });

  it('fails with model_not_configured naming NOVA_MODEL when nothing sets the default', () => {
    const error = resolveError('default', { aliases: {} });
    expect(error.code).toBe('model_not_configured');
    expect(error.fault).toBe('user');
    expect(error.retryable).toBe(false);
    expect(error.hint).toContain('NOVA_MODEL=provider:model');
    expect(error.hint).toContain('NOVA_OPENAI_COMPATIBLE_BASE_URL');
    expect(error.hint).toContain('models.default');
  });

  it('fails the same way for an alias that leads to an unset default', () => {
    const error = resolveError('usual', { aliases: { usual: 'default' } });
    expect(error.code).toBe('model_not_configured');
    expect(error.message).toContain('usual');
  });

  it('detects alias cycles, including through default', () => {
    const direct = resolveError('a', { aliases: { a: 'b', b: 'a' } });
    expect(direct.code).toBe('config_invalid');
    expect(direct.message).toContain('a -> b -> a');
    const viaDefault = resolveError('default', { default: 'x', aliases: { x: 'default' } });
    expect(viaDefault.code).toBe('config_invalid');
    expect(viaDefault.message).toContain('default -> x -> default');
  });

  it('rejects an unknown alias and lists the known ones', () => {
    const error = resolveError('clever', settings);
    expect(error.code).toBe('config_invalid');
    expect(error.hint).toContain('fast, local, quick, smart, usual');
  });

  it('does not treat inherited object keys as aliases', () => {
    expect(resolveError('constructor', settings).code).toBe('config_invalid');
  });

  it('says which alias holds a malformed model string', () => {
    const error = resolveError('broken', { aliases: { broken: 'gemini:pro' } });
    expect(error.code).toBe('config_invalid');
    expect(error.message).toContain('alias "broken"');
  });
});
