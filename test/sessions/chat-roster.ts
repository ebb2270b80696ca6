import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultThresholds } from '../../src/router/calibration.ts';
import { saveThresholds } from '../../src/router/router-settings.ts';
import { loadAgentRegistry, type AgentRegistry } from '../../src/agents/agent-registry.ts';
import type { AgentHandler } from '../../src/core/agent-spec.ts';

/**
 * A small roster of its own for the chat loop's tests, so that what the router decides for their
 * messages depends on these samples alone, not on the shipped roster as it grows: chat, a translator
 * (structured answers), a rewriter (free text), an explainer, a front desk that hands conversations
 * over to the translator, and a code agent that needs no model.
 */
const agentFiles: Record<string, string> = {
  'chat.md': `---
id: chat
name: Chat
category: chat
description: Open conversation on any topic; the fallback when no specialist fits.
samples: ["hi, how's it going", 'tell me a joke about databases', 'what do you think about remote work']
engine: model
---
You are chat.
`,
  'translator.md': `---
id: translator
name: Translator
category: language
description: Translates text between languages.
samples: ['translate this to German', 'translate the email below into Spanish', 'how do you say invoice in Italian']
engine: model
output:
  type: object
  properties:
    translation: { type: string }
    targetLanguage: { type: string }
  required: [translation, targetLanguage]
---
You are translator.
`,
  'rewriter.md': `---
id: rewriter
name: Rewriter
category: language
description: Rewrites a text in another tone or length.
samples: ['make this more formal', 'rewrite this to sound friendlier', 'shorten this message to two sentences']
engine: model
---
You are rewriter.
`,
  'explainer.md': `---
id: explainer
name: Explainer
category: chat
description: Explains a concept, an error message or a piece of code.
samples: ['explain what a mutex is', 'what does ECONNRESET mean', 'explain this regex']
engine: model
---
You are explainer.
`,
  'front-desk.md': `---
id: front-desk
name: Front desk
category: chat
description: Greets requests and hands them over to the right specialist.
samples: ['I have a request for the front desk', 'front desk, can you take this', 'pass this to the right person']
engine: model
handoffs: [translator]
---
You are front-desk.
`,
  'detector.md': `---
id: detector
name: Language detector
category: language
description: Tells which language a text is written in, offline.
samples: ['what language is this', 'detect the language of these lines', 'is this Portuguese or Spanish']
engine: code
handler: detect
---
`,
};

/** The code agent's handler: a fixed answer, and the text it was given. */
const detect: AgentHandler = async (input) => ({ language: 'fr', text: (input as { text: string }).text });

/** Writes the roster under `directory` and loads it as Nova would. */
export async function loadChatRoster(directory: string): Promise<AgentRegistry> {
  const agents = join(directory, 'chat-roster');
  mkdirSync(agents, { recursive: true });
  for (const [file, text] of Object.entries(agentFiles)) writeFileSync(join(agents, file), text);
  const registry = await loadAgentRegistry({ directories: [{ path: agents, origin: 'user' }], builtinHandlers: { detect } });
  const errors = registry.issues.filter((issue) => issue.severity === 'error');
  if (errors.length > 0) throw new Error(`the test roster is broken: ${JSON.stringify(errors)}`);
  // The thresholds this small roster was written for, whatever the shipped defaults become.
  saveThresholds(directory, { ...defaultThresholds, temperature: 2, minConfidence: 0.5, chatMinConfidence: 0.6, judgeMargin: 0.15 }, { file: 'test/sessions/chat-roster.ts', requests: 0 });
  return registry;
}
