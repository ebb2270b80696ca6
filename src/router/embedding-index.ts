import { NovaError } from '../core/errors.ts';

/** One text of an agent (a sample, a learned request, or its description) with its embedding. */
export interface EmbeddedExample {
  agentId: string;
  text: string;
  vector: readonly number[];
}

export interface EmbeddingScore {
  agentId: string;
  /** Cosine similarity of the request to the agent's closest example, in -1..1. */
  score: number;
  bestExample: string;
}

/**
 * Agents by meaning: each agent scores the cosine similarity of its closest example to the request.
 * Vectors are normalised once, so a score is a dot product.
 */
export class EmbeddingIndex {
  readonly #examples: Array<{ agentId: string; text: string; unit: Float64Array }>;

  constructor(examples: readonly EmbeddedExample[]) {
    this.#examples = examples.map((example) => ({ agentId: example.agentId, text: example.text, unit: unit(example.vector) }));
  }

  /** Every agent with an example, best first. */
  score(vector: readonly number[]): EmbeddingScore[] {
    const query = unit(vector);
    const best = new Map<string, EmbeddingScore>();
    for (const example of this.#examples) {
      if (example.unit.length !== query.length) {
        throw new NovaError({
          code: 'model_output_invalid',
          fault: 'provider',
          message: `The request's embedding has ${query.length} dimensions, ${example.agentId}'s example "${example.text}" has ${example.unit.length}`,
          hint: 'The embedding model changed its output size: clear the cache with `DELETE FROM router_embeddings` or use another model name.',
        });
      }
      let dot = 0;
      for (let index = 0; index < query.length; index += 1) dot += query[index]! * example.unit[index]!;
      const current = best.get(example.agentId);
      if (current === undefined || dot > current.score) best.set(example.agentId, { agentId: example.agentId, score: dot, bestExample: example.text });
    }
    return [...best.values()].sort((left, right) => right.score - left.score || left.agentId.localeCompare(right.agentId));
  }
}

function unit(vector: readonly number[]): Float64Array {
  let norm = 0;
  for (const value of vector) norm += value * value;
  const length = Math.sqrt(norm) || 1;
  return Float64Array.from(vector, (value) => value / length);
}
