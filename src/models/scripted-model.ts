import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3Content,
  LanguageModelV3FinishReason,
  LanguageModelV3GenerateResult,
  LanguageModelV3StreamPart,
  LanguageModelV3StreamResult,
  LanguageModelV3Usage,
} from '@ai-sdk/provider';

/** A tool call the scripted model makes; an object `input` is sent as its JSON text. */
export interface ScriptedToolCall {
  toolName: string;
  input: object | string;
  /** Defaults to `scripted-<turn>-<n>` (1-based). */
  toolCallId?: string;
}

/** What the model answers on one call. */
export interface ScriptedAnswer {
  text?: string;
  toolCalls?: ScriptedToolCall[];
  /** Defaults to `tool-calls` when there are tool calls, else `stop`. */
  finishReason?: LanguageModelV3FinishReason['unified'];
  /** Defaults to 10 input and 5 output tokens. */
  usage?: { inputTokens?: number; outputTokens?: number };
}

/** A call that fails: `doGenerate` and `doStream` reject with this error. */
export interface ScriptedFailure {
  error: Error;
}

/** Decides the answer from the call's options (the prompt, the tools); `callNumber` is 1-based. */
export type ScriptedTurnFunction = (
  options: LanguageModelV3CallOptions,
  callNumber: number,
) => ScriptedAnswer | ScriptedFailure;

/** One scripted call: a fixed answer, a failure, or a function that decides from the call options. */
export type ScriptedTurn = ScriptedAnswer | ScriptedFailure | ScriptedTurnFunction;

export interface ScriptedModelOptions {
  /** Defaults to `scripted`. */
  modelId?: string;
  /** Defaults to `scripted`. */
  provider?: string;
  /** Start the script over when it runs out instead of failing (for benchmarks). */
  repeat?: boolean;
}

type PreparedTurn =
  | { kind: 'answer'; result: LanguageModelV3GenerateResult }
  | { kind: 'failure'; error: Error }
  | { kind: 'dynamic'; decide: ScriptedTurnFunction };

/**
 * A deterministic language model for tests and benchmarks. It answers each call with the next scripted
 * turn and records every call's options in `calls`. Fixed answers are built once, when the model is
 * constructed (and frozen, since they are shared), so `doGenerate` costs about as much as a resolved
 * promise.
 *
 * @example
 * const model = new ScriptedModel([
 *   { toolCalls: [{ toolName: 'search', input: { query: 'nova' } }] },
 *   { text: 'Found it.' },
 * ]);
 */
export class ScriptedModel implements LanguageModelV3 {
  readonly specificationVersion = 'v3';
  readonly provider: string;
  readonly modelId: string;
  readonly supportedUrls: Record<string, RegExp[]> = {};
  /** The options of every call, in order (`doGenerate` and `doStream` alike). */
  readonly calls: LanguageModelV3CallOptions[] = [];
  private readonly turns: readonly PreparedTurn[];
  private readonly repeat: boolean;

  constructor(turns: readonly ScriptedTurn[], options: ScriptedModelOptions = {}) {
    this.provider = options.provider ?? 'scripted';
    this.modelId = options.modelId ?? 'scripted';
    this.repeat = options.repeat ?? false;
    if (this.repeat && turns.length === 0) throw new Error('ScriptedModel: repeat needs at least one turn');
    this.turns = turns.map((turn, index) => prepareTurn(turn, index + 1, this.modelId));
  }

  /** How many calls the model has answered or refused so far. */
  get callCount(): number {
    return this.calls.length;
  }

  async doGenerate(options: LanguageModelV3CallOptions): Promise<LanguageModelV3GenerateResult> {
    return this.answer(options);
  }

  async doStream(options: LanguageModelV3CallOptions): Promise<LanguageModelV3StreamResult> {
    const result = this.answer(options);
    const parts = streamParts(result);
    const stream = new ReadableStream<LanguageModelV3StreamPart>({
      start(controller) {
        for (const part of parts) controller.enqueue(part);
        controller.close();
      },
    });
    return { stream };
  }

