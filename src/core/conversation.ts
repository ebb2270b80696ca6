/** One turn of a conversation, as the next agent sees it. */
export interface ConversationTurn {
  role: 'user' | 'assistant';
  text: string;
  /** The agent that answered (assistant turns). */
  agentId?: string;
}
