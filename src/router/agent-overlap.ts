import { confidences, defaultThresholds, thresholdFor, type RouterThresholds } from './calibration.ts';
import { LexicalIndex, type IndexedAgent } from './lexical-index.ts';

export interface RoutingOverlap {
  /** The agent whose sample requests were routed. */
  from: string;
  /** The agent they went to instead. */
  to: string;
  /** How many of `from`'s samples went to `to`, and out of how many. */
  count: number;
  samples: number;
  rate: number;
  /** The samples that went astray. */
  requests: string[];
}

/**
 * For each pair of agents, how often requests of one are routed to the other: every sample of every
 * agent is routed by an index built without that sample (leave-one-out), as a new request worded like
 * it would be. Pairs with a high rate have descriptions or samples that overlap (routing confusion).
 */
export function routingOverlap(agents: readonly IndexedAgent[], thresholds: RouterThresholds = defaultThresholds): RoutingOverlap[] {
  const pairs = new Map<string, RoutingOverlap>();
  for (const agent of agents) {
    agent.samples.forEach((sample, index) => {
      const without = agents.map((other) => (other.id === agent.id ? { ...other, samples: other.samples.filter((_, position) => position !== index) } : other));
      const top = confidences(new LexicalIndex(without).score(sample), agents.length, thresholds.temperature)[0];
      if (top === undefined || top.agentId === agent.id || top.confidence < thresholdFor(top.agentId, thresholds)) return;
      const key = `${agent.id}\u0000${top.agentId}`;
      const pair = pairs.get(key) ?? { from: agent.id, to: top.agentId, count: 0, samples: agent.samples.length, rate: 0, requests: [] };
      pair.count += 1;
      pair.rate = Math.round((pair.count / pair.samples) * 1000) / 1000;
      pair.requests.push(sample);
      pairs.set(key, pair);
    });
  }
  return [...pairs.values()].sort((left, right) => right.rate - left.rate || left.from.localeCompare(right.from));
}
