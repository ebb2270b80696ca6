import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAIServer } from '../support/fake-openai-server.ts';
import type { FakeOpenAIServer } from '../support/fake-openai-server.ts';

let server: FakeOpenAIServer;
beforeAll(async () => {
  server = await startFakeOpenAIServer();
});
afterAll(async () => {
  await server.close();
});

async function post(body: object, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

describe('the fake OpenAI server', () => {
  it('serves on 127.0.0.1 with a /v1 base URL', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
  });

  it('answers "fake answer" with usage 7/3 when nothing is queued, and records the request', async () => {
    const response = await post({ model: 'm', messages: [] }, { authorization: 'Bearer k' });
    const body = (await response.json()) as { choices: { message: { content: string } }[]; usage: object };
    expect(body.choices[0]?.message.content).toBe('fake answer');
    expect(body.usage).toEqual({ prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 });
    expect(server.requests.at(-1)).toMatchObject({ method: 'POST', path: '/v1/chat/completions', body: { model: 'm' } });
    expect(server.requests.at(-1)?.headers.authorization).toBe('Bearer k');
  });

  it('streams SSE chunks ending in [DONE], with a usage chunk only when asked', async () => {
    server.enqueue({ text: ['a', 'b'] }, { text: ['a', 'b'] });
    const withUsage = await (await post({ model: 'm', stream: true, stream_options: { include_usage: true } })).text();
    const withoutUsage = await (await post({ model: 'm', stream: true })).text();
    expect(withUsage.trimEnd().endsWith('data: [DONE]')).toBe(true);
    expect(withUsage).toContain('"usage":{"prompt_tokens":7');
    expect(withoutUsage).not.toContain('"usage"');
  });

  it('sends error statuses with OpenAI-style bodies and headers, in queue order', async () => {
    server.enqueue({ status: 429, error: { message: 'slow down', type: 'requests' }, headers: { 'retry-after': '3' } }, (request) => ({
      text: `you sent ${(request.body as { model: string }).model}`,
    }));
    expect(server.pendingResponses()).toBe(2);
    const limited = await post({ model: 'm' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(await limited.json()).toEqual({ error: { message: 'slow down', type: 'requests', code: null, param: null } });
    const dynamic = (await (await post({ model: 'dynamic' })).json()) as { choices: { message: { content: string } }[] };
    expect(dynamic.choices[0]?.message.content).toBe('you sent dynamic');
    expect(server.pendingResponses()).toBe(0);
  });

  it('answers unknown paths with a 404 error body', async () => {
    const response = await fetch(`${server.url}/embeddings`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { message: 'Unknown path /v1/embeddings' } });
  });
});
