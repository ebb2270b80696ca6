import type { LanguageModelV3CallOptions, LanguageModelV3StreamPart } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { ScriptedModel } from '../../src/models/testing.ts';

function options(text: string): LanguageModelV3CallOptions {
  return { prompt: [{ role: 'user', content: [{ type: 'text', text }] }] };
}

async function readAll(stream: ReadableStream<LanguageModelV3StreamPart>): Promise<LanguageModelV3StreamPart[]> {
  const parts: LanguageModelV3StreamPart[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return parts;
    parts.push(value);
  }
}

describe('ScriptedModel', () => {
  it('answers scripted text with default usage and finish reason', async () => {
    const model = new ScriptedModel([{ text: 'hello' }]);
    const result = await model.doGenerate(options('hi'));
    expect(result.content).toEqual([{ type: 'text', text: 'hello' }]);
    expect(result.finishReason).toEqual({ unified: 'stop', raw: 'stop' });
    expect(result.usage.inputTokens.total).toBe(10);
    expect(result.usage.outputTokens.total).toBe(5);
  });

  it('answers tool calls with JSON text input, ids and the tool-calls finish', async () => {
    const model = new ScriptedModel([
      { toolCalls: [{ toolName: 'search', input: { query: 'nova' } }, { toolName: 'raw', input: '{"a":1}', toolCallId: 'mine' }] },
    ]);
    const result = await model.doGenerate(options('go'));
    expect(result.content).toEqual([
      { type: 'tool-call', toolCallId: 'scripted-1-1', toolName: 'search', input: '{"query":"nova"}' },
      { type: 'tool-call', toolCallId: 'mine', toolName: 'raw', input: '{"a":1}' },
    ]);
    expect(result.finishReason.unified).toBe('tool-calls');
  });

  it('honours an explicit finish reason and usage', async () => {
    const model = new ScriptedModel([{ text: 'cut', finishReason: 'length', usage: { inputTokens: 3, outputTokens: 4 } }]);
    const result = await model.doGenerate(options('x'));
    expect(result.finishReason.unified).toBe('length');
    expect([result.usage.inputTokens.total, result.usage.outputTokens.total]).toEqual([3, 4]);
  });

  it('throws scripted errors', async () => {
    const failure = new Error('scripted failure');
    const model = new ScriptedModel([{ error: failure }, { text: 'after' }]);
    await expect(model.doGenerate(options('1'))).rejects.toBe(failure);
    await expect(model.doGenerate(options('2'))).resolves.toMatchObject({ content: [{ type: 'text', text: 'after' }] });
  });

  it('asks a function for dynamic answers', async () => {
    const model = new ScriptedModel([
      (callOptions, callNumber) => {
        const first = callOptions.prompt[0];
        const said = first?.role === 'user' && first.content[0]?.type === 'text' ? first.content[0].text : '?';
        return { text: `call ${callNumber} heard ${said}` };
      },
    ]);
    const result = await model.doGenerate(options('ping'));
    expect(result.content).toEqual([{ type: 'text', text: 'call 1 heard ping' }]);
  });

  it('fails clearly when the script runs out', async () => {
    const model = new ScriptedModel([{ text: 'only' }]);
    await model.doGenerate(options('1'));
    await expect(model.doGenerate(options('2'))).rejects.toThrow('ScriptedModel: no scripted turn left for call 2');
    await expect(model.doStream(options('3'))).rejects.toThrow('no scripted turn left for call 3');
  });

  it('repeats the script when asked', async () => {
    const model = new ScriptedModel([{ text: 'a' }, { text: 'b' }], { repeat: true });
    const texts: unknown[] = [];
    for (let call = 0; call < 5; call += 1) texts.push((await model.doGenerate(options(''))).content[0]);
    expect(texts.map((part) => (part as { text: string }).text)).toEqual(['a', 'b', 'a', 'b', 'a']);
  });

  it('records every call, generate and stream alike', async () => {
    const model = new ScriptedModel([{ text: 'a' }, { text: 'b' }]);
    const first = options('one');
    await model.doGenerate(first);
    await model.doStream(options('two'));
    expect(model.calls).toHaveLength(2);
    expect(model.calls[0]).toBe(first);
    expect(model.callCount).toBe(2);
  });

  it('streams text in deltas, then tool calls, then the finish', async () => {
    const model = new ScriptedModel([{ text: 'streamed text', toolCalls: [{ toolName: 'save', input: { ok: true } }] }]);
    const parts = await readAll((await model.doStream(options('s'))).stream);
    const deltas = parts.filter((part) => part.type === 'text-delta').map((part) => part.delta);
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe('streamed text');
    const types = parts.map((part) => part.type);
    expect(types.indexOf('tool-call')).toBeGreaterThan(types.lastIndexOf('text-delta'));
    expect(types.at(-1)).toBe('finish');
    expect(parts.find((part) => part.type === 'tool-call')).toMatchObject({ toolName: 'save', input: '{"ok":true}' });
  });

  it('refuses to start a stream for a scripted error', async () => {
    const model = new ScriptedModel([{ error: new Error('no stream') }]);
    await expect(model.doStream(options('x'))).rejects.toThrow('no stream');
  });

  it('is fast: a prebuilt answer costs microseconds', async () => {
    const turns = Array.from({ length: 20_000 }, () => ({ text: 'ok' }));
    const model = new ScriptedModel(turns);
    const started = performance.now();
    for (let call = 0; call < turns.length; call += 1) await model.doGenerate(options(''));
    const perCallMs = (performance.now() - started) / turns.length;
    // Generous bound for slow CI machines; in practice it is well under a microsecond.
    expect(perCallMs).toBeLessThan(0.05);
  });
});
