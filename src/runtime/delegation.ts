import type { LanguageModelV3FunctionTool } from '@ai-sdk/provider';
import { z } from 'zod';
import type { AgentDefinition, AgentLimits } from '../core/agent-spec.ts';
import type { ConversationTurn } from '../core/conversation.ts';
import { NovaError, type SerializedError } from '../core/errors.ts';
import {
  delegateToolName,
  handoffEnvelopeSchema,
  handoffEnvelopeVersion,
  handoffToolName,
  historyModeSchema,
  type HandoffEnvelope,
  type HistoryMode,
} from '../core/handoff-envelope.ts';
import { formatIssues, issuesFromZod } from '../core/schema.ts';
import type { Usage } from '../core/usage.ts';
import { estimateTokens } from '../core/token-estimate.ts';
import type { Budget } from './budget.ts';
import { handoffInput } from './handoff-input.ts';

export type HandoffMode = HandoffEnvelope['mode'];

/** What a delegated or transferred-to agent produced, as its run ended. */
export interface ChildOutcome {
  runId: string;
  status: string;
  output: unknown;
  error: SerializedError | null;
  usage: Usage;
}

/** A child run to start: the target, its input built from the envelope, its budget, and its run id. */
export type ChildRunRequest = PreparedHandoff & { runId: string };

/**
 * What a run needs to hand work to other agents: who it may reach, where it sits in the chain, and how
 * to start a child run. Absent, an agent has no handoff or delegate tools.
 */
export interface DelegationContext {
  findAgent(id: string): AgentDefinition | undefined;
  /** Agent ids from the first run of the chain down to this one (this one last). */
  chain: readonly string[];
  maxDepth: number;
  allowCycles: boolean;
  runChild(request: ChildRunRequest): Promise<ChildOutcome>;
  /** Rejected handoffs so far in this run: the first is shown to the model, a second fails the run. */
  rejections: number;
  /** The last delegate failure: the cause of the run's failure if the run does not recover. */
  lastFailure: SerializedError | null;
  /** Summarises a conversation with the `fast` model alias; resolves undefined when no such alias is configured. */
  summarize?: (turns: readonly ConversationTurn[]) => Promise<string | undefined>;
}

export interface HandoffArguments {
  task: string;
  facts?: Record<string, unknown>;
  artifacts?: Array<{ id: string; kind: string; title?: string }>;
  history?: HistoryMode;
  constraints?: string[];
}

/** The tools a model sees for its agent's allow-lists: `handoff_to_<id>` and `delegate_to_<id>`. */
export function handoffTools(agent: AgentDefinition, findAgent: (id: string) => AgentDefinition | undefined): LanguageModelV3FunctionTool[] {
  const tools: LanguageModelV3FunctionTool[] = [];
  for (const [mode, ids] of [['transfer', agent.spec.handoffs], ['delegate', agent.spec.delegates]] as const) {
    for (const id of ids) {
      const target = findAgent(id);
      tools.push({
        type: 'function',
        name: mode === 'transfer' ? handoffToolName(id) : delegateToolName(id),
        description:
          mode === 'transfer'
            ? `Hand the conversation over to ${id}, which then answers the user: ${target?.spec.description ?? ''}`
            : `Ask ${id} to do a sub-task and get its result back: ${target?.spec.description ?? ''}`,
        inputSchema: envelopeArgumentsSchema,
      });
    }
  }
  return tools;
}

/** The mode and target of a tool call to a handoff or delegate tool of this agent, if it is one. */
export function handoffCallTarget(agent: AgentDefinition, toolName: string): { mode: HandoffMode; targetId: string } | undefined {
  for (const id of agent.spec.handoffs) if (handoffToolName(id) === toolName) return { mode: 'transfer', targetId: id };
  for (const id of agent.spec.delegates) if (delegateToolName(id) === toolName) return { mode: 'delegate', targetId: id };
  // A handoff tool the agent does not have: still a handoff attempt, refused by the allow-list check.
  const match = /^(handoff|delegate)_to_([a-z0-9_]+)$/.exec(toolName);
  if (match === null) return undefined;
  return { mode: match[1] === 'handoff' ? 'transfer' : 'delegate', targetId: match[2]!.replace(/_/g, '-') };
}

