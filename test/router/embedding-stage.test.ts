import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEmbeddingModel } from '../../src/models/embedding-model.ts';
import { defaultThresholds } from '../../src/router/calibration.ts';
import { createEmbeddingCache } from '../../src/router/embedding-cache.ts';
import { createEmbeddingStage } from '../../src/router/embedding-stage.ts';
import type { IndexedAgent } from '../../src/router/lexical-index.ts';
import { Router } from '../../src/router/router.ts';
import { evaluate, fitThresholds, scoreMeaning, scoreRequests } from '../../src/router/routing-eval.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../support/fake-openai-server.ts';
import { temporaryDirectory } from '../support/temporary-directory.ts';

const agents: IndexedAgent[] = [
  { id: 'chat', name: 'Chat', description: 'Small talk.', samples: ['hi, how is it going', 'good morning', 'hello there'] },
  { id: 'translator', name: 'Translator', description: 'Translates text.', samples: ['translate this to German', 'translate the email into Spanish', 'in French please'] },
  { id: 'log-triage', name: 'Log triage', description: 'Groups log lines.', samples: ['triage errors in app.log', 'group these stack traces', 'top failures in the logs'] },
];

/**
 * A fake embedding: one dimension per concept, counting the text's words of that concept, so that words
 * no sample uses ("howdy", "traducir", "exceptions") still land near the agent of their concept.
 */
const concepts = [
  ['hi', 'hello', 'howdy', 'morning', 'greetings', 'going'],
  ['translate', 'german', 'spanish', 'french', 'traducir', 'italian'],
  ['log', 'logs', 'errors', 'stack', 'traces', 'failures', 'exceptions', 'crash', 'triage'],
];
function conceptVector(text: string): number[] {
  const words = text.toLowerCase().split(/[^a-z]+/);
  return [...concepts.map((concept) => words.filter((word) => concept.includes(word)).length), 0.05];
}

