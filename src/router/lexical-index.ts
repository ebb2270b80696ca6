import { editDistance } from '../core/closest-matches.ts';
import { analyse, trigrams } from './text-analysis.ts';

/** What the index knows of an agent: its words, and the requests it should win. */
export interface IndexedAgent {
  id: string;
  name: string;
  description: string;
  samples: readonly string[];
  /** Requests users confirmed for this agent (feedback). */
  learned?: readonly string[];
}

export interface AgentScore {
  agentId: string;
  score: number;
  /** The query terms that matched this agent (as typed, after analysis). */
  matchedTerms: string[];
  /** The sample (or learned request) closest to the query. */
  bestExample: string | null;
}

export interface LexicalIndexOptions {
  /** BM25 term-frequency saturation and length normalisation. */
  k1?: number;
  b?: number;
  /** Weight of the name-and-description document against the best example. */
  descriptionWeight?: number;
  /** Weight of the document holding all of an agent's words. */
  profileWeight?: number;
  /** How close (trigram Jaccard) an unknown query word must be to a known term to count as a misspelling of it. */
  fuzzyThreshold?: number;
}

interface Document {
  agent: number;
  kind: 'description' | 'example' | 'profile';
  text: string;
  length: number;
}

interface Posting {
  document: number;
  frequency: number;
}

/**
 * A BM25 index over each agent's name and description (one document) and each of its samples and
 * learned requests (one document each). An agent scores its best example plus a share of its
 * description: a request close to one sample is strong evidence, and the description catches requests
 * worded unlike any sample. Misspelt words are matched to known terms by character trigrams.
 */
export class LexicalIndex {
  readonly agents: readonly IndexedAgent[];
  readonly #documents: Document[] = [];
  readonly #postings = new Map<string, Posting[]>();
  readonly #termsByTrigram = new Map<string, Set<string>>();
  readonly #averageLength = { description: 1, example: 1, profile: 1 };
  readonly #options: Required<LexicalIndexOptions>;

  constructor(agents: readonly IndexedAgent[], options: LexicalIndexOptions = {}) {
    this.agents = agents;
    this.#options = { k1: 1.2, b: 0.6, descriptionWeight: 0.45, profileWeight: 1, fuzzyThreshold: 0.5, ...options };
    const totals = { description: 0, example: 0, profile: 0 };
    const counts = { description: 0, example: 0, profile: 0 };
    agents.forEach((agent, agentIndex) => {
      const examples = [...agent.samples, ...(agent.learned ?? [])];
      this.#add(agentIndex, 'description', `${agent.name} ${agent.description}`, totals, counts);
      for (const example of examples) this.#add(agentIndex, 'example', example, totals, counts);
      // All of an agent's words in one document: words of different samples can add up.
      this.#add(agentIndex, 'profile', `${agent.name} ${agent.description} ${examples.join(' ')}`, totals, counts);
    });
    for (const kind of ['description', 'example', 'profile'] as const) this.#averageLength[kind] = totals[kind] / Math.max(1, counts[kind]) || 1;
    for (const term of this.#postings.keys()) {
      for (const gram of trigrams(term)) {
        let terms = this.#termsByTrigram.get(gram);
        if (terms === undefined) this.#termsByTrigram.set(gram, (terms = new Set()));
        terms.add(term);
      }
    }
  }

