import type { AgentHandler } from '../../core/agent-spec.ts';
import { checkAireps } from '../../domains/airep/check-aireps.ts';
import { readAgentText, type TextOrFileInput } from './agent-text-input.ts';

/**
 * The airep-checker: reads the messages from `text` or `file` and checks each one. Invalid messages
 * are the result, not a failure: the run succeeds and the report says what is wrong, line by line.
 */
export const airepCheck: AgentHandler = async (rawInput) => {
  const { text } = await readAgentText(rawInput as TextOrFileInput, 'airep-checker');
  return checkAireps(text);
};
