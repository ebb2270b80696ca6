import { editDistance } from '../core/closest-matches.ts';
import { analyse, tokenise, trigrams, wordPairs, type Token } from './text-analysis.ts';

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
  /** Weight of a matched pair of adjacent words ("purchase order"), on top of its two words. */
  pairWeight?: number;
}

interface Document {
  agent: number;
  kind: 'description' | 'example' | 'profile';
  text: string;
}

/**
 * The documents holding one term, each with the term's BM25 impact there (inverse document frequency
 * times saturated frequency). Two parallel arrays, not an object per posting: a large roster has
 * hundreds of thousands of postings.
 */
interface Postings {
  documents: number[];
  impacts: number[];
}

/**
 * A BM25 index over each agent's name and description (one document), each of its samples and
 * learned requests (one document each), and all of its words together (its profile). An agent scores
 * its best example plus a share of its description and its profile: a request close to one sample is
 * strong evidence, the description catches requests worded unlike any sample, and the profile lets
 * words of different samples add up. Terms are stemmed words and pairs of adjacent words; misspelt
 * words are matched to known terms by character trigrams and edit distance.
 *
 * A term's impact in a document does not depend on the request, so it is computed once when the index
 * is built; scoring a request only adds impacts, into arrays reused between calls.
 */
export class LexicalIndex {
  readonly agents: readonly IndexedAgent[];
  readonly #documents: Document[] = [];
  readonly #postings = new Map<string, Postings>();
  readonly #termsByTrigram = new Map<string, Set<string>>();
  readonly #options: Required<LexicalIndexOptions>;
  readonly #documentScores: Float64Array;
  readonly #agentScores: { example: Float64Array; exampleDocument: Int32Array; description: Float64Array; profile: Float64Array };

  constructor(agents: readonly IndexedAgent[], options: LexicalIndexOptions = {}) {
    this.agents = agents;
    this.#options = { k1: 1.2, b: 0.6, descriptionWeight: 0.45, profileWeight: 1, fuzzyThreshold: 0.5, pairWeight: 0.5, ...options };
    const lengths: number[] = [];
    // Postings hold the term's frequency until #weighPostings turns it into the impact.
    const add = (agent: number, kind: Document['kind'], text: string, termLists: string[][]) => {
      const document = this.#documents.length;
      const counts = new Map<string, number>();
      let length = 0;
      for (const terms of termLists) {
        for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
        length += terms.length;
      }
      for (const [term, frequency] of counts) {
        let postings = this.#postings.get(term);
        if (postings === undefined) this.#postings.set(term, (postings = { documents: [], impacts: [] }));
        postings.documents.push(document);
        postings.impacts.push(frequency);
      }
      this.#documents.push({ agent, kind, text });
      lengths.push(length);
    };
    agents.forEach((agent, agentIndex) => {
      const description = indexTerms(`${agent.name} ${agent.description}`);
      add(agentIndex, 'description', `${agent.name} ${agent.description}`, [description]);
      const examples = [...agent.samples, ...(agent.learned ?? [])].map((example) => ({ example, terms: indexTerms(example) }));
      for (const { example, terms } of examples) add(agentIndex, 'example', example, [terms]);
      // All of an agent's words in one document: words of different samples can add up.
      add(agentIndex, 'profile', agent.name, [description, ...examples.map(({ terms }) => terms)]);
    });
    this.#weighPostings(lengths);
    this.#documentScores = new Float64Array(this.#documents.length);
    this.#agentScores = { example: new Float64Array(agents.length), exampleDocument: new Int32Array(agents.length), description: new Float64Array(agents.length), profile: new Float64Array(agents.length) };
    for (const term of this.#postings.keys()) {
      if (term.includes(' ')) continue; // pairs are matched whole, never as a misspelling
      for (const gram of trigrams(term)) {
        let terms = this.#termsByTrigram.get(gram);
        if (terms === undefined) this.#termsByTrigram.set(gram, (terms = new Set()));
        terms.add(term);
      }
    }
  }

