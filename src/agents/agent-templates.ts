/** What `nova agents new` writes: files that load, lint clean and run, to be edited from there. */

/** The fields every new agent starts with: who it is, and the requests it should win. */
function identity(id: string, category: string): string {
  const name = title(id);
  return `id: ${id}
name: ${name}
category: ${category}
description: Describe in one sentence what ${name} does; the router reads this to choose agents.
samples:
  - a request ${name} should answer
  - another way a person would ask for it
  - a third, different phrasing`;
}

const textInput = `input:
  type: object
  properties:
    text:
      type: string
      minLength: 1
  required: [text]
  additionalProperties: false`;

export function modelAgentTemplate(id: string, category: string): string {
  return `---
${identity(id, category)}
engine: model
model: default
tools: []
${textInput}
limits:
  maxSteps: 6
  timeoutMs: 120000
---
You are ${title(id)}, an agent of Nova.

Say here what the agent does, what a good answer looks like (its length, structure and tone), and what
it must refuse. Add an \`output\` JSON Schema to the front matter when the answer should be structured.
`;
}

export function codeAgentTemplate(id: string, category: string): string {
  return `---
${identity(id, category)}
engine: code
handler: ./${id}.mts#handle
${textInput}
output:
  type: object
  properties:
    text: { type: string }
    words: { type: integer, minimum: 0 }
  required: [text, words]
limits:
  maxSteps: 1
  timeoutMs: 60000
---
`;
}

export function codeHandlerTemplate(id: string): string {
  return `/**
 * The handler of the ${id} agent. It gets the input (checked against the agent's input schema) and a
 * context (runId, signal, warn), and returns the output (checked against the output schema).
 */
export async function handle(input: { text: string }): Promise<{ text: string; words: number }> {
  const words = input.text.split(/\\s+/).filter((word) => word !== '').length;
  return { text: input.text, words };
}
`;
}

function title(id: string): string {
  return id
    .split('-')
    .map((word, index) => (index === 0 ? word.charAt(0).toUpperCase() + word.slice(1) : word))
    .join(' ');
}
