import type { LanguageModelV3CallOptions } from '@ai-sdk/provider';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadAgentRegistry, type AgentRegistry } from '../../src/agents/agent-registry.ts';
import { languageHandlers as builtinHandlers } from '../../src/handlers/index.ts';
import type { ResolvedModel } from '../../src/models/model-resolver.ts';
import { ScriptedModel } from '../../src/models/testing.ts';
import { runAgent } from '../../src/runtime/run-agent.ts';
import { shippedRosterDirectory } from '../../src/app/nova.ts';
import type { Store } from '../../src/store/store.ts';
import { temporaryStore } from '../support/agents.ts';

/** A generated report of `pages` pages: a heading per page, five paragraphs with unique markers. */
function generatedDocument(pages: number): { text: string; markers: string[] } {
  const markers: string[] = [];
  const parts = ['# Annual operations report'];
  for (let page = 1; page <= pages; page += 1) {
    parts.push(`## Page ${page}`);
    for (let paragraph = 1; paragraph <= 5; paragraph += 1) {
      const marker = `M${page}x${paragraph}`;
      markers.push(marker);
      parts.push(`${marker} opens this paragraph. ${'Revenue grew steadily while costs were held flat across the region. '.repeat(8)}`);
    }
  }
  return { text: parts.join('\n\n'), markers };
}

function lastUserText(options: LanguageModelV3CallOptions): string {
  const message = options.prompt.at(-1);
  return message?.role === 'user' ? message.content.map((part) => (part.type === 'text' ? part.text : '')).join('') : '';
}

/** Answers chunk requests with "Summary of part i" and merge requests with JSON, recording both. */
function summarizingModel() {
  const chunkPrompts: string[] = [];
  const mergePrompts: string[] = [];
  const model = new ScriptedModel(
    [
      (options) => {
        const prompt = lastUserText(options);
        const part = /This is part (\d+) of (\d+)/.exec(prompt);
        if (part !== null) {
          chunkPrompts.push(prompt);
          return { text: `Summary of part ${part[1]}.` };
        }
        mergePrompts.push(prompt);
        if (prompt.startsWith('These are summaries of consecutive parts of one document, in order.') || prompt.startsWith('Summarise this document.')) {
          return { text: JSON.stringify({ summary: 'Revenue grew while costs stayed flat.', keyPoints: ['Revenue grew', 'Costs flat'] }) };
        }
        return { text: `Merged ${(prompt.match(/\[Parts? \d+\]/g) ?? []).length} summaries.` };
      },
    ],
    { repeat: true },
  );
  const resolved: ResolvedModel = { model, modelString: 'scripted:summary', baseUrl: null, price: undefined };
  return { model, chunkPrompts, mergePrompts, resolveModel: () => resolved };
}

describe('summarizer on documents longer than the context', () => {
  let registry: AgentRegistry;
  let store: Store;
  let close: () => Promise<void>;

  beforeAll(async () => {
    registry = await loadAgentRegistry({ directories: [{ path: shippedRosterDirectory, origin: 'shipped' }], builtinHandlers });
  });
  beforeEach(async () => {
    ({ store, close } = await temporaryStore());
  });
  afterEach(async () => close());

  it('covers every chunk of a 200-page document exactly once, and merges all partial summaries', async () => {
    const { text, markers } = generatedDocument(200);
    const { chunkPrompts, mergePrompts, resolveModel } = summarizingModel();
    const result = await runAgent({ agent: registry.get('summarizer'), input: { text }, store, resolveModel });
    expect(result.error).toBeNull();
    expect(result.output).toMatchObject({ summary: 'Revenue grew while costs stayed flat.', chunks: chunkPrompts.length });
    expect(chunkPrompts.length).toBeGreaterThan(20);

    // Every marker of the document is in exactly one chunk request.
    for (const marker of markers) {
      expect(chunkPrompts.filter((prompt) => new RegExp(`\\b${marker}\\b`).test(prompt)), marker).toHaveLength(1);
    }
    // The merge sees every partial summary, in order.
    expect(mergePrompts).toHaveLength(1);
    const seen = [...mergePrompts[0]!.matchAll(/\[Part (\d+)\] Summary of part (\d+)\./g)].map((match) => [Number(match[1]), Number(match[2])]);
    expect(seen).toEqual(chunkPrompts.map((_, index) => [index + 1, index + 1]));

    // Each chunk call is journalled with its label.
    const labels = (await store.journal.read(result.runId)).filter((event) => event.type === 'model-call').map((event) => (event.payload as { label?: string }).label);
    expect(labels.slice(0, 2)).toEqual([`chunk 1 of ${chunkPrompts.length}`, `chunk 2 of ${chunkPrompts.length}`]);
    expect(labels.at(-1)).toBe('merge');
  });

  it('merges in levels when even the partial summaries do not fit one request', async () => {
    const { text } = generatedDocument(30);
    const { chunkPrompts, mergePrompts, resolveModel } = summarizingModel();
    const result = await runAgent({ agent: registry.get('summarizer'), input: { text, chunkTokens: 200 }, store, resolveModel });
    expect(result.status).toBe('succeeded');
    expect(chunkPrompts.length).toBeGreaterThan(100);
    expect(mergePrompts.length).toBeGreaterThan(2);
    // Group merges together account for every partial summary exactly once.
    const grouped = mergePrompts.slice(0, -1).flatMap((prompt) => [...prompt.matchAll(/\[Part (\d+)\]/g)].map((match) => Number(match[1])));
    expect(grouped.sort((left, right) => left - right)).toEqual(chunkPrompts.map((_, index) => index + 1));
  });

  it('summarises a short document in one request', async () => {
    const { chunkPrompts, mergePrompts, resolveModel } = summarizingModel();
    const result = await runAgent({ agent: registry.get('summarizer'), input: { text: 'Short note about budgets.' }, store, resolveModel });
    expect(result.output).toMatchObject({ chunks: 1 });
    expect(chunkPrompts).toHaveLength(0);
    expect(mergePrompts).toHaveLength(1);
  });
});
