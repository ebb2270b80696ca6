import type { ConversationTurn } from '../core/conversation.ts';
import { estimateTokens } from '../core/token-estimate.ts';
import type { SessionTurn } from './session.ts';

/** How much of a session's past goes to the model with each new message. */
export interface HistoryLimits {
  /** At most this many earlier exchanges (a message and its answer), the most recent ones. */
  maxTurns: number;
  /** At most this many tokens (estimated) for the whole history. */
  maxTokens: number;
}

/**
 * Twenty exchanges or about 4,000 tokens, whichever is smaller: enough for follow-ups ("and in
 * French?", "shorter") to make sense, small enough to leave most of any model's context to the task.
 */
export const defaultHistoryLimits: HistoryLimits = Object.freeze({ maxTurns: 20, maxTokens: 4000 });

// What the chat template of one message costs beyond its text (role markers, separators), about.
const messageOverheadTokens = 4;
const clippedMarker = ' […]';

/**
 * The conversation to send before a new message, oldest first: the most recent answered exchanges that
 * fit both limits. Turns with no answer (failed or cancelled) are left out, so the model never sees a
 * message that nobody answered. The newest exchange is always kept when the budget allows anything: if
 * it alone is too long, its texts are cut (the answer first) rather than dropping the context a
 * follow-up most needs.
 */
export function selectHistory(turns: readonly SessionTurn[], limits: HistoryLimits = defaultHistoryLimits): ConversationTurn[] {
  const answered = turns.filter((turn): turn is SessionTurn & { answer: string } => turn.answer !== null);
  const chosen: ConversationTurn[][] = [];
  let remaining = limits.maxTokens;
  for (let index = answered.length - 1; index >= 0 && chosen.length < limits.maxTurns; index -= 1) {
    const turn = answered[index]!;
    const cost = exchangeTokens(turn.text, turn.answer);
    if (cost <= remaining) {
      chosen.push(exchange(turn.text, turn.answer, turn.agentId));
      remaining -= cost;
      continue;
    }
    if (chosen.length === 0) {
      const clipped = clipExchange(turn.text, turn.answer, remaining);
      if (clipped !== undefined) chosen.push(exchange(clipped.text, clipped.answer, turn.agentId));
    }
    break;
  }
  return chosen.reverse().flat();
}

function exchange(text: string, answer: string, agentId: string | null): ConversationTurn[] {
  return [{ role: 'user', text }, agentId === null ? { role: 'assistant', text: answer } : { role: 'assistant', text: answer, agentId }];
}

function exchangeTokens(text: string, answer: string): number {
  return estimateTokens(text) + estimateTokens(answer) + 2 * messageOverheadTokens;
}

/** The exchange cut to `budget` tokens: the answer is cut first, down to a quarter of the budget. */
function clipExchange(text: string, answer: string, budget: number): { text: string; answer: string } | undefined {
  const available = budget - 2 * messageOverheadTokens;
  if (available < 8) return undefined;
  const textBudget = Math.max(Math.floor(available / 4), available - estimateTokens(answer));
  const clippedText = clipToTokens(text, textBudget);
  const clippedAnswer = clipToTokens(answer, available - estimateTokens(clippedText));
  return { text: clippedText, answer: clippedAnswer };
}

/** The longest beginning of `text` that, marked as cut, fits in `budget` tokens. */
export function clipToTokens(text: string, budget: number): string {
  if (estimateTokens(text) <= budget) return text;
  let low = 0;
  let high = text.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (estimateTokens(`${text.slice(0, middle)}${clippedMarker}`) <= budget) low = middle;
    else high = middle - 1;
  }
  // Never cut between the two halves of a surrogate pair (an emoji, a rare CJK character).
  if (low > 0 && /[\uD800-\uDBFF]/.test(text[low - 1]!)) low -= 1;
  return low === 0 ? clippedMarker.trim() : `${text.slice(0, low).trimEnd()}${clippedMarker}`;
}
