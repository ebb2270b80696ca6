import { airepIssue } from './airep-issues.ts';
import { newDraft, type MessageDraft } from './message-draft.ts';
import { readRoutineMessage } from './routine-message.ts';
import { readSpecialMessage } from './special-message.ts';
import { TokenCursor } from './tokenizer.ts';

/**
 * Parses one message (its groups, designator first) into fields and format issues. Plausibility
 * rules that look at several fields or several messages run afterwards (see `rules/`).
 */
export function parseMessage(tokens: readonly string[]): MessageDraft {
  const cursor = new TokenCursor(tokens);
  const designator = cursor.next();
  if (designator === 'ARP') {
    const draft = newDraft('ARP');
    readRoutineMessage(cursor, draft);
    return draft;
  }
  if (designator === 'ARS') {
    const draft = newDraft('ARS');
    readSpecialMessage(cursor, draft);
    return draft;
  }
  const draft = newDraft(null);
  draft.issues.push(airepIssue('unknown_designator', `unknown designator ${designator ?? '(empty)'}; a message starts with ARP (routine) or ARS (special)`));
  return draft;
}
