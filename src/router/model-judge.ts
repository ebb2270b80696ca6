import { z } from 'zod';
import { NovaError } from '../core/errors.ts';
import type { RouteDecision } from '../core/route-decision.ts';
import { issuesFromZod, formatIssues } from '../core/schema.ts';
import { generateWithRetry } from '../models/model-call.ts';
import type { ResolvedModel } from '../models/model-resolver.ts';
import type { IndexedAgent } from './lexical-index.ts';

export interface ModelJudge {
  /** Chooses among the decision's candidates; throws `model_output_invalid` on an answer it cannot trust. */
  judge(request: string, decision: RouteDecision, signal?: AbortSignal): Promise<RouteDecision>;
}

const verdictSchema = z
  .object({
    agent: z.string().min(1),
    confidence: z.number().min(0).max(1),
    reason: z.string().min(1),
  })
  .strict();

export interface ModelJudgeOptions {
  resolved: ResolvedModel;
  agents: readonly IndexedAgent[];
  /** Below this confidence the judge's pick is not taken (the request stays ambiguous). */
  minConfidence: number;
}

/**
 * A model asked to choose among the router's top candidates when they are close. Its answer must be
 * `{agent, confidence, reason}` naming one of those candidates: anything else is a failure, never a guess.
 */
export function createModelJudge(options: ModelJudgeOptions): ModelJudge {
  const descriptions = new Map(options.agents.map((agent) => [agent.id, agent.description]));
  return {
    async judge(request, decision, signal) {
      const candidateIds = decision.candidates.map((candidate) => candidate.agentId);
      const prompt = [
        'Choose the agent that should handle the request. Choose only from these candidates:',
        ...candidateIds.map((id) => `- ${id}: ${descriptions.get(id) ?? ''}`),
        '',
        'Answer with only JSON: {"agent": "<candidate id>", "confidence": <0..1>, "reason": "<one sentence>"}.',
        '',
        `Request: ${request}`,
      ].join('\n');
      const turn = await generateWithRetry({
        model: options.resolved.model,
        options: { prompt: [{ role: 'user', content: [{ type: 'text', text: prompt }] }], ...(signal === undefined ? {} : { abortSignal: signal }) },
        retry: { maxRetries: 2 },
        ...(signal === undefined ? {} : { signal }),
        context: { modelString: options.resolved.modelString, baseUrl: options.resolved.baseUrl ?? 'in-process' },
      });
      const verdict = parseVerdict(turn.text, options.resolved.modelString);
      if (!candidateIds.includes(verdict.agent)) {
        throw invalid(options.resolved.modelString, `it chose "${verdict.agent}", which is not one of the candidates ${candidateIds.join(', ')}`);
      }
      const confident = verdict.confidence >= options.minConfidence;
      return {
        agentId: confident ? verdict.agent : null,
        confidence: verdict.confidence,
        candidates: decision.candidates,
        method: 'model',
        explanation: `The routing judge (${options.resolved.modelString}) chose ${verdict.agent} with confidence ${verdict.confidence.toFixed(2)}${confident ? '' : ', under the threshold'}: ${verdict.reason} Lexical stage: ${decision.explanation}`,
      };
    },
  };
}

function parseVerdict(text: string, modelString: string): z.infer<typeof verdictSchema> {
  let value: unknown;
  try {
    value = JSON.parse(text.trim().replace(/^```(?:json)?\s*|\s*```$/g, ''));
  } catch {
    throw invalid(modelString, `its answer is not JSON: ${JSON.stringify(text.slice(0, 200))}`);
  }
  const result = verdictSchema.safeParse(value);
  if (!result.success) throw invalid(modelString, formatIssues(issuesFromZod(result.error)));
  return result.data;
}

function invalid(modelString: string, problem: string): NovaError {
  return new NovaError({
    code: 'model_output_invalid',
    fault: 'model',
    message: `The routing judge (${modelString}) gave an answer Nova cannot use: ${problem}`,
    hint: 'Name the agent with @agent-id or --agent, or configure a stronger judge model (router.judge.model).',
  });
}
