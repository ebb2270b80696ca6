/** Tokens and cost of one model call, or summed over a run. Cost is absent when no price is known. */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  costUsd?: number;
}

export const emptyUsage: Usage = Object.freeze({ inputTokens: 0, outputTokens: 0, totalTokens: 0 });

export function addUsage(left: Usage, right: Usage): Usage {
  const sum: Usage = {
    inputTokens: left.inputTokens + right.inputTokens,
    outputTokens: left.outputTokens + right.outputTokens,
    totalTokens: left.totalTokens + right.totalTokens,
  };
  if (left.costUsd !== undefined || right.costUsd !== undefined) {
    sum.costUsd = roundCost((left.costUsd ?? 0) + (right.costUsd ?? 0));
  }
  return sum;
}

/** Cost is kept to a millionth of a dollar, so sums do not drift in floating point. */
export function roundCost(costUsd: number): number {
  return Math.round(costUsd * 1e6) / 1e6;
}
