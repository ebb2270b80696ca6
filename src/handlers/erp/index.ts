import type { AgentHandler } from '../../core/agent-spec.ts';
import type { HandlerDependencies } from '../handler-dependencies.ts';
import { createArAgingHandler } from './ar-aging.ts';
import { clientReply } from './client-reply.ts';
import { createErpQueryHandler } from './erp-query.ts';
import { createExpenseCoderHandler } from './expense-coder.ts';
import { createGlReconcilerHandler } from './gl-reconciler.ts';
import { createInventoryReorderHandler } from './inventory-reorder.ts';
import { createInvoiceMatcherHandler } from './invoice-matcher.ts';
import { createPoStatusHandler } from './po-status.ts';

/** The handlers of the ERP agents (roster/erp), by the ids their agent files name. */
export function createErpHandlers(dependencies: HandlerDependencies): Record<string, AgentHandler> {
  return {
    'erp-po-status': createPoStatusHandler(dependencies),
    'erp-invoice-match': createInvoiceMatcherHandler(dependencies),
    'erp-ar-aging': createArAgingHandler(dependencies),
    'erp-inventory-reorder': createInventoryReorderHandler(dependencies),
    'erp-gl-reconcile': createGlReconcilerHandler(dependencies),
    'erp-query': createErpQueryHandler(dependencies),
    'erp-client-reply': clientReply,
    'erp-expense-code': createExpenseCoderHandler(dependencies),
  };
}