export interface SendRequest {
  from: AgentDefinition;
  mode: HandoffMode;
  targetId: string;
  arguments: unknown;
  runId: string;
  budget: Budget;
  delegation: DelegationContext;
  /** The sender's conversation so far, oldest first, for the history policy. */
  transcript: readonly ConversationTurn[];
  /** For the `summary` policy: the summary made by the fast model, when there is one. */
  summary?: string;
}

export interface PreparedHandoff {
  envelope: HandoffEnvelope;
  target: AgentDefinition;
  input: unknown;
  limits: AgentLimits;
  /** Facts a code target has no input field for: in the envelope, but read by nothing (the sender's run warns). */
  unreadFacts: string[];
}

/**
 * Builds the envelope from what the model (or a code agent) asked for and validates it on both ends:
 * the envelope schema, the sender's allow-list, the depth limit, cycles, and the target's input
 * schema. Every refusal is `handoff_rejected` with the reason in `details.reason`.
 */
export function prepareHandoff(request: SendRequest): PreparedHandoff {
  const { from, mode, targetId, delegation } = request;
  const allowList = mode === 'transfer' ? from.spec.handoffs : from.spec.delegates;
  if (!allowList.includes(targetId)) {
    throw rejected('not_allowed', `${from.spec.id} may not ${mode === 'transfer' ? 'hand off' : 'delegate'} to "${targetId}"; allowed: ${allowList.join(', ') || 'none'}`, `Add "${targetId}" to the ${mode === 'transfer' ? 'handoffs' : 'delegates'} of ${from.spec.id} if it should be allowed.`);
  }
  const target = delegation.findAgent(targetId);
  if (target === undefined) throw rejected('unknown_target', `There is no agent "${targetId}"`, 'Check the agent id.');
  const depth = delegation.chain.length;
  if (depth > delegation.maxDepth) {
    throw rejected('too_deep', `The chain ${delegation.chain.join(' -> ')} is already ${depth - 1} handoffs deep; the limit is ${delegation.maxDepth}`, 'Do the work here instead of handing it further.');
  }
  if (!delegation.allowCycles && delegation.chain.includes(targetId)) {
    throw rejected('cycle', `Handing to ${targetId} would make a cycle: ${[...delegation.chain, targetId].join(' -> ')}`, 'Return to the agent up the chain by finishing instead of handing back.');
  }
  const argumentsResult = argumentsSchema.safeParse(request.arguments);
  if (!argumentsResult.success) throw rejected('invalid_envelope', `The handoff to ${targetId} is malformed: ${formatIssues(issuesFromZod(argumentsResult.error))}`, 'Give at least a "task" that restates the goal for the target.');
  const args = argumentsResult.data;
  const remaining = request.budget.remaining();
  const envelopeResult = handoffEnvelopeSchema.safeParse({
    version: handoffEnvelopeVersion,
    from: from.spec.id,
    to: targetId,
    mode,
    task: args.task,
    facts: args.facts ?? {},
    artifacts: args.artifacts ?? [],
    history: { mode: args.history ?? target.spec.history, runId: request.runId },
    constraints: args.constraints ?? [],
    budget: remaining,
    depth,
  });
  if (!envelopeResult.success) throw rejected('invalid_envelope', `The handoff to ${targetId} is malformed: ${formatIssues(issuesFromZod(envelopeResult.error))}`, 'Fix the fields named.');
  const envelope = envelopeResult.data;
  const mapped = handoffInput(target, envelope, renderBrief(envelope, selectHistory(request.transcript, envelope.history.mode, request.summary)));
  if (!mapped.ok) throw rejected('input_invalid', mapped.message, mapped.hint, mapped.details);
  const input = mapped.input;
  if (target.inputSchema !== undefined) {
    const check = target.inputSchema.validate(input);
    if (!check.ok) throw rejected('input_invalid', `${targetId} cannot take this handoff: ${formatIssues(check.issues)}`, `Give the facts ${targetId}'s input needs (see \`nova agents show ${targetId}\`).`, { issues: check.issues });
  }
  return { envelope, target, input, limits: flowDown(target.spec.limits, remaining), unreadFacts: mapped.unreadFacts };
}

/**
 * The part of the sender's conversation the policy lets through. `summary` is the fast model's summary
 * when there is one, else the last turns that fit in a token budget.
 */
