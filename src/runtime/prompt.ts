import type { LanguageModelV3Message } from '@ai-sdk/provider';
import type { AgentDefinition, GenerateRequest } from '../core/agent-spec.ts';
import type { Schema } from '../core/schema.ts';

/**
 * The user message for an agent's input: a bare `{ text }` is sent as the text itself, anything
 * richer as JSON so that the model sees every field.
 */
export function describeInput(input: unknown): string {
  if (typeof input === 'string') return input;
  if (typeof input === 'object' && input !== null && !Array.isArray(input)) {
    const keys = Object.keys(input);
    const text = (input as { text?: unknown }).text;
    if (keys.length === 1 && typeof text === 'string') return text;
  }
  return JSON.stringify(input, null, 2);
}

/** A request's first messages: the system prompt (with the output schema), the earlier turns, the prompt. */
export function openingMessages(agent: AgentDefinition, request: GenerateRequest): LanguageModelV3Message[] {
  return [
    { role: 'system', content: systemPrompt(request.system ?? agent.spec.instructions ?? '', request.output) },
    ...(request.conversation ?? []).map((turn): LanguageModelV3Message =>
      turn.role === 'user' ? { role: 'user', content: [{ type: 'text', text: turn.text }] } : { role: 'assistant', content: [{ type: 'text', text: turn.text }] },
    ),
    { role: 'user', content: [{ type: 'text', text: request.prompt }] },
  ];
}

function systemPrompt(instructions: string, output: Schema | undefined): string {
  if (output === undefined) return instructions;
  return `${instructions}\n\nAnswer with only a JSON value matching this JSON Schema:\n${JSON.stringify(output.jsonSchema)}`;
}
