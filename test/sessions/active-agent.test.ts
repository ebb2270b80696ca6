import { describe, expect, it } from 'vitest';
import type { RouteDecision } from '../../src/core/route-decision.ts';
import { agentConfidence, chooseTurnAgent, defaultStayConfidence } from '../../src/sessions/active-agent.ts';
import { Router } from '../../src/router/router.ts';

function decided(agentId: string | null, confidence: number, method: RouteDecision['method'] = 'lexical'): RouteDecision {
  return { agentId, confidence, candidates: agentId === null ? [{ agentId: 'summarizer', score: 0.3 }] : [{ agentId, score: confidence }], method, explanation: 'because' };
}

describe('which agent answers a message in a conversation', () => {
  it('with no active agent, follows the router, or is unsure with it', () => {
    expect(chooseTurnAgent({ decision: decided('translator', 0.93), activeAgentId: null, activeConfidence: 0 })).toMatchObject({ kind: 'agent', agentId: 'translator', switched: true });
    expect(chooseTurnAgent({ decision: decided(null, 0.3), activeAgentId: null, activeConfidence: 0 })).toMatchObject({ kind: 'unsure' });
  });

  it('an address always wins, and is a switch only when it names another agent', () => {
    expect(chooseTurnAgent({ decision: decided('chat', 1, 'explicit'), activeAgentId: 'translator', activeConfidence: 0.9 })).toMatchObject({ agentId: 'chat', switched: true });
    expect(chooseTurnAgent({ decision: decided('translator', 1, 'explicit'), activeAgentId: 'translator', activeConfidence: 0.9 })).toMatchObject({ agentId: 'translator', switched: false });
  });

  it('keeps the active agent for a follow-up the router is unsure about, and journals why', () => {
    const choice = chooseTurnAgent({ decision: decided(null, 0.2), activeAgentId: 'translator', activeConfidence: 0.04 });
    expect(choice).toMatchObject({ kind: 'agent', agentId: 'translator', switched: false });
    if (choice.kind !== 'agent') throw new Error('expected an agent');
    expect(choice.decision).toMatchObject({ agentId: 'translator', confidence: 0.04 });
    expect(choice.decision.explanation).toMatch(/^translator stays active for this follow-up: no agent is confident enough/);
  });

  it('switches when the router is confident about another agent and the active one is under the bar', () => {
    const choice = chooseTurnAgent({ decision: decided('tone-rewriter', 0.73), activeAgentId: 'translator', activeConfidence: defaultStayConfidence - 0.01 });
    expect(choice).toMatchObject({ kind: 'agent', agentId: 'tone-rewriter', switched: true });
    if (choice.kind !== 'agent') throw new Error('expected an agent');
    expect(choice.decision.explanation).toContain('takes over from translator');
  });

  it('stays when the active agent is still a real contender for the message (at or over the bar)', () => {
    const choice = chooseTurnAgent({ decision: decided('tone-rewriter', 0.55), activeAgentId: 'translator', activeConfidence: defaultStayConfidence });
    expect(choice).toMatchObject({ kind: 'agent', agentId: 'translator', switched: false });
    const custom = chooseTurnAgent({ decision: decided('tone-rewriter', 0.55), activeAgentId: 'translator', activeConfidence: 0.3, stayConfidence: 0.5 });
    expect(custom).toMatchObject({ agentId: 'tone-rewriter', switched: true });
  });

  it("measures the active agent's own confidence on the router's scale", () => {
    const router = new Router({
      agents: [
        { id: 'translator', name: 'Translator', description: 'Translates text between languages.', samples: ['translate this to German', 'say it in French'], learned: [] },
        { id: 'proofreader', name: 'Proofreader', description: 'Fixes grammar and spelling.', samples: ['proofread my letter', 'fix the typos'], learned: [] },
      ],
    });
    expect(agentConfidence(router, 2, 'translate this to German', 'translator')).toBeGreaterThan(agentConfidence(router, 2, 'translate this to German', 'proofreader'));
    expect(agentConfidence(router, 2, 'zzz qqq', 'translator')).toBe(0);
  });
});
