import type { SerializedError } from '../core/errors.ts';
import type { RouteDecision, RouteMethod } from '../core/route-decision.ts';
import type { RunStatus } from '../core/run.ts';
import type { RunWarning } from '../core/run-state.ts';
import type { Usage } from '../core/usage.ts';
import type { Session } from './session.ts';

/** How the active agent came to change. */
export type SwitchReason =
  /** The message began with `@agent`. */
  | 'addressed'
  /** The router decided (first message, or confident enough to take over from the active agent). */
  | 'routed'
  /** The user picked it among the router's candidates. */
  | 'chosen'
  /** `/switch <agent>` or `nova chat --agent`. */
  | 'command'
  /** The agent that answered transferred the conversation to another (`handoff_to_<id>`). */
  | 'handoff';

/** What a turn came to, as the front end shows it. */
export interface TurnOutcome {
  runId: string;
  agentId: string;
  status: RunStatus;
  output: unknown;
  /** The answer as text (what later turns see in their history); null unless the run succeeded. */
  answer: string | null;
  error: SerializedError | null;
  warnings: RunWarning[];
  usage: Usage;
  /** The answer was already shown piece by piece (`text-delta`). */
  streamed: boolean;
}

export interface AgentListing {
  id: string;
  name: string;
  category: string;
  engine: string;
  description: string;
  active: boolean;
}

/** A turn of a session with the status of its run (`/runs`, `nova sessions show`). */
export interface TurnListing {
  position: number;
  runId: string | null;
  agentId: string | null;
  /** The run's status; `failed` for a turn of an older Nova that failed before any run started (no run id). */
  status: RunStatus;
  text: string;
  answer: string | null;
  /** The run's error, or the failure that kept the turn from running. */
  error: SerializedError | null;
  createdAt: string;
}

/**
 * Everything the chat loop tells its front end, in order. The loop never writes to a terminal itself:
 * the CLI renders these (as text or as JSON lines), and tests read them.
 */
export type ChatEvent =
  /** A session was created (at the first message) or resumed. */
  | { type: 'session-start'; session: Session; resumed: boolean }
  /** `/new`: the next message starts a new session. */
  | { type: 'session-end'; session: Session | null }
  | { type: 'agent-switch'; from: string | null; to: string; reason: SwitchReason; confidence: number | null; method: RouteMethod | null; explanation: string }
  /** The router is not confident and there is no active agent: the user is asked to pick. */
  | { type: 'route-unsure'; decision: RouteDecision }
  | { type: 'text-delta'; text: string }
  | { type: 'turn-end'; turn: TurnOutcome }
  /** A message or command that could not run (unknown agent, no model configured, ambiguous request...). */
  | { type: 'failure'; error: SerializedError }
  | { type: 'agent-list'; agents: AgentListing[] }
  | { type: 'run-list'; session: Session | null; turns: TurnListing[] }
  | { type: 'help'; commands: ReadonlyArray<{ usage: string; description: string }> };
