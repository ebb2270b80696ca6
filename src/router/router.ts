import { closestMatches } from '../core/closest-matches.ts';
import { NovaError } from '../core/errors.ts';
import type { RouteCandidate, RouteDecision } from '../core/route-decision.ts';
import { confidences, confidentByMeaning, defaultThresholds, thresholdFor, type RouterThresholds } from './calibration.ts';
import { LexicalIndex, type AgentScore, type IndexedAgent, type LexicalIndexOptions } from './lexical-index.ts';
import type { EmbeddingScore } from './embedding-index.ts';
import type { EmbeddingStage } from './embedding-stage.ts';
import type { ModelJudge } from './model-judge.ts';

export interface RouterOptions {
  agents: readonly IndexedAgent[];
  thresholds?: RouterThresholds;
  /** Asked, when configured, for what the lexical stage is not confident about. */
  embeddings?: EmbeddingStage;
  /** Asked only when the top candidates are close; its answer must name one of them. */
  judge?: ModelJudge;
  index?: LexicalIndexOptions;
}

export interface RouteOptions {
  /** The agent named by the caller (`--agent`): routing is skipped. */
  agentId?: string;
  /** Used when no agent is confident enough, instead of failing with `route_ambiguous`. */
  fallback?: string;
  signal?: AbortSignal;
}

/** A decision and the request to hand to the chosen agent (without an `@agent` address). */
export interface RoutedRequest {
  decision: RouteDecision;
  text: string;
}

const candidateCount = 5;
const mention = /^\s*@([a-z][a-z0-9-]*)\b[\s,:]*([\s\S]*)$/;

/**
 * The right agent or no agent. Stages, cheapest first: an explicit address (`@translator ...` or the
 * caller's `agentId`), the lexical index with calibrated confidence, optionally an embedding index
 * (when the lexical stage is not confident), and optionally a model judge when the top candidates are
 * still close. Below its threshold the decision has `agentId: null`, unless the caller gave a fallback.
 */
export class Router {
  readonly index: LexicalIndex;
  readonly thresholds: RouterThresholds;
  readonly embeddings: EmbeddingStage | undefined;
  readonly #judge: ModelJudge | undefined;
  readonly #agentIds: Set<string>;

  constructor(options: RouterOptions) {
    this.index = new LexicalIndex(options.agents, options.index);
    this.thresholds = options.thresholds ?? defaultThresholds;
    this.#judge = options.judge;
    this.embeddings = options.embeddings;
    this.#agentIds = new Set(options.agents.map((agent) => agent.id));
  }