  private answer(options: LanguageModelV3CallOptions): LanguageModelV3GenerateResult {
    const callNumber = this.calls.push(options);
    const count = this.turns.length;
    const turn = this.repeat ? this.turns[(callNumber - 1) % count] : this.turns[callNumber - 1];
    if (turn === undefined) {
      throw new Error(`ScriptedModel: no scripted turn left for call ${callNumber} (the script has ${count})`);
    }
    if (turn.kind === 'answer') return turn.result;
    if (turn.kind === 'failure') throw turn.error;
    const decided = prepareTurn(turn.decide(options, callNumber), callNumber, this.modelId);
    if (decided.kind === 'failure') throw decided.error;
    if (decided.kind === 'answer') return decided.result;
    throw new Error(`ScriptedModel: the function for call ${callNumber} returned a function, not a turn`);
  }
}

function prepareTurn(turn: ScriptedTurn, turnNumber: number, modelId: string): PreparedTurn {
  if (typeof turn === 'function') return { kind: 'dynamic', decide: turn };
  if ('error' in turn) return { kind: 'failure', error: turn.error };
  return { kind: 'answer', result: buildResult(turn, turnNumber, modelId) };
}

function buildResult(answer: ScriptedAnswer, turnNumber: number, modelId: string): LanguageModelV3GenerateResult {
  const content: LanguageModelV3Content[] = [];
  if (answer.text !== undefined && answer.text !== '') content.push(Object.freeze({ type: 'text', text: answer.text }));
  const toolCalls = answer.toolCalls ?? [];
  toolCalls.forEach((call, index) => {
    content.push(
      Object.freeze({
        type: 'tool-call',
        toolCallId: call.toolCallId ?? `scripted-${turnNumber}-${index + 1}`,
        toolName: call.toolName,
        input: typeof call.input === 'string' ? call.input : JSON.stringify(call.input),
      }),
    );
  });
  const unified = answer.finishReason ?? (toolCalls.length > 0 ? 'tool-calls' : 'stop');
  // Frozen in place (keeping the SDK's mutable types): with `repeat` the same result is returned again.
  Object.freeze(content);
  const warnings: LanguageModelV3GenerateResult['warnings'] = [];
  Object.freeze(warnings);
  return Object.freeze({
    content,
    finishReason: Object.freeze({ unified, raw: unified }),
    usage: scriptedUsage(answer.usage?.inputTokens ?? 10, answer.usage?.outputTokens ?? 5),
    response: Object.freeze({ modelId }),
    warnings,
  });
}

function scriptedUsage(input: number, output: number): LanguageModelV3Usage {
  return Object.freeze({
    inputTokens: Object.freeze({ total: input, noCache: input, cacheRead: undefined, cacheWrite: undefined }),
    outputTokens: Object.freeze({ total: output, text: output, reasoning: undefined }),
  });
}

/** Text in up to three deltas, then each tool call (input start, delta, end, call), then the finish. */
function streamParts(result: LanguageModelV3GenerateResult): LanguageModelV3StreamPart[] {
  const parts: LanguageModelV3StreamPart[] = [{ type: 'stream-start', warnings: [] }];
  if (result.response?.modelId !== undefined) parts.push({ type: 'response-metadata', modelId: result.response.modelId });
  result.content.forEach((part, index) => {
    if (part.type === 'text') {
      const id = `text-${index}`;
      parts.push({ type: 'text-start', id });
      for (const delta of splitText(part.text, 3)) parts.push({ type: 'text-delta', id, delta });
      parts.push({ type: 'text-end', id });
    } else if (part.type === 'tool-call') {
      const id = part.toolCallId;
      parts.push({ type: 'tool-input-start', id, toolName: part.toolName });
      parts.push({ type: 'tool-input-delta', id, delta: part.input });
      parts.push({ type: 'tool-input-end', id });
      parts.push(part);
    }
  });
  parts.push({ type: 'finish', finishReason: result.finishReason, usage: result.usage });
  return parts;
}

function splitText(text: string, pieces: number): string[] {
  const characters = Array.from(text);
  const size = Math.max(1, Math.ceil(characters.length / pieces));
  const deltas: string[] = [];
  for (let start = 0; start < characters.length; start += size) {
    deltas.push(characters.slice(start, start + size).join(''));
  }
  return deltas;
}
