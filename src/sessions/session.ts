import type { SerializedError } from '../core/errors.ts';

/** A conversation with Nova (`nova chat`), kept in the store so that it can be resumed. */
export interface Session {
  id: string;
  title: string | null;
  activeAgentId: string | null;
  createdAt: string;
  updatedAt: string;
  turnCount: number;
}

/** One message of the user and what answered it; each turn that ran is one run. */
export interface SessionTurn {
  sessionId: string;
  position: number;
  runId: string | null;
  agentId: string | null;
  text: string;
  /** The answer's text (what the history shows); null when the turn failed or was cancelled. */
  answer: string | null;
  /** A failure before any run could start; the failures of runs are in their journals. */
  error: SerializedError | null;
  createdAt: string;
}

/** A session's title: its first message on one line, cut at 60 characters. */
export function sessionTitle(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= 60 ? line : `${line.slice(0, 59)}…`;
}
