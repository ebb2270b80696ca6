import { describe, expect, it } from 'vitest';
import { locateEntities } from '../../src/domains/language/entity-offsets.ts';
import { checkGlossary, containsPhrase } from '../../src/domains/language/glossary.ts';
import { checkClassification } from '../../src/handlers/language/classify.ts';
import { checkPlan } from '../../src/handlers/language/plan.ts';
import { checkProofreading } from '../../src/handlers/language/proofread.ts';

describe('glossary', () => {
  it('matches whole words, ignoring case and spacing', () => {
    expect(containsPhrase('Send the Delivery  Note today', 'delivery note')).toBe(true);
    expect(containsPhrase('redelivery notes', 'delivery note')).toBe(false);
    expect(containsPhrase('Preis: 5 €', '€')).toBe(true);
  });
  it('reports terms of the source whose translation is missing, and says when the term stayed untranslated', () => {
    const glossary = { invoice: 'Rechnung', 'delivery note': 'Lieferschein', 'credit note': 'Gutschrift' };
    expect(checkGlossary('The invoice and the delivery note.', 'Die Rechnung und die delivery note.', glossary)).toEqual([
      { term: 'delivery note', expected: 'Lieferschein', problem: 'untranslated' },
    ]);
    expect(checkGlossary('The invoice.', 'Die Faktura.', glossary)).toEqual([{ term: 'invoice', expected: 'Rechnung', problem: 'missing' }]);
  });
});

describe('locateEntities', () => {
  it('finds every occurrence at word edges, and refuses invented mentions', () => {
    const text = 'Paid 15,000 and 5,000 to Ann; Ann agreed.';
    const { entities, notFound } = locateEntities(text, [
      { type: 'amount', text: '5,000' },
      { type: 'person', text: 'Ann' },
      { type: 'person', text: 'Anne' },
    ]);
    expect(entities.map((entity) => [entity.text, entity.start, entity.end])).toEqual([
      ['5,000', 16, 21],
      ['Ann', 25, 28],
      ['Ann', 30, 33],
    ]);
    for (const entity of entities) expect(text.slice(entity.start, entity.end)).toBe(entity.text);
    expect(notFound).toEqual([{ type: 'person', text: 'Anne' }]);
  });
});

describe('answer checks', () => {
  it('classification: labels from the set, every given item once and in order', () => {
    const input = { text: 'x', labels: ['bug', 'question'], items: ['a', 'b'] };
    expect(checkClassification({ labels: ['bug', 'question'], items: [{ text: 'a', label: 'bug', reason: 'r' }, { text: 'b', label: 'question', reason: 'r' }] }, input)).toEqual([]);
    const issues = checkClassification({ labels: ['bug', 'idea'], items: [{ text: 'b', label: 'idea', reason: 'r' }] }, input);
    expect(issues.map((issue) => issue.path)).toEqual(['labels.1', 'items.0.label', 'items']);
  });
  it('plan: steps numbered in order, agent ids that exist', () => {
    const issues = checkPlan({ goal: 'g', steps: [{ order: 1, title: 't', detail: 'd', agentId: 'ghost' }, { order: 3, title: 't', detail: 'd', agentId: null }] }, new Set(['translator']));
    expect(issues.map((issue) => issue.path)).toEqual(['steps.0.agentId', 'steps.1.order']);
  });
  it('proofreading: quotes that exist, and no silent changes', () => {
    expect(checkProofreading({ corrected: 'I was here.', corrections: [] }, 'I were here.').map((issue) => issue.rule)).toEqual(['listed']);
    expect(checkProofreading({ corrected: 'I was here.', corrections: [{ original: 'were', replacement: 'was', reason: 'agreement' }] }, 'I were here.')).toEqual([]);
  });
});
