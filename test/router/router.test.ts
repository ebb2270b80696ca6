import { describe, expect, it } from 'vitest';
import { routingOverlap } from '../../src/router/agent-overlap.ts';
import { confidences, defaultThresholds, topConfidence } from '../../src/router/calibration.ts';
import { createModelJudge } from '../../src/router/model-judge.ts';
import { Router } from '../../src/router/router.ts';
import { evaluate, fitThresholds, scoreRequests } from '../../src/router/routing-eval.ts';
import { LexicalIndex, type IndexedAgent } from '../../src/router/lexical-index.ts';
import { analyse, stem, wordPairs } from '../../src/router/text-analysis.ts';
import { scripted } from '../support/agents.ts';

const agents: IndexedAgent[] = [
  { id: 'chat', name: 'Chat', description: 'Open conversation, small talk and jokes; the fallback.', samples: ['hi, how is it going', 'tell me a joke', 'good morning, how are you'] },
  { id: 'translator', name: 'Translator', description: 'Translates text between languages.', samples: ['translate this to German', "what is 'delivery note' in French", 'translate the email into Spanish'] },
  { id: 'summarizer', name: 'Summarizer', description: 'Summarises long documents and reports.', samples: ['summarise this report', 'tl;dr of the contract', 'key points of meeting-notes.md'] },
  { id: 'csv-analyst', name: 'CSV analyst', description: 'Statistics, group-bys and pivots over a CSV file.', samples: ['average order value by month in sales.csv', 'summarise the columns of data.csv', 'pivot revenue by region'] },
  { id: 'log-triage', name: 'Log triage', description: 'Groups log lines into failure signatures.', samples: ['triage errors in app.log', 'top failures in last night logs', 'group these stack traces'] },
];

describe('text analysis', () => {
  it('stems plurals, verb forms and British/American spellings together, splits file names and drops bare numbers and single letters', () => {
    expect(stem('summarise')).toBe(stem('summarizing'));
    expect(stem('invoices')).toBe(stem('invoice'));
    expect(stem('planning')).toBe(stem('plan'));
    expect(analyse('What is a mutex? Translate sales.csv, PO 1042')).toEqual(['what', 'is', 'mutex', 'translat', 'sale', 'csv', 'po']);
  });

  it('pairs adjacent terms', () => {
    expect(wordPairs(analyse('What is a race condition'))).toEqual(['what is', 'is race', 'race condition']);
    expect(wordPairs(['one'])).toEqual([]);
  });
});

