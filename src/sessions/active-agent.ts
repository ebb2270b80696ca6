import type { RouteDecision } from '../core/route-decision.ts';
import { confidences } from '../router/calibration.ts';
import type { Router } from '../router/router.ts';

/**
 * Below this confidence of its own for a message, the active agent gives way to another agent that the
 * router decides for with confidence (at or above that agent's threshold). A follow-up ("and in
 * French?", "shorter please") rarely names the active agent's subject, so its confidence is usually
 * low without meaning that another agent fits; 0.2 is four times the share an agent gets when a
 * message matches nothing (about 0.05 among twenty agents), so an agent above it is a real contender
 * for the message and keeps it.
 */
export const defaultStayConfidence = 0.2;

/** Who answers a message, and whether that changes the active agent. */
export type TurnAgent =
  | {
      kind: 'agent';
      agentId: string;
      /** A different agent than the active one (or the first one of the session). */
      switched: boolean;
      /** The decision journalled with the run (`route-decide`). */
      decision: RouteDecision;
    }
  /** No active agent and the router is not confident: the user picks, or the turn fails `route_ambiguous`. */
  | { kind: 'unsure'; decision: RouteDecision };

export interface ChooseTurnAgentInput {
  decision: RouteDecision;
  activeAgentId: string | null;
  /** The active agent's own confidence for the message (see `agentConfidence`). */
  activeConfidence: number;
  stayConfidence?: number;
}

/**
 * The stickiness rule of a conversation. An address (`@agent`) always wins. With no active agent, the
 * router's decision stands. With one, the active agent keeps the message unless the router decided
 * for another agent (confident: at or above that agent's threshold, or a judge's verdict) and the
 * active agent's own confidence for the message is under `stayConfidence`.
 */
export function chooseTurnAgent(input: ChooseTurnAgentInput): TurnAgent {
  const { decision, activeAgentId } = input;
  const stayConfidence = input.stayConfidence ?? defaultStayConfidence;
  if (decision.method === 'explicit' && decision.agentId !== null) {
    return { kind: 'agent', agentId: decision.agentId, switched: decision.agentId !== activeAgentId, decision };
  }
  if (activeAgentId === null) {
    return decision.agentId === null ? { kind: 'unsure', decision } : { kind: 'agent', agentId: decision.agentId, switched: true, decision };
  }
  if (decision.agentId === activeAgentId) return { kind: 'agent', agentId: activeAgentId, switched: false, decision };
  if (decision.agentId !== null && input.activeConfidence < stayConfidence) {
    return {
      kind: 'agent',
      agentId: decision.agentId,
      switched: true,
      decision: {
        ...decision,
        explanation: `${decision.explanation} It takes over from ${activeAgentId}, whose own confidence ${input.activeConfidence.toFixed(2)} is under ${stayConfidence.toFixed(2)}.`,
      },
    };
  }
  const reason =
    decision.agentId === null
      ? 'no agent is confident enough to take over'
      : `${decision.agentId} is confident, but ${activeAgentId}'s own confidence ${input.activeConfidence.toFixed(2)} is at least ${stayConfidence.toFixed(2)}`;
  return {
    kind: 'agent',
    agentId: activeAgentId,
    switched: false,
    decision: {
      ...decision,
      agentId: activeAgentId,
      confidence: round(input.activeConfidence),
      explanation: `${activeAgentId} stays active for this follow-up: ${reason}. Router: ${decision.explanation}`,
    },
  };
}

/**
 * An agent's own confidence for a message, on the router's calibrated scale (0 when the message
 * matches nothing of the agent), whatever the router decided.
 */
export function agentConfidence(router: Router, agentCount: number, text: string, agentId: string): number {
  const ranked = confidences(router.index.score(text), agentCount, router.thresholds.temperature);
  return ranked.find((entry) => entry.agentId === agentId)?.confidence ?? 0;
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
