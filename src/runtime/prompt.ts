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
