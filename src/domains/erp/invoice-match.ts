import { matchIds, notFound } from './erp-lookup.ts';
import type { ErpDatabase } from './erp-tables.ts';
import { centsToAmount } from './money.ts';
import { loadPurchaseFacts, loadSupplierInvoices, poLineKey, poLineOf, type PurchaseFacts, type SupplierInvoice } from './purchasing-facts.ts';

export const invoiceIssueCodes = ['price_variance', 'qty_over_received', 'qty_over_ordered', 'no_po', 'no_receipt'] as const;
export type InvoiceIssueCode = (typeof invoiceIssueCodes)[number];

/**
 * One discrepancy. `line` is the PO line; `expected` is the figure of the PO or the receipts, `actual`
 * the invoice's: a unit price (currency units) for `price_variance`, a quantity otherwise; all null
 * for `no_po`.
 */
export interface InvoiceIssue {
  code: InvoiceIssueCode;
  line: number | null;
  expected: number | null;
  actual: number | null;
}

export interface InvoiceMatchResult {
  invoice: string;
  vendorInvoiceNo: string;
  supplier: string;
  po: string | null;
  status: 'matched' | 'mismatch' | 'unmatched';
  issues: InvoiceIssue[];
}

export interface InvoiceMatchQuery {
  /** Invoice ids or the suppliers' invoice numbers; default: every invoice in the date range. */
  invoices?: readonly string[];
  from?: string;
  to?: string;
  asOf: string;
}

/** A unit price may differ from the PO's by this much (0.5%) before it is a variance. */
const priceToleranceThousandths = 5;

/**
 * Three-way match of supplier invoices with their purchase order lines and goods receipts, as of a date:
 * - `price_variance`: the unit price differs from the PO line's by more than 0.5%;
 * - `no_receipt`: nothing of the PO line was received;
 * - `qty_over_received`: the quantity invoiced for the PO line so far (this invoice and the earlier
 *   ones of the PO) exceeds the quantity received;
 * - `qty_over_ordered`: it exceeds the quantity ordered (or the invoice bills an item not on the PO);
 * - `no_po`: the invoice names no purchase order (status `unmatched`).
 * An invoice with no issue is `matched`, one with issues `mismatch`.
 */
export async function matchInvoices(db: ErpDatabase, query: InvoiceMatchQuery): Promise<{ asOf: string; results: InvoiceMatchResult[] }> {
  let selection = db.selectFrom('erp_supplier_invoices').selectAll().where('invoice_date', '<=', query.asOf);
  if (query.from !== undefined) selection = selection.where('invoice_date', '>=', query.from);
  if (query.to !== undefined) selection = selection.where('invoice_date', '<=', query.to);
  if (query.invoices !== undefined) {
    const known = await db.selectFrom('erp_supplier_invoices').select(['id', 'vendor_invoice_no']).execute();
    const ids = new Set<string>();
    for (const wanted of query.invoices) {
      const byId = matchIds(wanted, known.map((row) => row.id));
      const byVendorNumber = known.filter((row) => matchIds(wanted, [row.vendor_invoice_no]).length > 0).map((row) => row.id);
      const matched = byId.length > 0 ? byId : byVendorNumber;
      if (matched.length === 0) throw notFound('supplier invoice', wanted, known.map((row) => row.id));
      matched.forEach((id) => ids.add(id));
    }
    selection = selection.where('id', 'in', [...ids]);
  }
  const invoices = await loadSupplierInvoices(db, await selection.execute(), query.asOf);
  const poIds = [...new Set(invoices.flatMap((invoice) => (invoice.poId === null ? [] : [invoice.poId])))];
  // The facts hold every invoice of these POs, so the ones not asked for still count as invoiced before.
  const facts = await loadPurchaseFacts(db, poIds, query.asOf);
  return { asOf: query.asOf, results: invoices.map((invoice) => matchInvoice(invoice, facts)) };
}

function matchInvoice(invoice: SupplierInvoice, facts: PurchaseFacts): InvoiceMatchResult {
  const base = { invoice: invoice.id, vendorInvoiceNo: invoice.vendorInvoiceNo, supplier: invoice.supplierId, po: invoice.poId };
  if (invoice.poId === null) return { ...base, status: 'unmatched', issues: [{ code: 'no_po', line: null, expected: null, actual: null }] };
  const poLines = facts.lines.get(invoice.poId) ?? [];
  const invoiced = invoicedBefore(invoice, facts.invoicesByPo.get(invoice.poId) ?? [], poLines);
  const issues: InvoiceIssue[] = [];
  for (const invoiceLine of invoice.lines) {
    const poLine = poLineOf(invoiceLine, poLines);
    if (poLine === undefined) {
      issues.push({ code: 'qty_over_ordered', line: invoiceLine.poLineNo, expected: 0, actual: invoiceLine.qty });
      continue;
    }
    const difference = Math.abs(invoiceLine.unitPriceCents - poLine.unitPriceCents);
    if (difference * 1000 > poLine.unitPriceCents * priceToleranceThousandths) {
      issues.push({ code: 'price_variance', line: poLine.lineNo, expected: centsToAmount(poLine.unitPriceCents), actual: centsToAmount(invoiceLine.unitPriceCents) });
    }
    const cumulative = (invoiced.get(poLine.lineNo) ?? 0) + invoiceLine.qty;
    invoiced.set(poLine.lineNo, cumulative);
    const received = facts.received.get(poLineKey(invoice.poId, poLine.lineNo)) ?? 0;
    if (received <= 0 && invoiceLine.qty > 0) issues.push({ code: 'no_receipt', line: poLine.lineNo, expected: received, actual: cumulative });
    else if (cumulative > received) issues.push({ code: 'qty_over_received', line: poLine.lineNo, expected: received, actual: cumulative });
    if (cumulative > poLine.qty) issues.push({ code: 'qty_over_ordered', line: poLine.lineNo, expected: poLine.qty, actual: cumulative });
  }
  return { ...base, status: issues.length === 0 ? 'matched' : 'mismatch', issues };
}

/** Quantity invoiced per PO line by the invoices of the PO before this one (date, then id). */
function invoicedBefore(invoice: SupplierInvoice, invoicesOfPo: readonly SupplierInvoice[], poLines: Parameters<typeof poLineOf>[1]): Map<number, number> {
  const invoiced = new Map<number, number>();
  for (const earlier of invoicesOfPo) {
    if (earlier.id === invoice.id) break;
    for (const line of earlier.lines) {
      const poLine = poLineOf(line, poLines);
      if (poLine !== undefined) invoiced.set(poLine.lineNo, (invoiced.get(poLine.lineNo) ?? 0) + line.qty);
    }
  }
  return invoiced;
}
