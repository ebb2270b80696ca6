export const routeMethods = ['explicit', 'lexical', 'embedding', 'model'] as const;
export type RouteMethod = (typeof routeMethods)[number];

export interface RouteCandidate {
  agentId: string;
  score: number;
}

/**
 * The router's answer: an agent (or none, when no candidate is confident enough), a calibrated
 * confidence in 0..1, the top candidates with their scores, how it was decided and why.
 */
export interface RouteDecision {
  agentId: string | null;
  confidence: number;
  candidates: RouteCandidate[];
  method: RouteMethod;
  explanation: string;
}
