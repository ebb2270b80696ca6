import { arAgingRenderer } from './ar-aging-output.ts';
import { invoiceMatcherRenderer } from './invoice-matcher-output.ts';
import type { OutputRenderer } from './output-renderer.ts';

/** The agents with a view of their own; add a renderer here to give another agent one. */
const renderers: ReadonlyMap<string, OutputRenderer> = new Map([invoiceMatcherRenderer, arAgingRenderer].map((renderer) => [renderer.agentId, renderer]));

/**
 * An agent's output as printed on a terminal: the agent's own view when it has one and the output has
 * its shape; else a model agent's `{ text }` as the text, and anything structured as indented JSON.
 * No trailing newline.
 */
export function renderOutput(output: unknown, agentId?: string): string {
  const tailored = agentId === undefined ? undefined : renderers.get(agentId)?.render(output);
  if (tailored !== undefined) return tailored.replace(/\n$/, '');
  if (typeof output === 'string') return output;
  if (typeof output === 'object' && output !== null && Object.keys(output).length === 1 && typeof (output as { text?: unknown }).text === 'string') {
    return (output as { text: string }).text;
  }
  return JSON.stringify(output, null, 2);
}
