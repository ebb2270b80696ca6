import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AgentDefinition } from '../core/agent-spec.ts';

/**
 * The input for a routed request (`nova ask`, a chat message): `{text}`, plus `file` when the agent
 * takes a file and the request names one that exists (e.g. "summarise columns of data.csv").
 */
export function inputForRoutedRequest(agent: AgentDefinition, text: string): Record<string, unknown> {
  const properties = agent.inputSchema?.jsonSchema['properties'];
  const takesFile = typeof properties === 'object' && properties !== null && 'file' in properties;
  if (takesFile) {
    for (const word of text.split(/\s+/)) {
      const candidate = resolve(word.replace(/^["'`(]+|["'`),.;:!?]+$/g, ''));
      if (/\.[a-z0-9]{1,5}$/i.test(candidate) && existsSync(candidate) && statSync(candidate).isFile()) return { text, file: candidate };
    }
  }
  return { text };
}
