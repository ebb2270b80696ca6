import { z } from 'zod';
import { schemaFromZod } from '../core/schema.ts';
import type { ToolDefinition } from '../core/tool-spec.ts';
import { isIsoDate, localToday } from '../domains/erp/erp-dates.ts';
import type { ErpDatabase } from '../domains/erp/erp-tables.ts';

/**
 * Tools that give a model agent (client-reply) the facts the ERP code agents compute: the same domain
 * functions, called directly. Delegation to the agents themselves, with runs of their own, is the
 * runtime's business; until it exists, tools are how a model agent gathers these facts, and each call
 * is journalled as a tool call of the run. The domain modules are imported on a tool's first call.
 */

const asOf = z.string().refine(isIsoDate, 'must be a date as YYYY-MM-DD').optional().describe('Date of the facts, YYYY-MM-DD; default today.');

export function createErpCustomerAccountTool(db: ErpDatabase): ToolDefinition<{ customer?: string; invoice?: string; salesOrder?: string; asOf?: string }> {
  return {
    name: 'erp_customer_account',
    description:
      "A customer's account: who they are, their sales orders (status, promised date, whether it has passed), their invoices (paid, outstanding, days past due) and the balance. Find the customer by id or name, or by one of their invoice or sales order ids.",
    input: schemaFromZod(
      z
        .object({ customer: z.string().min(1).optional(), invoice: z.string().min(1).optional(), salesOrder: z.string().min(1).optional(), asOf })
        .refine((value) => value.customer !== undefined || value.invoice !== undefined || value.salesOrder !== undefined, 'give customer, invoice or salesOrder'),
    ),
    execute: async (call) => (await import('../domains/erp/customer-account.ts')).customerAccount(db, { ...call, asOf: call.asOf ?? localToday() }),
  };
}

export function createErpPoStatusTool(db: ErpDatabase): ToolDefinition<{ po?: string; supplier?: string; openOnly?: boolean; asOf?: string }> {
  return {
    name: 'erp_po_status',
    description:
      'Status of purchase orders (ordered, partially_received, received, invoiced, closed) with ordered, received and invoiced quantities per line. Filter by PO id (or number) or supplier id or name.',
    input: schemaFromZod(z.object({ po: z.string().min(1).optional(), supplier: z.string().min(1).optional(), openOnly: z.boolean().optional(), asOf })),
    execute: async (call) => (await import('../domains/erp/po-status.ts')).purchaseOrderStatus(db, { ...call, asOf: call.asOf ?? localToday() }),
  };
}

export function createErpArAgingTool(db: ErpDatabase): ToolDefinition<{ customer?: string; asOf?: string }> {
  return {
    name: 'erp_ar_aging',
    description: 'Receivables aging: outstanding amounts per customer in buckets (current, 1-30, 31-60, 61-90, 90+ days past due), with the invoices, and the customers to remind (over 30 days). Optionally for one customer.',
    input: schemaFromZod(z.object({ customer: z.string().min(1).optional(), asOf })),
    execute: async (call) => (await import('../domains/erp/ar-aging.ts')).receivablesAging(db, { ...call, asOf: call.asOf ?? localToday() }),
  };
}

export function createErpInvoiceMatchTool(db: ErpDatabase): ToolDefinition<{ invoices?: string[]; asOf?: string }> {
  return {
    name: 'erp_invoice_match',
    description:
      'Three-way match of supplier invoices against their purchase order and goods receipts: matched, mismatch (price_variance, qty_over_received, qty_over_ordered, no_receipt) or unmatched (no_po). Give invoice ids or supplier invoice numbers, or none for all.',
    input: schemaFromZod(z.object({ invoices: z.array(z.string().min(1)).min(1).optional(), asOf })),
    execute: async (call) => (await import('../domains/erp/invoice-match.ts')).matchInvoices(db, { ...call, asOf: call.asOf ?? localToday() }),
  };
}