export function selectHistory(transcript: readonly ConversationTurn[], mode: HistoryMode, summary?: string): ConversationTurn[] {
  if (mode === 'none') return [];
  if (mode === 'full') return [...transcript];
  if (mode === 'summary') {
    if (summary !== undefined) return [{ role: 'assistant', text: `(summary of ${transcript.length} turns) ${summary}` }];
    const kept: ConversationTurn[] = [];
    let tokens = 0;
    for (const turn of [...transcript].reverse()) {
      tokens += estimateTokens(turn.text);
      if (tokens > summaryFallbackTokens && kept.length > 0) break;
      kept.unshift(turn);
    }
    return kept;
  }
  return transcript.slice(-Number(mode.slice('last:'.length)));
}

const summaryFallbackTokens = 1500;

/** The envelope as a clear brief for the target: task, facts, constraints, where it came from, allowed history. */
export function renderBrief(envelope: HandoffEnvelope, history: readonly ConversationTurn[]): string {
  const lines = [`Task from ${envelope.from} (${envelope.mode === 'transfer' ? 'you now answer the user directly' : 'your result goes back to it'}):`, envelope.task];
  const facts = Object.entries(envelope.facts);
  if (facts.length > 0) lines.push('', 'Facts:', ...facts.map(([key, value]) => `- ${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`));
  if (envelope.constraints.length > 0) lines.push('', 'Constraints:', ...envelope.constraints.map((constraint) => `- ${constraint}`));
  if (envelope.artifacts.length > 0) lines.push('', 'Artifacts (by reference):', ...envelope.artifacts.map((artifact) => `- ${artifact.kind} ${artifact.id}${artifact.title === undefined ? '' : `: ${artifact.title}`}`));
  if (history.length > 0) {
    lines.push('', `Conversation so far (${envelope.history.mode}):`, ...history.map((turn) => `${turn.role}${turn.agentId === undefined ? '' : ` (${turn.agentId})`}: ${turn.text}`));
  }
  if (envelope.history.runId !== null) lines.push('', `The full conversation is in run ${envelope.history.runId}.`);
  return lines.join('\n');
}

/** A child's limits: its own, but never more than what the sender has left. */
function flowDown(limits: AgentLimits, remaining: HandoffEnvelope['budget']): AgentLimits {
  const minimum = (own: number | undefined, left: number | undefined) => (left === undefined ? own : own === undefined ? left : Math.min(own, left));
  return {
    ...limits,
    maxSteps: Math.max(1, Math.min(limits.maxSteps, remaining.steps ?? limits.maxSteps)),
    ...(minimum(limits.maxTokens, remaining.tokens) === undefined ? {} : { maxTokens: Math.max(1, minimum(limits.maxTokens, remaining.tokens)!) }),
    ...(minimum(limits.maxCostUsd, remaining.costUsd) === undefined ? {} : { maxCostUsd: minimum(limits.maxCostUsd, remaining.costUsd)! }),
  };
}

function rejected(reason: string, message: string, hint: string, details: Record<string, unknown> = {}): NovaError {
  return new NovaError({ code: 'handoff_rejected', fault: 'model', message, hint, details: { reason, ...details } });
}

const envelopeArgumentsSchema: Record<string, unknown> = {
  type: 'object',
  properties: {
    task: { type: 'string', description: 'The goal restated for the target agent, complete enough to act on alone.' },
    facts: { type: 'object', description: "Key/value facts the target needs; names matching its input fields are passed as those fields (a code agent takes only its input fields, and needs its required ones here)." },
    artifacts: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, kind: { type: 'string' }, title: { type: 'string' } }, required: ['id', 'kind'] } },
    history: { type: 'string', description: 'How much of this conversation the target sees: none, summary, last:N or full.' },
    constraints: { type: 'array', items: { type: 'string' } },
  },
  required: ['task'],
  additionalProperties: false,
};

const argumentsSchema = z
  .object({
    task: z.string().min(1, 'must restate the goal for the target'),
    facts: z.record(z.string(), z.unknown()).optional(),
    artifacts: z.array(z.object({ id: z.string().min(1), kind: z.string().min(1), title: z.string().optional() }).strict()).optional(),
    history: historyModeSchema.optional(),
    constraints: z.array(z.string()).optional(),
  })
  .strict();
