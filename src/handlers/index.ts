import type { AgentHandler } from '../core/agent-spec.ts';
import type { HandlerDependencies } from './handler-dependencies.ts';
import { lazyHandler } from './lazy-handler.ts';

export type { HandlerDependencies } from './handler-dependencies.ts';

/** The handlers of the language and chat agents: they need nothing but their input and model. */
export const languageHandlers: Readonly<Record<string, AgentHandler>> = {
  classify: lazyHandler(async () => (await import('./language/classify.ts')).classify),
  'detect-language': lazyHandler(async () => (await import('./language/detect-language.ts')).detectLanguageHandler),
  'extract-entities': lazyHandler(async () => (await import('./language/extract-entities.ts')).extractEntities),
  plan: lazyHandler(async () => (await import('./language/plan.ts')).plan),
  proofread: lazyHandler(async () => (await import('./language/proofread.ts')).proofread),
  summarize: lazyHandler(async () => (await import('./language/summarize.ts')).summarize),
  translate: lazyHandler(async () => (await import('./language/translate.ts')).translate),
};

/**
 * The handlers that shipped agent files name by id (`handler: summarize`). Each is thin glue: it reads
 * its input, calls its domain module (and the agent's model through the context), and returns output.
 * Handlers that work on Nova's data get the store through `dependencies`. Each module is imported on
 * the handler's first call (lazy-handler.ts), so opening Nova loads none of the domains.
 */
export function createBuiltinHandlers(dependencies: HandlerDependencies): Readonly<Record<string, AgentHandler>> {
  return {
    ...languageHandlers,
    'airep-check': lazyHandler(async () => (await import('./pipeline/airep-check.ts')).airepCheck),
    'build-report': lazyHandler(async () => (await import('./pipeline/build-report.ts')).buildReportHandler),
    'validate-data': lazyHandler(async () => (await import('./pipeline/validate-data.ts')).createValidateData(dependencies)),
    'analyse-csv': lazyHandler(async () => (await import('./pipeline/analyse-csv.ts')).analyseCsvHandler),
    'triage-logs': lazyHandler(async () => (await import('./pipeline/triage-logs.ts')).triageLogsHandler),
    memory: lazyHandler(async () => (await import('./chat/memory.ts')).createMemoryHandler(dependencies.store)),
    'run-pipeline': lazyHandler(async () => (await import('./pipeline/run-pipeline.ts')).createRunPipelineHandler(dependencies)),
    schedule: lazyHandler(async () => (await import('./pipeline/schedule.ts')).createScheduleHandler(dependencies)),
    'inspect-run': lazyHandler(async () => (await import('./pipeline/inspect-run.ts')).createInspectRunHandler(dependencies)),
    // The ERP agents (roster/erp), by the ids their agent files name.
    'erp-po-status': lazyHandler(async () => (await import('./erp/po-status.ts')).createPoStatusHandler(dependencies)),
    'erp-invoice-match': lazyHandler(async () => (await import('./erp/invoice-matcher.ts')).createInvoiceMatcherHandler(dependencies)),
    'erp-ar-aging': lazyHandler(async () => (await import('./erp/ar-aging.ts')).createArAgingHandler(dependencies)),
    'erp-inventory-reorder': lazyHandler(async () => (await import('./erp/inventory-reorder.ts')).createInventoryReorderHandler(dependencies)),
    'erp-gl-reconcile': lazyHandler(async () => (await import('./erp/gl-reconciler.ts')).createGlReconcilerHandler(dependencies)),
    'erp-query': lazyHandler(async () => (await import('./erp/erp-query.ts')).createErpQueryHandler(dependencies)),
    'erp-client-reply': lazyHandler(async () => (await import('./erp/client-reply.ts')).clientReply),
    'erp-expense-code': lazyHandler(async () => (await import('./erp/expense-coder.ts')).createExpenseCoderHandler(dependencies)),
  };
}
