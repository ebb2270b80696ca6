/**
 * How raw lexical scores become a confidence, and when the router decides. The confidence of an agent
 * is a softmax over every agent of the roster (agents that match nothing count with score 0), so a
 * request that matches nothing well spreads its mass and stays unconfident. `temperature` and the
 * thresholds are fitted on labelled requests (`nova eval routing --fit`).
 */
export interface RouterThresholds {
  temperature: number;
  /** Below this confidence the router does not decide. */
  minConfidence: number;
  /** `chat` is the fallback for requests no specialist fits: it must clear its own, higher bar. */
  chatMinConfidence: number;
  /** With a model judge configured, it is asked when the top two are closer than this (in confidence). */
  judgeMargin: number;
}

/**
 * Fitted with `nova eval routing --fit` on the project's labelled set (roster/routing/eval.jsonl) over
 * the shipped roster. The figures to quote are the cross-validated ones that command prints (each
 * request judged by thresholds fitted without it), not a plain `nova eval routing` on the same set.
 */
export const defaultThresholds: RouterThresholds = Object.freeze({
  temperature: 2,
  minConfidence: 0.8,
  chatMinConfidence: 0.8,
  judgeMargin: 0.15,
});

/** Confidence of each agent given the raw scores of the agents that matched, among `agentCount` agents in all. */
export function confidences(scores: ReadonlyArray<{ agentId: string; score: number }>, agentCount: number, temperature: number): Array<{ agentId: string; confidence: number }> {
  if (scores.length === 0) return [];
  const top = Math.max(...scores.map((entry) => entry.score)) / temperature;
  // exp(score/t - top) keeps the sums in range; agents that matched nothing weigh exp(-top) each.
  let total = Math.max(0, agentCount - scores.length) * Math.exp(-top);
  const weights = scores.map((entry) => {
    const weight = Math.exp(entry.score / temperature - top);
    total += weight;
    return weight;
  });
  return scores.map((entry, index) => ({ agentId: entry.agentId, confidence: weights[index]! / total }));
}

export function thresholdFor(agentId: string, thresholds: RouterThresholds): number {
  return agentId === 'chat' ? thresholds.chatMinConfidence : thresholds.minConfidence;
}