  /** Every agent with a positive score, best first. */
  score(request: string): AgentScore[] {
    const weights = this.#queryWeights(tokenise(request));
    const documentScores = this.#documentScores;
    const touched: number[] = [];
    for (const [term, { weight }] of weights) {
      const postings = this.#postings.get(term);
      if (postings === undefined) continue;
      const { documents, impacts } = postings;
      for (let index = 0; index < documents.length; index += 1) {
        const document = documents[index]!;
        if (documentScores[document] === 0) touched.push(document);
        documentScores[document]! += weight * impacts[index]!;
      }
    }
    const { example, exampleDocument, description, profile } = this.#agentScores;
    const agents: number[] = [];
    for (const documentIndex of touched) {
      const { agent, kind } = this.#documents[documentIndex]!;
      const score = documentScores[documentIndex]!;
      documentScores[documentIndex] = 0;
      if (example[agent] === 0 && description[agent] === 0 && profile[agent] === 0) {
        agents.push(agent);
        exampleDocument[agent] = -1;
      }
      if (kind === 'description') description[agent] = score;
      else if (kind === 'profile') profile[agent] = score;
      else if (score > example[agent]!) {
        example[agent] = score;
        exampleDocument[agent] = documentIndex;
      }
    }
    const results: AgentScore[] = [];
    for (const agent of agents) {
      results.push({
        agentId: this.agents[agent]!.id,
        score: example[agent]! + this.#options.descriptionWeight * description[agent]! + this.#options.profileWeight * profile[agent]!,
        bestExample: exampleDocument[agent] === -1 ? null : this.#documents[exampleDocument[agent]!]!.text,
      });
      example[agent] = description[agent] = profile[agent] = 0;
    }
    return results.sort((left, right) => right.score - left.score || left.agentId.localeCompare(right.agentId));
  }

  /** The request's terms (and word pairs) that count for an agent, the strongest first: what explains its score. */
  matchedTerms(request: string, agentId: string): string[] {
    const agent = this.agents.findIndex((candidate) => candidate.id === agentId);
    const strength = new Map<string, number>();
    for (const [term, { weight, shownAs }] of this.#queryWeights(tokenise(request))) {
      const postings = this.#postings.get(term);
      if (postings === undefined) continue;
      postings.documents.forEach((document, index) => {
        if (this.#documents[document]!.agent !== agent) return;
        strength.set(shownAs, Math.max(strength.get(shownAs) ?? 0, weight * postings.impacts[index]!));
      });
    }
    return [...strength].sort((left, right) => right[1] - left[1]).map(([term]) => term);
  }

  /** Turns each posting's term frequency into its impact, now that document frequencies and lengths are known. */
  #weighPostings(lengths: readonly number[]): void {
    const { k1, b } = this.#options;
    const totals = { description: 0, example: 0, profile: 0 };
    const counts = { description: 0, example: 0, profile: 0 };
    this.#documents.forEach((document, index) => {
      totals[document.kind] += lengths[index]!;
      counts[document.kind] += 1;
    });
    const averageLength = (kind: Document['kind']) => totals[kind] / Math.max(1, counts[kind]) || 1;
    const averages = { description: averageLength('description'), example: averageLength('example'), profile: averageLength('profile') };
    const lengthNormalisers = this.#documents.map((document, index) => k1 * (1 - b + (b * lengths[index]!) / averages[document.kind]));
    const total = this.#documents.length;
    for (const { documents, impacts } of this.#postings.values()) {
      const idf = Math.log(1 + (total - documents.length + 0.5) / (documents.length + 0.5));
      for (let index = 0; index < documents.length; index += 1) {
        const frequency = impacts[index]!;
        impacts[index] = (idf * frequency * (k1 + 1)) / (frequency + lengthNormalisers[documents[index]!]!);
      }
    }
  }

  /**
   * Known terms count fully; an unknown term counts as the known terms it is a likely misspelling of.
   * A pair of adjacent words counts (at `pairWeight`) when some agent text holds the same pair.
   */
  #queryWeights(tokens: readonly Token[]): Map<string, { weight: number; shownAs: string }> {
    const weights = new Map<string, { weight: number; shownAs: string }>();
    const add = (term: string, weight: number, shownAs: string) => {
      const existing = weights.get(term);
      weights.set(term, { weight: (existing?.weight ?? 0) + weight, shownAs });
    };
    if (this.#options.pairWeight > 0) {
      for (let index = 0; index + 1 < tokens.length; index += 1) {
        const [first, second] = [tokens[index]!, tokens[index + 1]!];
        const pair = `${first.term} ${second.term}`;
        if (this.#postings.has(pair)) weights.set(pair, { weight: this.#options.pairWeight, shownAs: `${first.word} ${second.word}` });
      }
    }
    for (const { word, term } of tokens) {
      if (this.#postings.has(term)) {
        add(term, 1, word);
        continue;
      }
      if (term.length < 4) continue;
      for (const [candidate, similarity] of this.#similarTerms(term)) add(candidate, similarity, `${word}~${candidate}`);
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

/** A text's index terms: its analysed words and their adjacent pairs. */
function indexTerms(text: string): string[] {
  const words = analyse(text);
  return [...words, ...wordPairs(words)];
}
