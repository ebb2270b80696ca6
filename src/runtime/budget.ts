import type { AgentLimits } from '../core/agent-spec.ts';
import { NovaError } from '../core/errors.ts';
import { addUsage, emptyUsage, type Usage } from '../core/usage.ts';

/** Tracks a run against its agent's limits; each check throws `limit_exceeded` naming the limit. */
export class Budget {
  readonly limits: AgentLimits;
  usage: Usage = emptyUsage;

  constructor(limits: AgentLimits) {
    this.limits = limits;
  }

  #steps = 0;

  /** Takes the next step (one model call) of the run and returns its number, 1-based. */
  nextStep(): number {
    if (this.#steps >= this.limits.maxSteps) {
      throw exceeded('maxSteps', `the agent used all ${this.limits.maxSteps} steps without a final answer`, this.limits.maxSteps);
    }
    this.#steps += 1;
    return this.#steps;
  }

  /** What is left of the limits, for a delegate (budgets flow down). */
  remaining(): { steps: number; tokens?: number; costUsd?: number } {
    const { maxTokens, maxCostUsd, maxSteps } = this.limits;
    return {
      steps: Math.max(0, maxSteps - this.#steps),
      ...(maxTokens === undefined ? {} : { tokens: Math.max(0, maxTokens - this.usage.totalTokens) }),
      ...(maxCostUsd === undefined ? {} : { costUsd: Math.max(0, maxCostUsd - (this.usage.costUsd ?? 0)) }),
    };
  }

  record(usage: Usage): void {
    this.usage = addUsage(this.usage, usage);
    const { maxTokens, maxCostUsd } = this.limits;
    if (maxTokens !== undefined && this.usage.totalTokens > maxTokens) {
      throw exceeded('maxTokens', `the run used ${this.usage.totalTokens} tokens, over its limit of ${maxTokens}`, maxTokens);
    }
    if (maxCostUsd !== undefined && (this.usage.costUsd ?? 0) > maxCostUsd) {
      throw exceeded('maxCostUsd', `the run cost $${this.usage.costUsd}, over its limit of $${maxCostUsd}`, maxCostUsd);
    }
  }
}

export function exceeded(limit: keyof AgentLimits, message: string, value: number): NovaError {
  return new NovaError({
    code: 'limit_exceeded',
    fault: 'model',
    message: `Limit ${limit} exceeded: ${message}`,
    hint: `Raise limits.${limit} in the agent's file if the task needs more, or narrow the request.`,
    details: { limit, value },
  });
}
