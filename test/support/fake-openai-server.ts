/**
 * A local fake of the OpenAI Chat Completions protocol, for end-to-end tests of the provider path (and of
 * the CLI). It listens on 127.0.0.1 on a random port, answers `POST /v1/chat/completions` from a queue of
 * scripted responses, and records every request it receives.
 *
 * - Each queued response answers one request, in order. When the queue is empty it answers the default:
 *   the assistant message "fake answer" with usage 7 input / 3 output tokens.
 * - An answer (`FakeAnswer`) is sent as JSON, or as server-sent events when the request has
 *   `stream: true` (`data: {...}` chunks, then `data: [DONE]`), with a final usage chunk when the request
 *   asks `stream_options.include_usage`. Tool calls are sent in both forms.
 * - `FakeError` sends a status with an OpenAI-style body `{"error":{"message","type","code"}}`;
 *   `FakeRaw` sends any status, headers and body. A function decides from the request.
 * - `GET /v1/models` lists one model (`fake-model`); any other path is a 404 with an OpenAI error body.
 * - `POST /v1/embeddings` answers with the vectors of the function given to `embedWith` (a `FakeError`
 *   instead fails the request); with none given it is a 404.
 *
 * @example
 * const server = await startFakeOpenAIServer();
 * server.enqueue({ status: 429, error: { message: 'slow down' }, headers: { 'retry-after': '0' } }, { text: 'hi' });
 * // ... NOVA_OPENAI_COMPATIBLE_BASE_URL = server.url
 * await server.close();
 */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { FakeCompletion } from './fake-openai-completion.ts';
import type { FakeAnswer } from './fake-openai-completion.ts';
import { errorMessage } from '../../src/core/error-message.ts';

export type { FakeAnswer, FakeToolCall } from './fake-openai-completion.ts';

/** A request the server received. `body` is the parsed JSON (the raw text if it was not JSON). */
export interface FakeRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** An error status with an OpenAI-style error body. */
export interface FakeError {
  status: number;
  error: { message: string; type?: string; code?: string | null };
  headers?: Record<string, string>;
}

/** Anything at all. */
export interface FakeRaw {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

export type FakeResponse = FakeAnswer | FakeError | FakeRaw | ((request: FakeRequest) => FakeResponse);

export interface FakeOpenAIServer {
  /** The base URL, ending in `/v1` (what `OPENAI_BASE_URL` or `NOVA_OPENAI_COMPATIBLE_BASE_URL` take). */
  url: string;
  port: number;
  /** Every request received, in order (chat completions and anything else). */
  requests: FakeRequest[];
  /** Queues responses for the next chat completion requests. */
  enqueue(...responses: FakeResponse[]): void;
  /** Answers `POST /v1/embeddings`: a vector per input text, or an error for the whole request. */
  embedWith(embed: ((texts: string[]) => number[][] | FakeError) | undefined): void;
  /** How many queued responses have not been used yet. */
  pendingResponses(): number;
  /** Stops the server, dropping open connections. */
  close(): Promise<void>;
}

export const defaultFakeAnswer: FakeAnswer = Object.freeze({
  text: 'fake answer',
  usage: { promptTokens: 7, completionTokens: 3 },
});

/** Starts a fake OpenAI-protocol server on 127.0.0.1 and a random port. */
export async function startFakeOpenAIServer(
  options: { defaultResponse?: FakeResponse } = {},
): Promise<FakeOpenAIServer> {
  const queue: FakeResponse[] = [];
  let embed: ((texts: string[]) => number[][] | FakeError) | undefined;
  const requests: FakeRequest[] = [];
  const server = createServer((incoming, outgoing) => {
    handle(incoming, outgoing).catch((error: unknown) => {
      // A bug in a scripted function: answer loudly so the test fails with the reason.
      const message = errorMessage(error);
      if (!outgoing.headersSent) outgoing.writeHead(500, { 'content-type': 'application/json' });
      outgoing.end(JSON.stringify({ error: { message: `fake server: ${message}`, type: 'fake_server_error' } }));
    });
  });

  async function handle(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
    const text = await readBody(incoming);
    const request: FakeRequest = {
      method: incoming.method ?? 'GET',
      path: incoming.url ?? '/',
      headers: incoming.headers,
      body: parseBody(text),
    };
    requests.push(request);
    if (request.method === 'GET' && request.path === '/v1/models') {
      sendJson(outgoing, 200, { object: 'list', data: [{ id: 'fake-model', object: 'model', owned_by: 'nova' }] });
      return;
    }
    if (request.method === 'POST' && request.path === '/v1/embeddings' && embed !== undefined) {
      const input = (request.body as { input?: unknown }).input;
      const texts = Array.isArray(input) ? input.map(String) : [String(input)];
      const answer = embed(texts);
      if ('error' in answer) {
        sendJson(outgoing, answer.status, { error: { message: answer.error.message, type: answer.error.type ?? 'invalid_request_error', code: answer.error.code ?? null } }, answer.headers);
        return;
      }
      sendJson(outgoing, 200, { object: 'list', data: answer.map((embedding, index) => ({ object: 'embedding', index, embedding })), model: 'fake-embedding', usage: { prompt_tokens: texts.length, total_tokens: texts.length } });
      return;
    }
    if (request.method !== 'POST' || request.path !== '/v1/chat/completions') {
      sendJson(outgoing, 404, { error: { message: `Unknown path ${request.path}`, type: 'invalid_request_error', code: null } });
      return;
    }
    let response = queue.shift() ?? options.defaultResponse ?? defaultFakeAnswer;
    while (typeof response === 'function') response = response(request);
    await respond(outgoing, response, request, requests.length);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    enqueue: (...responses) => {
      queue.push(...responses);
    },
    pendingResponses: () => queue.length,
    embedWith: (next) => {
      embed = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
      }),
  };
}

async function respond(
  outgoing: ServerResponse,
  response: FakeAnswer | FakeError | FakeRaw,
  request: FakeRequest,
  requestNumber: number,
): Promise<void> {
  if ('error' in response) {
    const { message, type = 'invalid_request_error', code = null } = response.error;
    sendJson(outgoing, response.status, { error: { message, type, code, param: null } }, response.headers);
    return;
  }
  if ('body' in response) {
    outgoing.writeHead(response.status, response.headers);
    outgoing.end(response.body);
    return;
  }
  if (response.delayMs !== undefined) await delay(response.delayMs);
  const body = (request.body ?? {}) as { model?: string; stream?: boolean; stream_options?: { include_usage?: boolean } };
  const completion = new FakeCompletion(response, body.model ?? 'fake-model', requestNumber);
  if (body.stream === true) {
    outgoing.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...response.headers });
    for (const chunk of completion.chunks(body.stream_options?.include_usage === true)) {
      outgoing.write(`data: ${JSON.stringify(chunk)}\n\n`);
    }
    outgoing.end('data: [DONE]\n\n');
    return;
  }
  sendJson(outgoing, 200, completion.message(), response.headers);
}

function sendJson(outgoing: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  outgoing.writeHead(status, { 'content-type': 'application/json', ...headers });
  outgoing.end(JSON.stringify(body));
}

async function readBody(incoming: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    // Not JSON: keep the text so a test can see exactly what was sent.
    if (error instanceof SyntaxError) return text;
    throw error;
  }
}
