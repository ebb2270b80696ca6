import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadAgentRegistry, type AgentRegistry } from '../../src/agents/agent-registry.ts';
import { languageHandlers as builtinHandlers } from '../../src/handlers/index.ts';
import { runAgent } from '../../src/runtime/run-agent.ts';
import { shippedRosterDirectory } from '../../src/app/nova.ts';
import type { Store } from '../../src/store/store.ts';
import { scripted, temporaryStore } from '../support/agents.ts';
import { agentFixtures } from './agent-fixtures.ts';

const expectedAgents = {
  chat: 'chat',
  explainer: 'chat',
  planner: 'chat',
  brainstormer: 'chat',
  summarizer: 'language',
  translator: 'language',
  proofreader: 'language',
  'tone-rewriter': 'language',
  'entity-extractor': 'language',
  'text-classifier': 'language',
  'email-drafter': 'language',
};

describe('the language and chat agents of the roster', () => {
  let registry: AgentRegistry;
  let store: Store;
  let close: () => Promise<void>;

  beforeAll(async () => {
    registry = await loadAgentRegistry({ directories: [{ path: shippedRosterDirectory, origin: 'shipped' }], builtinHandlers, toolNames: new Set() });
  });
  beforeEach(async () => {
    ({ store, close } = await temporaryStore());
  });
  afterEach(async () => close());

  it('load without a single issue, with their categories and at least five samples each', () => {
    // Other agents of the roster need handlers with the store; this suite checks the language and chat ones.
    expect(registry.issues.filter((issue) => issue.agentId !== null && issue.agentId in expectedAgents)).toEqual([]);
    for (const [id, category] of Object.entries(expectedAgents)) {
      const agent = registry.get(id);
      expect(agent.spec.category, id).toBe(category);
      expect(agent.spec.engine, id).toBe('model');
      expect(agent.spec.samples.length, id).toBeGreaterThanOrEqual(5);
      expect(agent.spec.instructions?.length ?? 0, id).toBeGreaterThan(300);
    }
    for (const id of ['entity-extractor', 'text-classifier', 'proofreader', 'planner']) expect(registry.get(id).outputSchema, id).toBeDefined();
  });

  const run = (id: string, input: Record<string, unknown>, answers: string[]) => {
    const { model, resolveModel } = scripted(answers.map((text) => ({ text })));
    return { model, result: runAgent({ agent: registry.get(id), input, store, resolveModel, agents: registry.summaries() }) };
  };

  for (const fixture of agentFixtures) {
    describe(fixture.id, () => {
      it('turns a good answer into its output', async () => {
        const { result } = run(fixture.id, fixture.input, [fixture.goodAnswer]);
        const outcome = await result;
        expect(outcome.error).toBeNull();
        expect(outcome.status).toBe('succeeded');
        expect(outcome.output).toMatchObject(fixture.expectedOutput);
      });

      it('fails loudly on an empty answer', async () => {
        const outcome = await run(fixture.id, fixture.input, ['']).result;
        expect(outcome.status).toBe('failed');
        expect(outcome.error?.code).toBe('model_output_empty');
      });

      if (fixture.invalidAnswer !== undefined) {
        const invalid = fixture.invalidAnswer;
        it('repairs an invalid answer once, keeping a warning', async () => {
          const { model, result } = run(fixture.id, fixture.input, [invalid, fixture.goodAnswer]);
          const outcome = await result;
          expect(outcome.status).toBe('succeeded');
          expect(outcome.output).toMatchObject(fixture.expectedOutput);
          expect(outcome.warnings.map((warning) => warning.code)).toEqual(['model_output_invalid']);
          expect(JSON.stringify(model.calls[1]?.prompt.at(-1))).toContain('Your previous answer was rejected');
        });

        it('fails with model_output_invalid when the repair is invalid too', async () => {
          const { model, result } = run(fixture.id, fixture.input, [invalid, invalid]);
          const outcome = await result;
          expect(outcome.status).toBe('failed');
          expect(outcome.error?.code).toBe('model_output_invalid');
          expect(model.calls).toHaveLength(2);
        });
      }
    });
  }

  it('planner offers the other agents of this Nova, by id', async () => {
    const { model, result } = run('planner', { text: 'plan a newsletter launch' }, [agentFixtures.find((fixture) => fixture.id === 'planner')!.goodAnswer]);
    await result;
    const prompt = JSON.stringify(model.calls[0]?.prompt);
    expect(prompt).toContain('- translator: ');
    expect(prompt).not.toContain('- planner: ');
  });

  it('translator warns about each glossary term the translation did not respect', async () => {
    const input = { text: 'The delivery note and the invoice are attached.', targetLanguage: 'German', glossary: { 'delivery note': 'Lieferschein', invoice: 'Rechnung', 'purchase order': 'Bestellung' } };
    const answer = JSON.stringify({ translation: 'Die delivery note und die Faktura sind angehängt.', targetLanguage: 'German' });
    const outcome = await run('translator', input, [answer]).result;
    expect(outcome.status).toBe('succeeded');
    expect(outcome.warnings.map((warning) => warning.message)).toEqual([
      'Glossary term "delivery note" was left untranslated; the glossary says "Lieferschein"',
      'Glossary term "invoice" should be translated as "Rechnung", which does not appear in the translation',
    ]);
  });

  it('text-classifier holds labels to the given set even without listed items', async () => {
    const answer = JSON.stringify({ labels: ['positive', 'negative', 'mixed'], items: [{ text: 'Great food', label: 'mixed', reason: 'x' }] });
    const outcome = await run('text-classifier', { text: 'Great food', labels: ['positive', 'negative'] }, [answer, answer]).result;
    expect(outcome.error?.code).toBe('model_output_invalid');
    expect(outcome.error?.message).toContain('"mixed" is not one of the given labels');
  });
});