  async route(request: string, options: RouteOptions = {}): Promise<RoutedRequest> {
    const explicit = options.agentId ?? mention.exec(request)?.[1];
    if (explicit !== undefined) {
      const text = options.agentId === undefined ? (mention.exec(request)?.[2] ?? '').trim() : request.trim();
      return { decision: this.#explicit(explicit, options.agentId === undefined ? `addressed as @${explicit}` : 'named by the caller'), text };
    }
    if (options.fallback !== undefined) this.#requireKnown(options.fallback);
    let decision = this.decide(request);
    if (decision.agentId === null && this.embeddings !== undefined) {
      const [meaning] = await this.embeddings.score([request], options.signal);
      decision = this.decideByMeaning(decision, meaning!);
    }
    if (this.#judge !== undefined && this.#isClose(decision)) decision = await this.#judge.judge(request, decision, options.signal);
    if (decision.agentId === null && options.fallback !== undefined) {
      decision = {
        ...decision,
        agentId: options.fallback,
        confidence: decision.candidates.find((candidate) => candidate.agentId === options.fallback)?.score ?? 0,
        explanation: `${decision.explanation} Used the fallback ${options.fallback}, as asked.`,
      };
    }
    return { decision, text: request.trim() };
  }

  /** The lexical decision alone: synchronous and cheap (evals and benchmarks use it). */
  decide(request: string): RouteDecision {
    const scores = this.index.score(request);
    const ranked = confidences(scores, this.#agentIds.size, this.thresholds.temperature);
    const candidates: RouteCandidate[] = ranked.slice(0, candidateCount).map((entry) => ({ agentId: entry.agentId, score: round(entry.confidence) }));
    const top = ranked[0];
    if (top === undefined) {
      return { agentId: null, confidence: 0, candidates: [], method: 'lexical', explanation: 'No agent matches any word of the request.' };
    }
    const threshold = thresholdFor(top.agentId, this.thresholds);
    const confident = top.confidence >= threshold;
    return {
      agentId: confident ? top.agentId : null,
      confidence: round(top.confidence),
      candidates,
      method: 'lexical',
      explanation: explain(scores[0]!, this.index.matchedTerms(request, top.agentId), ranked, confident, threshold),
    };
  }

  /**
   * The embedding stage's decision, for a request the lexical stage was not confident about: a softmax
   * over the agents' cosine similarities, with its own temperature and threshold.
   */
  decideByMeaning(lexical: RouteDecision, meaning: readonly EmbeddingScore[]): RouteDecision {
    const ranked = confidences(meaning, this.#agentIds.size, this.thresholds.embeddingTemperature);
    const top = ranked[0];
    if (top === undefined) return lexical;
    const confident = confidentByMeaning(top.confidence, this.thresholds);
    const closest = meaning[0]!;
    const runnerUp = ranked[1];
    const verdict = confident
      ? `By meaning, ${top.agentId} (confidence ${top.confidence.toFixed(2)})`
      : `By meaning, no agent is confident enough either: the best, ${top.agentId}, has confidence ${top.confidence.toFixed(2)}, under ${this.thresholds.embeddingMinConfidence.toFixed(2)}`;
    return {
      agentId: confident ? top.agentId : null,
      confidence: round(top.confidence),
      candidates: ranked.slice(0, candidateCount).map((entry) => ({ agentId: entry.agentId, score: round(entry.confidence) })),
      method: 'embedding',
      explanation: `${lexical.explanation} ${verdict}: closest text "${closest.bestExample}" (cosine ${closest.score.toFixed(3)})${runnerUp === undefined ? '' : `; runner-up ${runnerUp.agentId} at ${runnerUp.confidence.toFixed(2)}`}.`,
    };
  }

  #explicit(agentId: string, how: string): RouteDecision {
    this.#requireKnown(agentId);
    return { agentId, confidence: 1, candidates: [{ agentId, score: 1 }], method: 'explicit', explanation: `${agentId} was ${how}.` };
  }

  #requireKnown(agentId: string): void {
    if (this.#agentIds.has(agentId)) return;
    const closest = closestMatches(agentId, [...this.#agentIds]);
    throw new NovaError({
      code: 'agent_not_found',
      fault: 'user',
      message: `No agent "${agentId}"${closest.length > 0 ? `; closest: ${closest.join(', ')}` : ''}`,
      hint: 'List the agents with `nova agents list`.',
      details: { closest },
    });
  }

  #isClose(decision: RouteDecision): boolean {
    const [first, second] = decision.candidates;
    if (first === undefined) return false;
    return decision.agentId === null || (second !== undefined && first.score - second.score < this.thresholds.judgeMargin);
  }
}

function explain(top: AgentScore, matchedTerms: string[], ranked: Array<{ agentId: string; confidence: number }>, confident: boolean, threshold: number): string {
  const confidence = ranked[0]!.confidence;
  const parts = [
    confident
      ? `${top.agentId} (confidence ${confidence.toFixed(2)}):`
      : `No agent is confident enough: the best, ${top.agentId}, has confidence ${confidence.toFixed(2)}, under its threshold ${threshold.toFixed(2)}.`,
    `matched ${matchedTerms.slice(0, 8).map((term) => `"${term}"`).join(', ') || 'nothing specific'}`,
  ];
  if (top.bestExample !== null) parts.push(`; closest sample "${top.bestExample}"`);
  const runnerUp = ranked[1];
  parts.push(runnerUp === undefined ? '. No runner-up.' : `. Runner-up: ${runnerUp.agentId} at ${runnerUp.confidence.toFixed(2)} (margin ${(confidence - runnerUp.confidence).toFixed(2)}).`);
  return parts.join(' ').replace(' ;', ';').replace(' .', '.');
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
