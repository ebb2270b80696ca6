import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AgentDefinition } from '../core/agent-spec.ts';
import { NovaError } from '../core/errors.ts';
import { requestWords } from '../core/request-words.ts';

/** Words that name a file of the kinds Nova's agents read: "sales.csv", "./logs/app.log", "notes.md". */
const fileName = /^[^\s]*[\p{L}\p{N}_-]\.(csv|tsv|json|jsonl|ndjson|log|txt|md|markdown|yaml|yml|xml|html|htm|gz)$/iu;

/**
 * The input for a routed request (`nova ask`, a chat message), shaped to the agent's input schema.
 * Agents that read a file take `file` when the request names one that exists ("summarise the columns
 * of data.csv"); for them the file is the content, so the request's words are not passed as content
 * too, unless the agent declares a `request` field to read its options from. Otherwise the request is `{text}`. The first shape the agent's schema accepts is used; when none
 * is, `{text}` goes through and the run reports the agent's own validation error.
 *
 * @throws NovaError `input_invalid` when an agent that reads files is asked about a file that does not
 *   exist: reading the request itself as the content would answer a question nobody asked.
 */
export function inputForRoutedRequest(agent: AgentDefinition, text: string): Record<string, unknown> {
  const properties = agent.inputSchema?.jsonSchema['properties'];
  const takesFile = typeof properties === 'object' && properties !== null && 'file' in properties;
  if (!takesFile) return { text };
  const named = requestWords(text).filter((word) => fileName.test(word));
  const existing = named.map((word) => resolve(word)).find((path) => existsSync(path) && statSync(path).isFile());
  if (existing === undefined && named.length > 0) {
    throw new NovaError({
      code: 'input_invalid',
      fault: 'user',
      message: `The request names ${named.map((word) => `"${word}"`).join(', ')}, but there is no such file (looked in ${process.cwd()})`,
      hint: `Give the path of an existing file (relative to where you run nova, or absolute), or pass the content with \`nova run ${agent.spec.id} --file F\`.`,
      details: { files: named },
    });
  }
  // An agent that reads its options from the words declares `request` (csv-analyst: "average amount by month").
  const takesRequest = 'request' in properties;
  const candidates = existing === undefined ? [{ text }] : [...(takesRequest ? [{ file: existing, request: text }] : []), { file: existing }, { text, file: existing }, { text }];
  return candidates.find((candidate) => agent.inputSchema === undefined || agent.inputSchema.validate(candidate).ok) ?? { text };
}
