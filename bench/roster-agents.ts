import { readFileSync } from 'node:fs';
import { parseAgentFile } from '../src/agents/agent-file.ts';
import { listAgentFiles } from '../src/agents/agent-loading.ts';
import type { IndexedAgent } from '../src/router/lexical-index.ts';
import { shippedRosterDirectory } from '../src/app/nova.ts';

/** The shipped Markdown agents as the router indexes them (no learned examples). */
export function rosterAgents(): IndexedAgent[] {
  const agents: IndexedAgent[] = [];
  for (const file of listAgentFiles(shippedRosterDirectory)) {
    if (!file.endsWith('.md')) continue;
    const parsed = parseAgentFile(readFileSync(file, 'utf8'), file);
    if (parsed.ok) agents.push({ id: parsed.value.id, name: parsed.value.name, description: parsed.value.description, samples: parsed.value.samples });
  }
  return agents;
}
