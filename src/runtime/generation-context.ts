import type { AgentDefinition } from '../core/agent-spec.ts';
import type { ConversationTurn } from '../core/conversation.ts';
import type { ResolvedModel } from '../models/model-resolver.ts';
import type { RetryPolicy } from '../models/retry-policy.ts';
import type { Budget } from './budget.ts';
import type { DelegationContext } from './delegation.ts';
import type { RunRecorder } from './run-recorder.ts';
import type { ToolSet } from './tool-execution.ts';

/** What every request of one run shares: the agent, its model and tools, the journal and the budget. */
export interface GenerationContext {
  agent: AgentDefinition;
  resolved: ResolvedModel;
  tools: ToolSet;
  recorder: RunRecorder;
  budget: Budget;
  signal: AbortSignal;
  /** Stream the model's answers (text arrives through onTextDelta as it is generated). */
  stream: boolean;
  onTextDelta?: (delta: string) => void;
  retry?: Partial<RetryPolicy>;
  /** Earlier turns of the conversation this run continues (a chat session). */
  conversation?: readonly ConversationTurn[];
  /** Other agents this one may hand work to; absent: no handoff or delegate tools. */
  delegation?: DelegationContext;
}