describe('Router', () => {
  const router = new Router({ agents });

  it('takes an explicit @address and strips it from the request', async () => {
    const routed = await router.route('@summarizer translate nothing, just summarise');
    expect(routed.decision).toMatchObject({ agentId: 'summarizer', confidence: 1, method: 'explicit' });
    expect(routed.text).toBe('translate nothing, just summarise');
    expect((await router.route('anything', { agentId: 'translator' })).decision.method).toBe('explicit');
    await expect(router.route('@translater hello')).rejects.toMatchObject({ code: 'agent_not_found', details: { closest: ['translator'] } });
  });

  it('decides lexically with a confidence, the top candidates, and an explanation naming the matched terms and runner-up', async () => {
    const lenient = new Router({ agents, thresholds: { ...defaultThresholds, minConfidence: 0.5 } });
    const { decision } = await lenient.route('please translate this report into French');
    expect(decision).toMatchObject({ agentId: 'translator', method: 'lexical' });
    expect(decision.confidence).toBeGreaterThan(0.5);
    expect(decision.candidates[0]).toEqual({ agentId: 'translator', score: decision.confidence });
    expect(decision.candidates.map((candidate) => candidate.score)).toEqual([...decision.candidates.map((candidate) => candidate.score)].sort((left, right) => right - left));
    // The words as typed, the strongest first, pairs included: not the stems the index keeps.
    expect(decision.explanation).toMatch(/matched "translate", .*"translate this"/);
    expect(decision.explanation).toMatch(/Runner-up: /);
  });

  it('tells agents apart by a pair of words when the words alone are shared', () => {
    const twoAgents: IndexedAgent[] = [
      { id: 'explainer', name: 'Explainer', description: 'Explains concepts.', samples: ['what is a mutex', 'what is a closure in this code'] },
      { id: 'language-detector', name: 'Language detector', description: 'Detects languages.', samples: ['is this what language', 'what text is this in'] },
    ];
    const index = new LexicalIndex(twoAgents);
    const pairs = index.score('what is idempotency');
    expect(pairs[0]).toMatchObject({ agentId: 'explainer', bestExample: 'what is a mutex' });
    expect(index.matchedTerms('What is idempotency', 'explainer')).toEqual(['what is', 'what', 'is']);
    expect(index.matchedTerms('wat is a mutexes', 'explainer')).toEqual(['mutexes', 'is mutexes', 'is']);
    expect(index.matchedTerms('what is idempotency', 'language-detector')).toEqual(['what', 'is']);
    // Without pairs, the same words score the two agents alike: the pair is what decides.
    const words = new LexicalIndex(twoAgents, { pairWeight: 0 }).score('what is idempotency');
    expect(Math.abs(words[0]!.score - words[1]!.score)).toBeLessThan(pairs[0]!.score - pairs[1]!.score);
  });

  it('matches misspelt words', () => {
    expect(router.decide('sumarise teh reprot').agentId).toBe('summarizer');
    expect(router.decide('translat this to germn').agentId).toBe('translator');
  });

  it('abstains when nothing fits, and names no agent', () => {
    const decision = router.decide('quantum chromodynamics of gluons');
    expect(decision.agentId).toBeNull();
    expect(decision.explanation).toMatch(/No agent/);
  });

  it('abstains between two agents that fit equally, and uses the fallback only when asked', async () => {
    const twins = new Router({ agents: [...agents, { id: 'summarizer-two', name: 'Summarizer two', description: 'Summarises long documents and reports.', samples: ['summarise this report', 'tl;dr of the contract', 'key points of meeting-notes.md'] }] });
    const ambiguous = await twins.route('summarise this report');
    expect(ambiguous.decision.agentId).toBeNull();
    expect(ambiguous.decision.candidates.slice(0, 2).map((candidate) => candidate.agentId).sort()).toEqual(['summarizer', 'summarizer-two']);
    const fallback = await twins.route('summarise this report', { fallback: 'chat' });
    expect(fallback.decision.agentId).toBe('chat');
    expect(fallback.decision.explanation).toMatch(/fallback chat/);
    await expect(twins.route('x', { fallback: 'nobody' })).rejects.toMatchObject({ code: 'agent_not_found' });
  });

  it('sends small talk to chat only when chat clears its own, higher threshold', () => {
    const thresholds = { ...defaultThresholds, temperature: 8, minConfidence: 0.5, chatMinConfidence: 0.5 };
    const decision = new Router({ agents, thresholds }).decide('good morning, how are you today?');
    expect(decision.agentId).toBe('chat');
    expect(decision.confidence).toBeLessThan(0.99);
    const strict = new Router({ agents, thresholds: { ...thresholds, chatMinConfidence: 0.99 } });
    expect(strict.decide('good morning, how are you today?').agentId).toBeNull();
  });
});

describe('the model judge', () => {
  // A high temperature spreads the confidence: the lexical stage is unsure, so the judge is asked.
  const close = new Router({ agents, thresholds: { ...defaultThresholds, temperature: 100, minConfidence: 0.9, chatMinConfidence: 0.9 } });
  const judged = (answer: string) => {
    const { model, resolveModel } = scripted([{ text: answer }]);
    return { model, router: new Router({ agents, thresholds: close.thresholds, judge: createModelJudge({ resolved: resolveModel(), agents, minConfidence: 0.5 }) }) };
  };

  it('is asked when the lexical stage is unsure, and its valid pick among the candidates decides', async () => {
    const { model, router } = judged('{"agent": "translator", "confidence": 0.9, "reason": "It asks for a translation."}');
    const { decision } = await router.route('translate this to German');
    expect(decision).toMatchObject({ agentId: 'translator', confidence: 0.9, method: 'model' });
    expect(JSON.stringify(model.calls[0]?.prompt)).toContain('- translator: Translates text between languages.');
  });

  it('refuses an answer that is not valid JSON of the right shape', async () => {
    await expect(judged('translator, I think').router.route('translate this to German')).rejects.toMatchObject({ code: 'model_output_invalid' });
    await expect(judged('{"agent": "translator", "confidence": 7}').router.route('translate this to German')).rejects.toMatchObject({ code: 'model_output_invalid' });
  });

  it('refuses a pick outside the candidates', async () => {
    await expect(judged('{"agent": "planner", "confidence": 0.9, "reason": "x"}').router.route('translate this to German')).rejects.toThrow(/not one of the candidates/);
  });

  it('leaves the request ambiguous when the judge itself is unsure', async () => {
    const { decision } = await judged('{"agent": "translator", "confidence": 0.3, "reason": "maybe"}').router.route('translate this to German');
    expect(decision.agentId).toBeNull();
    expect(decision.method).toBe('model');
  });
});

