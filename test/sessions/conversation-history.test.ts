import { describe, expect, it } from 'vitest';
import { estimateTokens } from '../../src/core/token-estimate.ts';
import { clipToTokens, selectHistory } from '../../src/sessions/conversation-history.ts';
import type { SessionTurn } from '../../src/sessions/session.ts';

function turn(position: number, text: string, answer: string | null, agentId: string | null = 'chat'): SessionTurn {
  return { sessionId: 'ses_x', position, runId: `run_${position}`, agentId, text, answer, error: null, createdAt: '2025-01-01T00:00:00.000Z' };
}

describe('the history a new message is sent with', () => {
  it('is the answered exchanges, oldest first, with the agent of each answer', () => {
    const history = selectHistory([turn(1, 'hi', 'hello'), turn(2, 'translate x', '{"translation":"y"}', 'translator')]);
    expect(history).toEqual([
      { role: 'user', text: 'hi' },
      { role: 'assistant', text: 'hello', agentId: 'chat' },
      { role: 'user', text: 'translate x' },
      { role: 'assistant', text: '{"translation":"y"}', agentId: 'translator' },
    ]);
  });

  it('leaves out turns nobody answered (failed, cancelled), so no message goes unanswered', () => {
    const history = selectHistory([turn(1, 'first', 'one'), turn(2, 'cancelled one', null), turn(3, 'third', 'three')]);
    expect(history.map((entry) => entry.text)).toEqual(['first', 'one', 'third', 'three']);
  });

  it('keeps only the most recent exchanges: at most maxTurns', () => {
    const turns = Array.from({ length: 30 }, (_, index) => turn(index + 1, `question ${index + 1}`, `answer ${index + 1}`));
    const history = selectHistory(turns, { maxTurns: 3, maxTokens: 100_000 });
    expect(history.map((entry) => entry.text)).toEqual(['question 28', 'answer 28', 'question 29', 'answer 29', 'question 30', 'answer 30']);
  });

  it('keeps within the token budget, dropping the oldest exchanges first', () => {
    const long = 'word '.repeat(200);
    const turns = [turn(1, 'old question', long), turn(2, 'middle question', long), turn(3, 'new question', 'short answer')];
    const history = selectHistory(turns, { maxTurns: 20, maxTokens: 400 });
    expect(history.map((entry) => entry.text)).toEqual(['middle question', long, 'new question', 'short answer']);
    const total = history.reduce((sum, entry) => sum + estimateTokens(entry.text) + 4, 0);
    expect(total).toBeLessThanOrEqual(400);
  });

  it('cuts the newest exchange rather than dropping it when it alone is over the budget', () => {
    const longAnswer = `The summary begins here. ${'More detail follows. '.repeat(500)}`;
    const history = selectHistory([turn(1, 'summarise the report', longAnswer)], { maxTurns: 20, maxTokens: 300 });
    expect(history).toHaveLength(2);
    expect(history[0]!.text).toBe('summarise the report');
    expect(history[1]!.text.startsWith('The summary begins here.')).toBe(true);
    expect(history[1]!.text.endsWith('[…]')).toBe(true);
    expect(estimateTokens(history[0]!.text) + estimateTokens(history[1]!.text) + 8).toBeLessThanOrEqual(300);
  });

  it('is empty with no budget at all, or nothing answered', () => {
    expect(selectHistory([turn(1, 'hi', 'hello')], { maxTurns: 0, maxTokens: 1000 })).toEqual([]);
    expect(selectHistory([turn(1, 'hi', 'hello')], { maxTurns: 5, maxTokens: 0 })).toEqual([]);
    expect(selectHistory([turn(1, 'hi', null)])).toEqual([]);
  });

  it('clips text to a token budget without splitting a character made of two code units', () => {
    expect(clipToTokens('short', 10)).toBe('short');
    const clipped = clipToTokens('😀'.repeat(100), 10);
    expect(estimateTokens(clipped)).toBeLessThanOrEqual(10);
    expect(clipped.endsWith(' […]')).toBe(true);
    expect(clipped.replace(' […]', '')).toMatch(/^(😀)+$/u);
  });
});
