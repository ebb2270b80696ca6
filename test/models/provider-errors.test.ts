import { APICallError } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { NovaError } from '../../src/core/errors.ts';
import { retryAfterFromHeaders, toModelError } from '../../src/models/provider-errors.ts';

const context = { modelString: 'openai-compatible:org/model', baseUrl: 'http://127.0.0.1:9/v1' };

function apiError(statusCode: number, options: { body?: object; headers?: Record<string, string>; message?: string } = {}): APICallError {
  return new APICallError({
    message: options.message ?? 'provider says no',
    url: 'http://127.0.0.1:9/v1/chat/completions',
    requestBodyValues: {},
    statusCode,
    responseHeaders: options.headers,
    responseBody: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
}

describe('toModelError', () => {
  it('passes a NovaError through unchanged', () => {
    const original = new NovaError({ code: 'limit_exceeded', fault: 'system', message: 'x' });
    expect(toModelError(original, context)).toBe(original);
  });

  it('rethrows aborts untouched', () => {
    const abort = new DOMException('The operation was aborted.', 'AbortError');
    expect(() => toModelError(abort, context)).toThrow(abort);
    const timeout = new DOMException('timed out', 'TimeoutError');
    expect(() => toModelError(timeout, context)).toThrow(timeout);
  });

  it.each([401, 403])('maps %i to a non-retryable error naming the key variable', (status) => {
    const original = apiError(status);
    const error = toModelError(original, context);
    expect(error).toMatchObject({ code: 'model_error', fault: 'provider', retryable: false });
    expect(error.hint).toContain('NOVA_OPENAI_COMPATIBLE_API_KEY');
    expect(error.cause).toBe(original);
    expect(error.details).toMatchObject({ status, modelString: context.modelString, url: 'http://127.0.0.1:9/v1/chat/completions' });
  });

  it('names the provider-specific key variable', () => {
    expect(toModelError(apiError(401), { modelString: 'anthropic:claude-haiku-4-5', baseUrl: 'x' }).hint).toContain('ANTHROPIC_API_KEY');
    expect(toModelError(apiError(401), { modelString: 'openai:gpt-4o', baseUrl: 'x' }).hint).toContain('OPENAI_API_KEY');
  });

  it('maps 429 to a retryable rate-limit error carrying retry-after', () => {
    const error = toModelError(apiError(429, { headers: { 'retry-after': '2' } }), context);
    expect(error).toMatchObject({ code: 'model_error', retryable: true });
    expect(error.message).toContain('rate limiting');
    expect(error.detailsOf('model_error')?.retryAfterMs).toBe(2000);
  });

  it('does not retry a 429 that means the quota is gone', () => {
    const error = toModelError(apiError(429, { body: { error: { message: 'quota', type: 'insufficient_quota', code: 'insufficient_quota' } } }), context);
    expect(error.retryable).toBe(false);
    expect(error.hint).toContain('billing');
  });

  it.each([500, 502, 503, 529])('maps %i to a retryable error', (status) => {
    expect(toModelError(apiError(status), context).retryable).toBe(true);
  });

  it.each([400, 404, 422])("maps %i to a non-retryable error with the provider's message", (status) => {
    const error = toModelError(apiError(status, { message: 'max_tokens is too large' }), context);
    expect(error).toMatchObject({ code: 'model_error', retryable: false });
    expect(error.message).toContain('max_tokens is too large');
  });

  it('maps a refused connection, found in the cause chain, to a retryable error naming the URL', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    const error = toModelError(new TypeError('fetch failed', { cause: refused }), context);
    expect(error).toMatchObject({ code: 'model_error', retryable: true });
    expect(error.message).toContain('Could not reach http://127.0.0.1:9/v1');
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.hint).toContain('NOVA_OPENAI_COMPATIBLE_BASE_URL');
  });

  it('finds a network failure inside an AggregateError', () => {
    const inner = Object.assign(new Error('getaddrinfo ENOTFOUND nowhere'), { code: 'ENOTFOUND' });
    const error = toModelError(new TypeError('fetch failed', { cause: new AggregateError([inner]) }), context);
    expect(error.message).toContain('host not found');
  });

  it('maps an error object sent inside a stream', () => {
    const error = toModelError({ message: 'overloaded', type: 'server_error' }, context);
    expect(error).toMatchObject({ code: 'model_error', retryable: true });
    expect(error.message).toContain('overloaded');
  });

  it('never repeats a key the provider echoes back', () => {
    const error = toModelError(apiError(401, { message: 'Incorrect API key provided: sk-proj-abcdef123456.' }), context);
    expect(error.message).not.toContain('abcdef123456');
    expect(JSON.stringify(error.toJSON().details)).not.toContain('abcdef123456');
  });
});

describe('retryAfterFromHeaders', () => {
  it('reads retry-after-ms, seconds and HTTP dates', () => {
    expect(retryAfterFromHeaders({ 'retry-after-ms': '250' })).toBe(250);
    expect(retryAfterFromHeaders({ 'retry-after': '1.5' })).toBe(1500);
    const date = new Date(Date.now() + 10_000).toUTCString();
    expect(retryAfterFromHeaders({ 'retry-after': date })).toBeGreaterThan(8000);
    expect(retryAfterFromHeaders({})).toBeUndefined();
    expect(retryAfterFromHeaders({ 'retry-after': 'soon' })).toBeUndefined();
  });
});
