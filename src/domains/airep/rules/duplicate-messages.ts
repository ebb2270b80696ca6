import { airepIssue, type AirepIssue } from '../airep-issues.ts';

export interface DuplicateCandidate {
  line: number;
  /** The message's groups, as parsed. */
  tokens: readonly string[];
  /** The day of the month the message is dated by its bulletin, or null without one. */
  bulletinDay: number | null;
}

/**
 * Finds exact repeats: the same groups (spacing and letter case aside) under the same bulletin date.
 * The first occurrence stands; each repeat gets an error naming it. Returns issues by line.
 */
export function findDuplicateMessages(candidates: readonly DuplicateCandidate[]): Map<number, AirepIssue> {
  const firstLine = new Map<string, number>();
  const duplicates = new Map<number, AirepIssue>();
  for (const candidate of candidates) {
    const key = `${candidate.bulletinDay ?? '-'}|${candidate.tokens.join(' ')}`;
    const earlier = firstLine.get(key);
    if (earlier === undefined) firstLine.set(key, candidate.line);
    else duplicates.set(candidate.line, airepIssue('duplicate_message', `message ${candidate.tokens.slice(0, 2).join(' ')} is an exact duplicate of line ${earlier}`));
  }
  return duplicates;
}
