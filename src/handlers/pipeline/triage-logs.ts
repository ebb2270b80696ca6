import { resolve } from 'node:path';
import type { AgentHandler } from '../../core/agent-spec.ts';
import { triageLogs } from '../../domains/logs/triage-logs.ts';

export interface TriageLogsInput {
  file?: string;
  text?: string;
  since?: string;
  levels?: string[];
  top?: number;
}

/**
 * The log-triage agent: groups a log file's (or text's) failures into signatures. A log in which
 * nothing matched the chosen levels is a warning on the run, so an empty answer is never mistaken
 * for a clean log read with the wrong levels.
 */
export const triageLogsHandler: AgentHandler = async (rawInput, context) => {
  const input = rawInput as TriageLogsInput;
  const report = await triageLogs({
    signal: context.signal,
    ...(input.file === undefined ? {} : { file: resolve(input.file) }),
    ...(input.text === undefined ? {} : { text: input.text }),
    ...(input.since === undefined ? {} : { since: input.since }),
    ...(input.levels === undefined ? {} : { levels: input.levels }),
    ...(input.top === undefined ? {} : { top: input.top }),
  });
  const { summary } = report;
  if (input.text !== undefined && !input.text.trim().includes('\n')) {
    // A routed request without a file ("which exception shows up most in the logs") arrives as one line.
    await context.warn('single_line_input', 'The text is one line, so it was triaged as a one-line log: to triage a log file, name it ("triage errors in app.log") or pass --file');
  }
  if (summary.matched === 0 && summary.entries > 0) {
    const levels = Object.entries(summary.byLevel)
      .filter(([, count]) => count > 0)
      .map(([level, count]) => `${count} ${level}`)
      .join(', ');
    await context.warn('no_matching_entries', `None of the ${summary.entries} entries matched levels ${summary.levels.join(', ')}${summary.since === null ? '' : ` since ${summary.since}`} (the log has ${levels}); pass "levels" to widen the search`);
  }
  if (summary.unclustered > 0) await context.warn('signatures_capped', `${summary.unclustered} entries started no new signature: the log has more than ${summary.signatures} distinct failure templates`);
  return report;
};
