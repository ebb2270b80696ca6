import type { AgentHandler } from '../../core/agent-spec.ts';
import { NovaError, isNovaError } from '../../core/errors.ts';
import type { RunRecord } from '../../core/run.ts';
import { idsMentioned } from '../../pipelines/pipeline-mentions.ts';
import { inspectRun } from '../../pipelines/run-inspection.ts';
import type { Store } from '../../store/store.ts';
import type { HandlerDependencies } from '../handler-dependencies.ts';

interface InspectRunInput {
  runId?: string;
  text?: string;
}

/**
 * The run-inspector: finds the run a request means (an id or prefix, "the last failed run", "yesterday's
 * month-end pipeline") and explains it from its journal: the failing step, its input, the error and
 * hint, what ran before, what did not run, and whether `nova runs resume` will help.
 */
export function createInspectRunHandler(dependencies: HandlerDependencies): AgentHandler {
  return async (rawInput) => {
    const input = rawInput as InspectRunInput;
    const run = await findRun(dependencies.store, input);
    return inspectRun(dependencies.store, run);
  };
}

async function findRun(store: Store, input: InspectRunInput): Promise<RunRecord> {
  if (input.runId !== undefined) return store.runs.find(input.runId);
  const text = input.text ?? '';
  const lower = text.toLowerCase();
  // Ids start with their time, so an id or prefix a person types has digits ("run 01m8e3", "run_01m8...").
  const candidateIds = [...lower.matchAll(/\b(?:run[_\s#]*)?([0-9a-hjkmnp-tv-z]*[0-9][0-9a-hjkmnp-tv-z]*)\b/g)].map((match) => match[1]!).filter((id) => id.length >= 2);
  if (candidateIds.length > 0) {
    let lastError: unknown;
    for (const id of candidateIds) {
      try {
        return await store.runs.find(id);
      } catch (error) {
        if (!isNovaError(error) || error.code !== 'run_not_found') throw error;
        lastError = error;
      }
    }
    throw lastError;
  }
  const recent = await store.runs.list({ limit: 500 });
  const targets = [...new Set(recent.map((run) => run.target).filter((target): target is string => target !== null))];
  const named = idsMentioned(text, targets);
  const day = /\byesterday\b/.test(lower) ? dayOffset(-1) : /\btoday\b/.test(lower) ? dayOffset(0) : undefined;
  const wanted = /\binterrupted\b/.test(lower) ? ['interrupted'] : /\bwaiting\b/.test(lower) ? ['waiting'] : /\bcancel/.test(lower) ? ['cancelled'] : ['failed', 'interrupted', 'cancelled'];
  const matches = recent.filter(
    (run) =>
      wanted.includes(run.status) &&
      (named.length === 0 || (run.target !== null && named.includes(run.target))) &&
      (day === undefined || run.createdAt.slice(0, 10) === day) &&
      // A failed pipeline's step runs fail with it: the pipeline run explains more.
      (run.parentRunId === null || named.length > 0),
  );
  const found = matches[0];
  if (found !== undefined) return found;
  throw new NovaError({
    code: 'run_not_found',
    fault: 'user',
    message: `No ${wanted.join(' or ')} run${named.length > 0 ? ` of ${named.join(' or ')}` : ''}${day === undefined ? '' : ` on ${day}`} among the last ${recent.length} runs`,
    hint: 'Give the run id (`nova runs list --status failed` lists them).',
  });
}

function dayOffset(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}
