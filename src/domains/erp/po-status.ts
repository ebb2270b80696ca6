import { matchIds, matchParties, notFound } from './erp-lookup.ts';
import type { ErpDatabase } from './erp-tables.ts';
import { isPaid, loadPurchaseFacts, poLineKey, poLineOf, type PurchaseFacts } from './purchasing-facts.ts';

export const purchaseOrderStatuses = ['ordered', 'partially_received', 'received', 'invoiced', 'closed'] as const;
export type PurchaseOrderStatus = (typeof purchaseOrderStatuses)[number];

export interface PoStatusQuery {
  /** A PO id (or its number). */
  po?: string;
  /** A supplier id, or part of its name. */
  supplier?: string;
  /** Leave out closed orders. */
  openOnly?: boolean;
  asOf: string;
}

export interface PoStatusLine {
  line: number;
  sku: string;
  ordered: number;
  received: number;
  invoiced: number;
}

export interface PoStatusOrder {
  po: string;
  supplier: string;
  supplierName: string;
  status: PurchaseOrderStatus;
  lines: PoStatusLine[];
}

export interface PoStatusResult {
  asOf: string;
  orders: PoStatusOrder[];
}

/**
 * The status of purchase orders as of a date, from their lines, goods receipts, supplier invoices and
 * payments (not from the ERP's own status text):
 * - `ordered`: nothing received; `partially_received`: some received, not all;
 * - `received`: every line received in full, not every line invoiced in full;
 * - `invoiced`: every line received and invoiced in full, not every invoice paid;
 * - `closed`: invoiced, and every invoice of the PO paid.
 * Only orders placed on or before `asOf` are listed, oldest first.
 */
export async function purchaseOrderStatus(db: ErpDatabase, query: PoStatusQuery): Promise<PoStatusResult> {
  const suppliers = await db.selectFrom('erp_suppliers').select(['id', 'name']).execute();
  const supplierNames = new Map(suppliers.map((supplier) => [supplier.id, supplier.name]));
  let orders = db.selectFrom('erp_purchase_orders').select(['id', 'supplier_id']).where('order_date', '<=', query.asOf);

  if (query.po !== undefined) {
    const ids = (await db.selectFrom('erp_purchase_orders').select('id').execute()).map((row) => row.id);
    const matched = matchIds(query.po, ids);
    if (matched.length === 0) throw notFound('purchase order', query.po, ids);
    orders = orders.where('id', 'in', matched);
  }
  if (query.supplier !== undefined) {
    const matched = matchParties(query.supplier, suppliers);
    if (matched.length === 0) throw notFound('supplier', query.supplier, suppliers.map((supplier) => supplier.name));
    orders = orders.where('supplier_id', 'in', matched.map((supplier) => supplier.id));
  }
  const selected = await orders.orderBy('order_date').orderBy('id').execute();
  const facts = await loadPurchaseFacts(db, selected.map((order) => order.id), query.asOf);

  const result: PoStatusOrder[] = [];
  for (const order of selected) {
    const lines = statusLines(facts, order.id);
    const status = orderStatus(facts, order.id, lines);
    if (query.openOnly === true && status === 'closed') continue;
    result.push({ po: order.id, supplier: order.supplier_id, supplierName: supplierNames.get(order.supplier_id) ?? order.supplier_id, status, lines });
  }
  return { asOf: query.asOf, orders: result };
}

function statusLines(facts: PurchaseFacts, poId: string): PoStatusLine[] {
  const poLines = facts.lines.get(poId) ?? [];
  const invoiced = new Map<number, number>();
  for (const invoice of facts.invoicesByPo.get(poId) ?? []) {
    for (const invoiceLine of invoice.lines) {
      const poLine = poLineOf(invoiceLine, poLines);
      if (poLine !== undefined) invoiced.set(poLine.lineNo, (invoiced.get(poLine.lineNo) ?? 0) + invoiceLine.qty);
    }
  }
  return poLines.map((line) => ({
    line: line.lineNo,
    sku: line.sku,
    ordered: line.qty,
    received: facts.received.get(poLineKey(poId, line.lineNo)) ?? 0,
    invoiced: invoiced.get(line.lineNo) ?? 0,
  }));
}

function orderStatus(facts: PurchaseFacts, poId: string, lines: readonly PoStatusLine[]): PurchaseOrderStatus {
  if (!lines.some((line) => line.received > 0)) return 'ordered';
  if (!lines.every((line) => line.received >= line.ordered)) return 'partially_received';
  if (!lines.every((line) => line.invoiced >= line.ordered)) return 'received';
  const invoices = facts.invoicesByPo.get(poId) ?? [];
  return invoices.length > 0 && invoices.every(isPaid) ? 'closed' : 'invoiced';
}
