import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAgentRegistry } from '../../src/agents/agent-registry.ts';
import { nearCopies, termSet } from '../../src/router/near-copies.ts';
import { readLabelledRequests } from '../../src/router/routing-eval.ts';
import { shippedRosterDirectory } from '../../src/app/nova.ts';

const routingDirectory = join(shippedRosterDirectory, 'routing');
const labelledFiles = readdirSync(routingDirectory).filter((name) => name.endsWith('.jsonl'));
const rosterIds = `chat explainer planner brainstormer memory pipeline-runner scheduler airep-checker data-validator csv-analyst log-triage
  report-builder run-inspector erp-query po-status invoice-matcher ar-aging inventory-reorder gl-reconciler client-reply expense-coder
  summarizer translator proofreader tone-rewriter entity-extractor language-detector text-classifier email-drafter code-reviewer
  health-auditor refactor-proposer test-writer agent-auditor`.split(/\s+/);

/** The index learns from the agents' samples; the labelled sets measure it. A sample must not be (nearly) a request it is measured on. */
describe('the project labelled routing sets', () => {
  it('holds the three sets, each with at least 6 requests for every one of the 34 roster ids and no other label', () => {
    expect(labelledFiles.sort()).toEqual(['dev.jsonl', 'eval.jsonl', 'holdout.jsonl']);
    for (const file of labelledFiles) {
      const counts = new Map<string, number>();
      for (const request of readLabelledRequests(join(routingDirectory, file))) counts.set(request.agent, (counts.get(request.agent) ?? 0) + 1);
      expect([...counts.keys()].sort(), file).toEqual([...rosterIds].sort());
      for (const [agent, count] of counts) expect(count, `${file} ${agent}`).toBeGreaterThanOrEqual(file === 'eval.jsonl' ? 10 : 6);
    }
  });

  it('shares no request, nor a near copy of one, with the samples of the shipped agents; and no request between sets', async () => {
    const registry = await loadAgentRegistry({ directories: [{ path: shippedRosterDirectory, origin: 'shipped' }] });
    const samples = registry.list().flatMap((agent) => agent.spec.samples.map((sample) => ({ agentId: agent.spec.id, sample, terms: termSet(sample) })));
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    for (const file of labelledFiles) {
      for (const request of readLabelledRequests(join(routingDirectory, file))) {
        const terms = termSet(request.text);
        for (const { agentId, sample, terms: sampleTerms } of samples) {
          if (nearCopies(terms, sampleTerms)) clashes.push(`${file}: "${request.text}" is close to the ${agentId} sample "${sample}"`);
        }
        const text = request.text.trim().toLowerCase().replace(/\s+/g, ' ');
        if (seen.has(text)) clashes.push(`${file}: "${request.text}" is also in ${seen.get(text)}`);
        seen.set(text, file);
      }
    }
    expect(clashes).toEqual([]);
  });

  it('calls two texts near copies when they share most terms, or one holds all of the other\'s (three or more)', () => {
    expect(nearCopies(termSet('tell me something funny'), termSet('tell me something funny, i need a laugh'))).toBe(true);
    expect(nearCopies(termSet('hello there!'), termSet('Hello there'))).toBe(true);
    expect(nearCopies(termSet('make this more casual'), termSet('make this more formal'))).toBe(false);
    expect(nearCopies(termSet('hi'), termSet('hi, how are you'))).toBe(false);
  });
});