  /** Every agent with a positive score, best first. */
  score(request: string): AgentScore[] {
    const weights = this.#queryWeights(analyse(request));
    const documentScores = new Map<number, number>();
    const matched = new Map<number, Set<string>>();
    const total = this.#documents.length;
    for (const [term, { weight, shownAs }] of weights) {
      const postings = this.#postings.get(term);
      if (postings === undefined) continue;
      const idf = Math.log(1 + (total - postings.length + 0.5) / (postings.length + 0.5));
      for (const posting of postings) {
        const document = this.#documents[posting.document]!;
        const average = this.#averageLength[document.kind];
        const { k1, b } = this.#options;
        const saturation = (posting.frequency * (k1 + 1)) / (posting.frequency + k1 * (1 - b + (b * document.length) / average));
        documentScores.set(posting.document, (documentScores.get(posting.document) ?? 0) + weight * idf * saturation);
        let terms = matched.get(document.agent);
        if (terms === undefined) matched.set(document.agent, (terms = new Set()));
        terms.add(shownAs);
      }
    }
    const best = new Map<number, { example: number; exampleDocument: number | null; description: number; profile: number }>();
    for (const [documentIndex, score] of documentScores) {
      const document = this.#documents[documentIndex]!;
      const entry = best.get(document.agent) ?? { example: 0, exampleDocument: null, description: 0, profile: 0 };
      if (document.kind === 'description') entry.description = score;
      else if (document.kind === 'profile') entry.profile = score;
      else if (score > entry.example) {
        entry.example = score;
        entry.exampleDocument = documentIndex;
      }
      best.set(document.agent, entry);
    }
    const results: AgentScore[] = [];
    for (const [agentIndex, entry] of best) {
      results.push({
        agentId: this.agents[agentIndex]!.id,
        score: entry.example + this.#options.descriptionWeight * entry.description + this.#options.profileWeight * entry.profile,
        matchedTerms: [...(matched.get(agentIndex) ?? [])],
        bestExample: entry.exampleDocument === null ? null : this.#documents[entry.exampleDocument]!.text,
      });
    }
    return results.sort((left, right) => right.score - left.score || left.agentId.localeCompare(right.agentId));
  }

  #add(agent: number, kind: Document['kind'], text: string, totals: Record<Document['kind'], number>, counts: Record<Document['kind'], number>): void {
    const terms = analyse(text);
    const documentIndex = this.#documents.length;
    this.#documents.push({ agent, kind, text, length: terms.length });
    totals[kind] += terms.length;
    counts[kind] += 1;
    const frequencies = new Map<string, number>();
    for (const term of terms) frequencies.set(term, (frequencies.get(term) ?? 0) + 1);
    for (const [term, frequency] of frequencies) {
      let postings = this.#postings.get(term);
      if (postings === undefined) this.#postings.set(term, (postings = []));
      postings.push({ document: documentIndex, frequency });
    }
  }

  /** Known terms count fully; an unknown term counts as the known terms it is a likely misspelling of. */
  #queryWeights(terms: string[]): Map<string, { weight: number; shownAs: string }> {
    const weights = new Map<string, { weight: number; shownAs: string }>();
    const add = (term: string, weight: number, shownAs: string) => {
      const existing = weights.get(term);
      weights.set(term, { weight: (existing?.weight ?? 0) + weight, shownAs });
    };
    for (const term of terms) {
      if (this.#postings.has(term)) {
        add(term, 1, term);
        continue;
      }
      if (term.length < 4) continue;
      for (const [candidate, similarity] of this.#similarTerms(term)) add(candidate, similarity, `${term}~${candidate}`);
    }
    return weights;
  }

  #similarTerms(term: string): Array<[string, number]> {
    const grams = trigrams(term);
    const shared = new Map<string, number>();
    for (const gram of grams) {
      for (const candidate of this.#termsByTrigram.get(gram) ?? []) shared.set(candidate, (shared.get(candidate) ?? 0) + 1);
    }
    const similar: Array<[string, number]> = [];
    // Transposed or dropped letters ("reprot", "germn") share few trigrams: a small edit distance also counts.
    const allowedEdits = term.length >= 8 ? 2 : 1;
    for (const [candidate, count] of shared) {
      const jaccard = count / (grams.length + trigrams(candidate).length - count);
      if (jaccard >= this.#options.fuzzyThreshold) similar.push([candidate, jaccard]);
      else if (Math.abs(candidate.length - term.length) <= allowedEdits && editDistance(term, candidate) <= allowedEdits) similar.push([candidate, 0.7]);
    }
    return similar.sort((left, right) => right[1] - left[1]).slice(0, 2);
  }
}