describe('calibration and evaluation', () => {
  it('spreads confidence over all agents, so a weak match stays unconfident', () => {
    const strong = confidences([{ agentId: 'a', score: 20 }], 30, 2)[0]!.confidence;
    const weak = confidences([{ agentId: 'a', score: 1 }], 30, 2)[0]!.confidence;
    expect(strong).toBeGreaterThan(0.99);
    expect(weak).toBeLessThan(0.1);
    const split = confidences([{ agentId: 'a', score: 5 }, { agentId: 'b', score: 5 }], 2, 1);
    expect(split.map((entry) => entry.confidence)).toEqual([0.5, 0.5]);
    const scores = [{ agentId: 'a', score: 9 }, { agentId: 'b', score: 4 }, { agentId: 'c', score: 1 }];
    expect(topConfidence(scores, 10, 1.5)!.confidence).toBeCloseTo(confidences(scores, 10, 1.5)[0]!.confidence, 12);
    expect(topConfidence([], 10, 1.5)).toBeUndefined();
  });

  it('counts correct, abstained and misrouted, per agent and as confusion pairs', () => {
    const router = new Router({ agents });
    const scored = scoreRequests(router.index, [
      { text: 'translate to Italian please', agent: 'translator' },
      { text: 'translate to Italian please', agent: 'summarizer' },
      { text: 'zzz qqq', agent: 'chat' },
      { text: 'anything', agent: 'not-an-agent' },
    ]);
    const report = evaluate(scored, new Set(agents.map((agent) => agent.id)), defaultThresholds);
    expect(report).toMatchObject({ total: 3, correct: 1, abstained: 1, misrouted: 1, skipped: 1, skippedAgents: { 'not-an-agent': 1 }, accuracy: 0.3333, misroutedRate: 0.3333 });
    expect(report.perAgent['summarizer']).toEqual({ total: 1, correct: 0, abstained: 0, misrouted: 1 });
    expect(report.confusion).toEqual([{ expected: 'summarizer', got: 'translator', count: 1 }]);
  });

  it('fits thresholds that keep misrouting under the limit, with cross-validated figures', () => {
    const router = new Router({ agents });
    const requests = [
      ...['translate into Dutch', 'translate my letter to Greek', 'German translation of this', 'how do I say thanks in French', 'translate the menu'].map((text) => ({ text, agent: 'translator' })),
      ...['summary of the minutes', 'summarise the quarterly report', 'key points please of this contract', 'tl;dr this article', 'shorten this report into a summary'].map((text) => ({ text, agent: 'summarizer' })),
      ...['errors in server.log', 'triage the crash logs', 'stack traces from last night', 'top failures today in app.log', 'group the exceptions'].map((text) => ({ text, agent: 'log-triage' })),
      ...['translate the report summary', 'summarise the translated log'].map((text) => ({ text, agent: 'chat' })),
    ];
    const fit = fitThresholds(scoreRequests(router.index, requests), new Set(agents.map((agent) => agent.id)), { maxMisroutedRate: 0.1 });
    expect(fit.crossValidated.total).toBe(requests.length);
    const all = evaluate(scoreRequests(router.index, requests), new Set(agents.map((agent) => agent.id)), fit.thresholds);
    expect(all.misroutedRate).toBeLessThanOrEqual(0.1);
    expect(all.accuracy).toBeGreaterThan(0.6);
  });
});

describe('routingOverlap', () => {
  it('finds the agents whose samples are routed to each other', () => {
    const overlapping = [...agents, { id: 'report-summary', name: 'Report summary', description: 'Summarises reports and contracts.', samples: ['summarise this report', 'tl;dr of the report', 'summary of the contract'] }];
    const pairs = routingOverlap(overlapping, { ...defaultThresholds, minConfidence: 0.3 });
    expect(pairs.some((pair) => [pair.from, pair.to].sort().join() === 'report-summary,summarizer')).toBe(true);
    expect(pairs.every((pair) => pair.count <= pair.samples && pair.requests.length === pair.count)).toBe(true);
  });
});
