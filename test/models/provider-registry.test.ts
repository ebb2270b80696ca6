import type { FetchFunction } from '@ai-sdk/provider-utils';
import { describe, expect, it } from 'vitest';
import { NovaError } from '../../src/core/errors.ts';
import { createLanguageModel, describeProviders, ollamaApiUrl } from '../../src/models/provider-registry.ts';

const secret = 'sk-super-secret-value-123';

function createError(modelString: string, env: Record<string, string>): NovaError {
  try {
    createLanguageModel({ modelString, env });
  } catch (error) {
    if (error instanceof NovaError) return error;
    throw error;
  }
  throw new Error(`expected ${modelString} not to be created`);
}

/** A fetch that records the request and fails it, so no test talks to a real provider. */
function recordingFetch(): { fetch: FetchFunction; seen: { url: string; headers: Headers }[] } {
  const seen: { url: string; headers: Headers }[] = [];
  const fetch: FetchFunction = async (input, init) => {
    seen.push({ url: String(input), headers: new Headers(init?.headers) });
    return new Response(JSON.stringify({ error: { message: 'recorded' } }), { status: 400 });
  };
  return { fetch, seen };
}

const prompt = [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'hi' }] }];

describe('createLanguageModel', () => {
  it.each([
    ['openai:gpt-4o-mini', 'OPENAI_API_KEY'],
    ['anthropic:claude-sonnet-4-5', 'ANTHROPIC_API_KEY'],
    ['openai-compatible:org/model', 'NOVA_OPENAI_COMPATIBLE_BASE_URL'],
  ])('%s without configuration is model_not_configured naming %s', (modelString, variable) => {
    const error = createError(modelString, {});
    expect(error.code).toBe('model_not_configured');
    expect(error.fault).toBe('user');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain(variable);
    expect(error.hint).toContain(variable);
  });

  it('builds models without a key where none is needed', () => {
    const ollama = createLanguageModel({ modelString: 'ollama:llama3.1:8b', env: {} });
    expect(ollama).toMatchObject({ provider: 'ollama', modelId: 'llama3.1:8b', baseUrl: 'http://127.0.0.1:11434' });
    const compatible = createLanguageModel({
      modelString: 'openai-compatible:org/model',
      env: { NOVA_OPENAI_COMPATIBLE_BASE_URL: 'http://127.0.0.1:8000/v1/' },
    });
    expect(compatible).toMatchObject({ modelId: 'org/model', baseUrl: 'http://127.0.0.1:8000/v1' });
    expect(compatible.model.modelId).toBe('org/model');
  });

  it('rejects a base URL that is not http(s)', () => {
    const error = createError('openai-compatible:m', { NOVA_OPENAI_COMPATIBLE_BASE_URL: 'localhost:8000' });
    expect(error.code).toBe('config_invalid');
    expect(error.message).toContain('NOVA_OPENAI_COMPATIBLE_BASE_URL');
  });

  it('masks a password in the base URL', () => {
    const created = createLanguageModel({
      modelString: 'openai-compatible:m',
      env: { NOVA_OPENAI_COMPATIBLE_BASE_URL: `http://user:${secret}@127.0.0.1:8000/v1` },
    });
    expect(created.baseUrl).not.toContain(secret);
  });

  it('uses the environment it is given, not process.env', () => {
    process.env['OPENAI_API_KEY'] = 'sk-from-process-env-000';
    try {
      expect(createError('openai:gpt-4o', {}).code).toBe('model_not_configured');
    } finally {
      delete process.env['OPENAI_API_KEY'];
    }
  });

  it('sends Ollama requests to <host>/api/chat when the plain host is configured', async () => {
    const { fetch, seen } = recordingFetch();
    const { model } = createLanguageModel({
      modelString: 'ollama:llama3.1:8b',
      env: { OLLAMA_BASE_URL: 'http://127.0.0.1:9999/' },
      fetch,
    });
    await expect(model.doGenerate({ prompt })).rejects.toThrow();
    expect(seen[0]?.url).toBe('http://127.0.0.1:9999/api/chat');
  });

  it('normalises Ollama URLs that already carry /api or /v1', () => {
    expect(ollamaApiUrl('http://h:11434')).toBe('http://h:11434/api');
    expect(ollamaApiUrl('http://h:11434/api/')).toBe('http://h:11434/api');
    expect(ollamaApiUrl('http://h:11434/v1')).toBe('http://h:11434/api');
  });

  it('sends Anthropic requests to ANTHROPIC_BASE_URL with the key header', async () => {
    const { fetch, seen } = recordingFetch();
    const { model } = createLanguageModel({
      modelString: 'anthropic:claude-haiku-4-5',
      env: { ANTHROPIC_API_KEY: secret, ANTHROPIC_BASE_URL: 'http://127.0.0.1:9998/v1' },
      fetch,
    });
    await expect(model.doGenerate({ prompt })).rejects.toThrow();
    expect(seen[0]?.url).toBe('http://127.0.0.1:9998/v1/messages');
    expect(seen[0]?.headers.get('x-api-key')).toBe(secret);
  });

  it('uses Chat Completions for openai, at OPENAI_BASE_URL', async () => {
    const { fetch, seen } = recordingFetch();
    const { model } = createLanguageModel({
      modelString: 'openai:gpt-4o-mini',
      env: { OPENAI_API_KEY: secret, OPENAI_BASE_URL: 'http://127.0.0.1:9997/v1' },
      fetch,
    });
    await expect(model.doGenerate({ prompt })).rejects.toThrow();
    expect(seen[0]?.url).toBe('http://127.0.0.1:9997/v1/chat/completions');
    expect(seen[0]?.headers.get('authorization')).toBe(`Bearer ${secret}`);
  });
});

describe('describeProviders', () => {
  const env = {
    OPENAI_API_KEY: secret,
    ANTHROPIC_API_KEY: `${secret}-anthropic`,
    NOVA_OPENAI_COMPATIBLE_API_KEY: `${secret}-compatible`,
    NOVA_OPENAI_COMPATIBLE_BASE_URL: `http://me:${secret}@127.0.0.1:8000/v1`,
  };

  it('reports every provider and never a key value', () => {
    const statuses = describeProviders(env);
    expect(statuses.map((status) => status.provider)).toEqual(['openai', 'anthropic', 'ollama', 'openai-compatible']);
    expect(JSON.stringify(statuses)).not.toContain(secret);
    expect(statuses.every((status) => status.configured)).toBe(true);
    expect(statuses.find((status) => status.provider === 'openai')).toEqual({
      provider: 'openai',
      configured: true,
      baseUrl: 'https://api.openai.com/v1',
      keySet: true,
      variables: ['OPENAI_API_KEY', 'OPENAI_BASE_URL'],
    });
  });

  it('says what is missing in an empty environment', () => {
    const statuses = describeProviders({});
    expect(statuses.map((status) => [status.provider, status.configured, status.keySet])).toEqual([
      ['openai', false, false],
      ['anthropic', false, false],
      ['ollama', true, false],
      ['openai-compatible', false, false],
    ]);
    expect(statuses.find((status) => status.provider === 'openai-compatible')?.baseUrl).toBeNull();
    expect(statuses.find((status) => status.provider === 'ollama')?.variables).toEqual(['OLLAMA_BASE_URL']);
  });

  it('flags a malformed base URL without throwing', () => {
    const status = describeProviders({ OLLAMA_BASE_URL: 'not a url' }).find((entry) => entry.provider === 'ollama');
    expect(status).toMatchObject({ configured: false, baseUrl: null });
    expect(status?.problem).toContain('OLLAMA_BASE_URL');
  });
});
