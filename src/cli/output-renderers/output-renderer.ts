/**
 * A terminal view of one agent's output, for an agent whose raw JSON is hard to read (a list of 25
 * invoices to find the 3 that do not match). `--json` always prints the raw output instead.
 */
export interface OutputRenderer {
  /** The agent whose output this renders. */
  agentId: string;
  /**
   * The output as text for a terminal, ending in a newline; undefined when the output does not have
   * the shape this view knows (an agent of the same id written by the user), so the raw output is shown.
   */
  render(output: unknown): string | undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
