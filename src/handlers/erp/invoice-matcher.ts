import type { AgentHandler } from '../../core/agent-spec.ts';
import { erpDatabase } from '../../domains/erp/erp-database.ts';
import { notFound } from '../../domains/erp/erp-lookup.ts';
import { matchInvoices } from '../../domains/erp/invoice-match.ts';
import { idReferencesInText, periodInText } from '../../domains/erp/request-text.ts';
import type { HandlerDependencies } from '../handler-dependencies.ts';
import { asOfDate, isoDate } from './erp-input.ts';

export interface InvoiceMatcherInput {
  invoice?: string;
  invoices?: string[];
  from?: string;
  to?: string;
  asOf?: string;
  /** A request in words ("match invoice INV-889", "this week's invoices"): invoices and a period are read from it. */
  text?: string;
}

/** invoice-matcher: three-way match of supplier invoices with PO lines and goods receipts. */
export function createInvoiceMatcherHandler(dependencies: HandlerDependencies): AgentHandler {
  return async (rawInput) => {
    const input = rawInput as InvoiceMatcherInput;
    const db = erpDatabase(dependencies.store);
    const asOf = asOfDate(input.asOf);
    let invoices = [...(input.invoice === undefined ? [] : [input.invoice]), ...(input.invoices ?? [])];
    let from = input.from === undefined ? undefined : isoDate(input.from, 'from');
    let to = input.to === undefined ? undefined : isoDate(input.to, 'to');
    if (input.text !== undefined && invoices.length === 0 && from === undefined && to === undefined) {
      const known = await db.selectFrom('erp_supplier_invoices').select(['id', 'vendor_invoice_no']).execute();
      const named = idReferencesInText(input.text, [...known.map((row) => row.id), ...known.map((row) => row.vendor_invoice_no)]);
      invoices = named.found;
      const period = periodInText(input.text, asOf);
      if (period !== null) ({ from, to } = period);
      if (invoices.length === 0 && period === null && named.unknown.length > 0) throw notFound('supplier invoice', named.unknown[0]!, known.map((row) => row.id));
    }
    return matchInvoices(db, {
      asOf,
      ...(invoices.length === 0 ? {} : { invoices }),
      ...(from === undefined ? {} : { from }),
      ...(to === undefined ? {} : { to }),
    });
  };
}