describe('the embedding stage', () => {
  let server: FakeOpenAIServer;
  let directory: { path: string; remove: () => void };
  let store: Store;
  const embeddingRequests = () => server.requests.filter((request) => request.path === '/v1/embeddings');
  const embeddedTexts = () => embeddingRequests().flatMap((request) => (request.body as { input: string[] }).input);

  function router(thresholds = defaultThresholds): Router {
    const model = createEmbeddingModel({ modelString: 'openai-compatible:fake-embedding', env: { NOVA_OPENAI_COMPATIBLE_BASE_URL: server.url } });
    return new Router({ agents, thresholds, embeddings: createEmbeddingStage({ model, cache: createEmbeddingCache(store), agents }) });
  }

  beforeAll(async () => {
    server = await startFakeOpenAIServer();
  });
  afterAll(async () => server.close());
  beforeEach(async () => {
    directory = temporaryDirectory();
    store = await openStore({ dialect: 'sqlite', path: join(directory.path, 'nova.db') });
    server.requests.length = 0;
    server.embedWith((texts) => texts.map(conceptVector));
  });
  afterEach(async () => {
    await store.close();
    directory.remove();
  });

  it('decides by meaning what the lexical stage cannot, and says so', async () => {
    const { decision } = await router().route('howdy partner');
    expect(decision).toMatchObject({ agentId: 'chat', method: 'embedding' });
    expect(decision.confidence).toBeGreaterThanOrEqual(defaultThresholds.embeddingMinConfidence);
    expect(decision.explanation).toMatch(/No agent matches any word of the request\. By meaning, chat \(confidence/);
    expect(decision.candidates[0]).toEqual({ agentId: 'chat', score: decision.confidence });
  });

  it('is not asked when the lexical stage is confident', async () => {
    const { decision } = await router({ ...defaultThresholds, minConfidence: 0.5 }).route('translate this to German please');
    expect(decision).toMatchObject({ agentId: 'translator', method: 'lexical' });
    expect(embeddingRequests()).toHaveLength(0);
  });

  it('stays unsure when meaning does not settle it either', async () => {
    const { decision } = await router().route('howdy, traducir');
    expect(decision).toMatchObject({ agentId: null, method: 'embedding' });
    expect(decision.candidates.slice(0, 2).map((candidate) => candidate.agentId).sort()).toEqual(['chat', 'translator']);
    expect(decision.explanation).toMatch(/By meaning, no agent is confident enough either/);
  });

  it('embeds the agents once per model: later routers, in this process or another, read them from the store', async () => {
    await router().route('howdy partner');
    const exampleCount = agents.reduce((count, agent) => count + agent.samples.length + 1, 0);
    expect(embeddedTexts()).toHaveLength(exampleCount + 1);
    expect(embeddedTexts()).toContain('Chat: Small talk.');

    await router().route('howdy partner');
    expect(embeddedTexts()).toHaveLength(exampleCount + 1);
    const { decision } = await router().route('exceptions everywhere');
    expect(decision).toMatchObject({ agentId: 'log-triage', method: 'embedding' });
    expect(embeddedTexts().slice(exampleCount + 1)).toEqual(['exceptions everywhere']);
  });

  it('fails loudly when the provider fails, and tries again on the next request', async () => {
    server.embedWith(() => ({ status: 401, error: { message: 'bad key' } }));
    const stage = router();
    await expect(stage.route('howdy partner')).rejects.toMatchObject({ code: 'model_error' });
    server.embedWith((texts) => texts.map(conceptVector));
    expect((await stage.route('howdy partner')).decision.agentId).toBe('chat');
  });

  it('refuses an answer with the wrong number of vectors', async () => {
    server.embedWith((texts) => texts.slice(1).map(conceptVector));
    await expect(router().route('howdy partner')).rejects.toMatchObject({ code: 'model_output_invalid' });
  });

  it('refuses a provider without embeddings', () => {
    expect(() => createEmbeddingModel({ modelString: 'anthropic:claude-x', env: { ANTHROPIC_API_KEY: 'k' } })).toThrow(expect.objectContaining({ code: 'config_invalid', message: expect.stringMatching(/Anthropic offers no embedding models/) }));
  });

  it('is fitted with the lexical thresholds fixed, and takes the requests the lexical stage leaves', async () => {
    const labelled = [
      ...['howdy partner', 'greetings, friend', 'howdy howdy', 'morning greetings'].map((text) => ({ text, agent: 'chat' })),
      ...['traducir por favor', 'italian version', 'traducir al italiano', 'spanish version'].map((text) => ({ text, agent: 'translator' })),
      ...['exceptions everywhere', 'so many exceptions', 'crash crash', 'exceptions and crash'].map((text) => ({ text, agent: 'log-triage' })),
      ...['translate this to German', 'triage errors in app.log', 'hello there, how is it going'].map((text, index) => ({ text, agent: ['translator', 'log-triage', 'chat'][index]! })),
    ];
    const withRouter = router();
    const agentIds = new Set(agents.map((agent) => agent.id));
    const lexical = scoreRequests(withRouter.index, labelled);
    const scored = await scoreMeaning(withRouter.embeddings!, lexical);
    const lexicalOnly = fitThresholds(lexical, agentIds, { maxMisroutedRate: 0 });
    const both = fitThresholds(scored, agentIds, { maxMisroutedRate: 0 });
    expect(both.thresholds.embeddingMinConfidence).toBeLessThan(1);
    expect(evaluate(scored, agentIds, both.thresholds).accuracy).toBeGreaterThan(evaluate(lexical, agentIds, lexicalOnly.thresholds).accuracy);
    expect(evaluate(scored, agentIds, both.thresholds).misrouted).toBe(0);
    // A minimum of 1 turns the stage off, even where a saturated softmax reaches exactly 1.
    expect(evaluate(scored, agentIds, { ...both.thresholds, embeddingMinConfidence: 1 }).correct).toBe(evaluate(lexical, agentIds, both.thresholds).correct);
  });
});
