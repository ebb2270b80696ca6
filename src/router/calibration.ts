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
  /**
   * The embedding stage (`router.embeddings.model`), asked when the lexical stage is not confident: its
   * softmax temperature over cosine similarities, and the confidence it needs to decide. A minimum of 1
   * means the stage never decides (a saturated softmax can reach exactly 1, so this is checked apart).
   */
  embeddingTemperature: number;
  embeddingMinConfidence: number;
}

/**
 * Fitted by `npm run bench:routing-accuracy` over the shipped roster, on the project set
 * (roster/routing/eval.jsonl), the dev set (dev.jsonl) and every agent sample scored by an index
 * built without it; that benchmark prints them, and says when they no longer match. The held-out set
 * (holdout.jsonl) takes no part in the fit. `nova eval routing --fit` refits for a Nova's own roster
 * and stores the result in $NOVA_HOME/router.json, which then takes precedence.
 */
export const defaultThresholds: RouterThresholds = Object.freeze({
  temperature: 2,
  minConfidence: 0.8,
  chatMinConfidence: 0.8,
  judgeMargin: 0.15,
  // Not fitted here (this machine has no embedding provider): cautious values, so that only a clear
  // winner by meaning is taken. `nova eval routing --fit` fits them for the configured model.
  embeddingTemperature: 0.02,
  embeddingMinConfidence: 0.9,
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

/** The best agent's confidence alone (scores best first, as the index returns them): what evals need, without the rest. */
export function topConfidence(scores: ReadonlyArray<{ agentId: string; score: number }>, agentCount: number, temperature: number): { agentId: string; confidence: number } | undefined {
  const best = scores[0];
  if (best === undefined) return undefined;
  const top = best.score / temperature;
  let total = Math.max(0, agentCount - scores.length) * Math.exp(-top);
  for (const entry of scores) total += Math.exp(entry.score / temperature - top);
  return { agentId: best.agentId, confidence: 1 / total };
}

/** Whether the embedding stage may decide with this confidence (see `embeddingMinConfidence`). */
export function confidentByMeaning(confidence: number, thresholds: RouterThresholds): boolean {
  return thresholds.embeddingMinConfidence < 1 && confidence >= thresholds.embeddingMinConfidence;
}

export function thresholdFor(agentId: string, thresholds: RouterThresholds): number {
  return agentId === 'chat' ? thresholds.chatMinConfidence : thresholds.minConfidence;
}
