import type { AgentHandler } from '../core/agent-spec.ts';
import type { HandlerDependencies } from './handler-dependencies.ts';
import { createMemoryHandler } from './chat/memory.ts';
import { createErpHandlers } from './erp/index.ts';
import { classify } from './language/classify.ts';
import { detectLanguageHandler } from './language/detect-language.ts';
import { extractEntities } from './language/extract-entities.ts';
import { plan } from './language/plan.ts';
import { proofread } from './language/proofread.ts';
import { summarize } from './language/summarize.ts';
import { translate } from './language/translate.ts';
import { airepCheck } from './pipeline/airep-check.ts';
import { analyseCsvHandler } from './pipeline/analyse-csv.ts';
import { buildReportHandler } from './pipeline/build-report.ts';
import { triageLogsHandler } from './pipeline/triage-logs.ts';
import { createValidateData } from './pipeline/validate-data.ts';
import { createInspectRunHandler } from './pipeline/inspect-run.ts';
import { createRunPipelineHandler } from './pipeline/run-pipeline.ts';
import { createScheduleHandler } from './pipeline/schedule.ts';

export type { HandlerDependencies } from './handler-dependencies.ts';

/** The handlers of the language and chat agents: they need nothing but their input and model. */
export const languageHandlers: Readonly<Record<string, AgentHandler>> = {
  classify,
  'detect-language': detectLanguageHandler,
  'extract-entities': extractEntities,
  plan,
  proofread,
  summarize,
  translate,
};

/**
 * The handlers that shipped agent files name by id (`handler: summarize`). Each is thin glue: it reads
 * its input, calls its domain module (and the agent's model through the context), and returns output.
 * Handlers that work on Nova's data get the store through `dependencies`.
 */
export function createBuiltinHandlers(dependencies: HandlerDependencies): Readonly<Record<string, AgentHandler>> {
  void dependencies;
  return {
    ...languageHandlers,
    'airep-check': airepCheck,
    'build-report': buildReportHandler,
    'validate-data': createValidateData(dependencies),
    'analyse-csv': analyseCsvHandler,
    'triage-logs': triageLogsHandler,
    memory: createMemoryHandler(dependencies.store),
    'run-pipeline': createRunPipelineHandler(dependencies),
    schedule: createScheduleHandler(dependencies),
    'inspect-run': createInspectRunHandler(dependencies),
    ...createErpHandlers(dependencies),
  };
}
