import { inChunks } from './erp-lookup.ts';
import type { ErpDatabase } from './erp-tables.ts';
import { toInteger } from './money.ts';

export interface PurchaseOrder {
  id: string;
  supplierId: string;
  orderDate: string;
  expectedDate: string | null;
  status: string;
}

export interface PurchaseOrderLine {
  poId: string;
  lineNo: number;
  sku: string;
  qty: number;
  unitPriceCents: number;
}

export interface SupplierInvoiceLine {
  lineNo: number;
  poLineNo: number | null;
  sku: string;
  qty: number;
  unitPriceCents: number;
}

export interface SupplierInvoice {
  id: string;
  supplierId: string;
  vendorInvoiceNo: string;
  poId: string | null;
  invoiceDate: string;
  dueDate: string;
  status: string;
  lines: SupplierInvoiceLine[];
  /** Sum of qty x unit price of its lines. */
  totalCents: number;
  /** Payments allocated to it, up to the as-of date. */
  paidCents: number;
}

/** What is known about some purchase orders as of a date: their lines, receipts, invoices and payments. */
export interface PurchaseFacts {
  orders: Map<string, PurchaseOrder>;
  lines: Map<string, PurchaseOrderLine[]>;
  /** Received quantity by `poLineKey`. */
  received: Map<string, number>;
  /** Invoices of these POs dated up to the as-of date, oldest first (date, then id). */
  invoicesByPo: Map<string, SupplierInvoice[]>;
}

export function poLineKey(poId: string, lineNo: number): string {
  return `${poId}\u0000${lineNo}`;
}

/** Loads the facts of the given purchase orders, counting only what happened on or before `asOf`. */
export async function loadPurchaseFacts(db: ErpDatabase, poIds: readonly string[], asOf: string): Promise<PurchaseFacts> {
  const orderRows = await inChunks(poIds, (chunk) => db.selectFrom('erp_purchase_orders').selectAll().where('id', 'in', chunk).execute());
  const lineRows = await inChunks(poIds, (chunk) => db.selectFrom('erp_po_lines').selectAll().where('po_id', 'in', chunk).orderBy('po_id').orderBy('line_no').execute());
  const receiptRows = await inChunks(poIds, (chunk) =>
    db.selectFrom('erp_goods_receipts').select(['po_id', 'line_no', 'qty_received']).where('po_id', 'in', chunk).where('received_date', '<=', asOf).execute(),
  );
  const invoiceRows = await inChunks(poIds, (chunk) => db.selectFrom('erp_supplier_invoices').selectAll().where('po_id', 'in', chunk).where('invoice_date', '<=', asOf).execute());
  const invoices = await loadSupplierInvoices(db, invoiceRows, asOf);

  const orders = new Map(orderRows.map((row) => [row.id, { id: row.id, supplierId: row.supplier_id, orderDate: row.order_date, expectedDate: row.expected_date, status: row.status }]));
  const lines = new Map<string, PurchaseOrderLine[]>();
  for (const row of lineRows) {
    const list = lines.get(row.po_id) ?? [];
    list.push({ poId: row.po_id, lineNo: toInteger(row.line_no), sku: row.sku, qty: toInteger(row.qty), unitPriceCents: toInteger(row.unit_price_cents) });
    lines.set(row.po_id, list);
  }
  const received = new Map<string, number>();
  for (const row of receiptRows) {
    const key = poLineKey(row.po_id, toInteger(row.line_no));
    received.set(key, (received.get(key) ?? 0) + toInteger(row.qty_received));
  }
  const invoicesByPo = new Map<string, SupplierInvoice[]>();
  for (const invoice of invoices) {
    const list = invoicesByPo.get(invoice.poId!) ?? [];
    list.push(invoice);
    invoicesByPo.set(invoice.poId!, list);
  }
  return { orders, lines, received, invoicesByPo };
}

type InvoiceRow = { id: string; supplier_id: string; vendor_invoice_no: string; po_id: string | null; invoice_date: string; due_date: string; status: string };

/** Supplier invoices with their lines, totals and payments up to `asOf`, oldest first. */
export async function loadSupplierInvoices(db: ErpDatabase, invoiceRows: readonly InvoiceRow[], asOf: string): Promise<SupplierInvoice[]> {
  const ids = invoiceRows.map((row) => row.id);
  const lineRows = await inChunks(ids, (chunk) => db.selectFrom('erp_supplier_invoice_lines').selectAll().where('invoice_id', 'in', chunk).orderBy('invoice_id').orderBy('line_no').execute());
  const paymentRows = await inChunks(ids, (chunk) =>
    db
      .selectFrom('erp_payments')
      .select(['invoice_id', 'amount_cents'])
      .where('party_type', '=', 'supplier')
      .where('invoice_id', 'in', chunk)
      .where('date', '<=', asOf)
      .execute(),
  );
  const linesByInvoice = new Map<string, SupplierInvoiceLine[]>();
  for (const row of lineRows) {
    const list = linesByInvoice.get(row.invoice_id) ?? [];
    list.push({ lineNo: toInteger(row.line_no), poLineNo: row.po_line_no === null ? null : toInteger(row.po_line_no), sku: row.sku, qty: toInteger(row.qty), unitPriceCents: toInteger(row.unit_price_cents) });
    linesByInvoice.set(row.invoice_id, list);
  }
  const paid = new Map<string, number>();
  for (const row of paymentRows) paid.set(row.invoice_id!, (paid.get(row.invoice_id!) ?? 0) + toInteger(row.amount_cents));
  return invoiceRows
    .map((row) => {
      const lines = linesByInvoice.get(row.id) ?? [];
      return {
        id: row.id,
        supplierId: row.supplier_id,
        vendorInvoiceNo: row.vendor_invoice_no,
        poId: row.po_id,
        invoiceDate: row.invoice_date,
        dueDate: row.due_date,
        status: row.status,
        lines,
        totalCents: lines.reduce((sum, line) => sum + line.qty * line.unitPriceCents, 0),
        paidCents: paid.get(row.id) ?? 0,
      };
    })
    .sort((left, right) => left.invoiceDate.localeCompare(right.invoiceDate) || left.id.localeCompare(right.id));
}

/**
 * The PO line an invoice line bills: the one it names, or else the first line of the PO with the same
 * item (invoices often carry only the item).
 */
export function poLineOf(invoiceLine: SupplierInvoiceLine, poLines: readonly PurchaseOrderLine[]): PurchaseOrderLine | undefined {
  if (invoiceLine.poLineNo !== null) return poLines.find((line) => line.lineNo === invoiceLine.poLineNo);
  return poLines.find((line) => line.sku === invoiceLine.sku);
}

/** Paid: the allocated payments cover the total, or the ERP itself says so. */
export function isPaid(invoice: SupplierInvoice): boolean {
  return invoice.paidCents >= invoice.totalCents || invoice.status.trim().toLowerCase() === 'paid';
}
