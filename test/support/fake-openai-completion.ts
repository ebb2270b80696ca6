/** The body of a fake Chat Completions answer, as one JSON message or as streamed chunks. */

export interface FakeToolCall {
  /** Defaults to `call_<request number>_<n>`. */
  id?: string;
  name: string;
  /** An object is sent as its JSON text. */
  arguments: object | string;
}

/** A successful completion. */
export interface FakeAnswer {
  /** The assistant's text; an array gives the exact streaming deltas (joined when not streaming). */
  text?: string | string[];
  toolCalls?: FakeToolCall[];
  /** Defaults to `tool_calls` when there are tool calls, else `stop`. */
  finishReason?: string;
  /** Defaults to 7 prompt and 3 completion tokens. */
  usage?: { promptTokens: number; completionTokens: number };
  /** Defaults to the model the request named. */
  model?: string;
  headers?: Record<string, string>;
  /** Waits before answering (to test aborts and timeouts). */
  delayMs?: number;
  /** Streaming only: after the text, send `data: {"error": ...}` instead of finishing. */
  streamError?: { message: string; type?: string };
}

/** Builds a completion in its JSON and its streamed forms. */
export class FakeCompletion {
  private readonly id: string;
  private readonly created = Math.floor(Date.now() / 1000);
  private readonly deltas: string[];
  private readonly toolCalls: { id: string; name: string; arguments: string }[];
  private readonly finishReason: string;
  private readonly usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };

  constructor(
    private readonly answer: FakeAnswer,
    private readonly model: string,
    requestNumber: number,
  ) {
    this.id = `chatcmpl-fake-${requestNumber}`;
    this.deltas = answer.text === undefined ? [] : Array.isArray(answer.text) ? answer.text : splitInThree(answer.text);
    this.toolCalls = (answer.toolCalls ?? []).map((call, index) => ({
      id: call.id ?? `call_${requestNumber}_${index + 1}`,
      name: call.name,
      arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
    }));
    this.finishReason = answer.finishReason ?? (this.toolCalls.length > 0 ? 'tool_calls' : 'stop');
    const { promptTokens, completionTokens } = answer.usage ?? { promptTokens: 7, completionTokens: 3 };
    this.usage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
  }

  message(): object {
    const toolCalls = this.toolCalls.map((call) => ({
      id: call.id,
      type: 'function',
      function: { name: call.name, arguments: call.arguments },
    }));
    return {
      ...this.header('chat.completion'),
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: this.answer.text === undefined ? null : this.deltas.join(''),
            ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
          },
          finish_reason: this.finishReason,
        },
      ],
      usage: this.usage,
    };
  }

  chunks(includeUsage: boolean): object[] {
    const chunk = (delta: object, finishReason: string | null = null): object => ({
      ...this.header('chat.completion.chunk'),
      choices: [{ index: 0, delta, finish_reason: finishReason }],
    });
    const chunks = [chunk({ role: 'assistant', content: '' })];
    for (const text of this.deltas) chunks.push(chunk({ content: text }));
    if (this.answer.streamError !== undefined) {
      const { message, type = 'server_error' } = this.answer.streamError;
      return [...chunks, { error: { message, type, code: null } }];
    }
    this.toolCalls.forEach((call, index) => {
      chunks.push(chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] }));
      const middle = Math.ceil(call.arguments.length / 2);
      for (const piece of [call.arguments.slice(0, middle), call.arguments.slice(middle)]) {
        chunks.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
      }
    });
    chunks.push(chunk({}, this.finishReason));
    if (includeUsage) chunks.push({ ...this.header('chat.completion.chunk'), choices: [], usage: this.usage });
    return chunks;
  }

  private header(object: string): object {
    return { id: this.id, object, created: this.created, model: this.answer.model ?? this.model };
  }
}

function splitInThree(text: string): string[] {
  const size = Math.max(1, Math.ceil(text.length / 3));
  const pieces: string[] = [];
  for (let start = 0; start < text.length; start += size) pieces.push(text.slice(start, start + size));
  return pieces;
}
