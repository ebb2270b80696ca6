import type { ErpTableName } from './erp-tables.ts';

/** How a CSV field is read and stored. */
export type ValueKind =
  | { type: 'text'; optional?: boolean }
  /** A whole number (quantities, days); `10.000` is read as 10, `2.5` is refused. */
  | { type: 'integer'; min?: number; optional?: boolean }
  /** A decimal amount with `.` and at most two decimals, stored as integer cents. */
  | { type: 'money'; min?: number }
  | { type: 'date'; optional?: boolean }
  /** One of the values, matched without regard to case and stored as written here. */
  | { type: 'enum'; values: readonly string[] };

export interface ColumnSpec {
  /** The header name in the CSV file. */
  csv: string;
  /** The column in the table (money columns end in `_cents`). */
  column: string;
  kind: ValueKind;
  /** What the column means, for the schema the erp-query agent's model sees. */
  description: string;
}

/** A column (or columns) that must name an existing row of another table. */
export interface ReferenceSpec {
  columns: readonly string[];
  table: ErpTableName;
  targetColumns: readonly string[];
  /** Only rows whose `column` equals `equals` (payments: customers or suppliers by party type). */
  when?: { column: string; equals: string };
}

export interface ErpFileSpec {
  file: string;
  table: ErpTableName;
  description: string;
  columns: readonly ColumnSpec[];
  /** The primary key, as table columns. */
  key: readonly string[];
  /**
   * Lines that the CSV does not number: `line_no` is the line's position among the lines of its parent
   * in the file, and on import the lines of a parent present in the file replace that parent's lines.
   */
  numberedWithin?: string;
  /** More column sets that must be unique (null values excepted). */
  unique?: ReadonlyArray<readonly string[]>;
  references: readonly ReferenceSpec[];
}

const text = (optional = false): ValueKind => ({ type: 'text', optional });
const integer = (min?: number, optional = false): ValueKind => ({ type: 'integer', ...(min === undefined ? {} : { min }), optional });
const money = (min?: number): ValueKind => ({ type: 'money', ...(min === undefined ? {} : { min }) });
const date = (optional = false): ValueKind => ({ type: 'date', optional });

export const partyTypes = ['customer', 'supplier'] as const;
export const accountTypes = ['asset', 'liability', 'equity', 'revenue', 'expense'] as const;

/**
 * The files `nova erp import` reads, in the order a reader would explain them, each with its table,
 * columns, key and references. The import, the demo company and the schema shown to the erp-query
 * agent are all driven by this one list.
 */
export const erpFiles: readonly ErpFileSpec[] = [
  {
    file: 'customers.csv',
    table: 'erp_customers',
    description: 'Customers (who buy from us).',
    columns: [
      { csv: 'id', column: 'id', kind: text(), description: 'customer id' },
      { csv: 'name', column: 'name', kind: text(), description: 'company name' },
      { csv: 'email', column: 'email', kind: text(true), description: 'contact email, may be null' },
      { csv: 'country', column: 'country', kind: text(true), description: 'country (ISO code or name), may be null' },
      { csv: 'payment_terms_days', column: 'payment_terms_days', kind: integer(0), description: 'days from invoice to due date' },
      { csv: 'credit_limit', column: 'credit_limit_cents', kind: money(0), description: 'credit limit in cents' },
    ],
    key: ['id'],
    references: [],
  },
  {
    file: 'suppliers.csv',
    table: 'erp_suppliers',
    description: 'Suppliers, also called vendors (who sell to us).',
    columns: [
      { csv: 'id', column: 'id', kind: text(), description: 'supplier id' },
      { csv: 'name', column: 'name', kind: text(), description: 'company name' },
      { csv: 'email', column: 'email', kind: text(true), description: 'contact email, may be null' },
      { csv: 'country', column: 'country', kind: text(true), description: 'country (ISO code or name), may be null' },
      { csv: 'payment_terms_days', column: 'payment_terms_days', kind: integer(0), description: 'days from invoice to due date' },
    ],
    key: ['id'],
    references: [],
  },
  {
    file: 'items.csv',
    table: 'erp_items',
    description: 'Items (products and materials) with their reorder parameters.',
    columns: [
      { csv: 'sku', column: 'sku', kind: text(), description: 'item id' },
      { csv: 'name', column: 'name', kind: text(), description: 'item name' },
      { csv: 'uom', column: 'uom', kind: text(), description: 'unit of measure' },
      { csv: 'unit_cost', column: 'unit_cost_cents', kind: money(0), description: 'purchase cost per unit in cents' },
      { csv: 'unit_price', column: 'unit_price_cents', kind: money(0), description: 'sales price per unit in cents' },
      { csv: 'reorder_point', column: 'reorder_point', kind: integer(0), description: 'reorder when available stock is at or below this' },
      { csv: 'reorder_qty', column: 'reorder_qty', kind: integer(0), description: 'usual order quantity' },
      { csv: 'lead_time_days', column: 'lead_time_days', kind: integer(0), description: 'days from order to delivery' },
    ],
    key: ['sku'],
    references: [],
  },
  {
    file: 'stock.csv',
    table: 'erp_stock',
    description: 'Stock per item and warehouse.',
    columns: [
      { csv: 'sku', column: 'sku', kind: text(), description: 'item (erp_items.sku)' },
      { csv: 'warehouse', column: 'warehouse', kind: text(), description: 'warehouse code' },
      { csv: 'on_hand', column: 'on_hand', kind: integer(), description: 'units on hand' },
      { csv: 'reserved', column: 'reserved', kind: integer(0), description: 'units reserved for orders' },
      { csv: 'on_order', column: 'on_order', kind: integer(0), description: 'units ordered from suppliers, not yet received' },
    ],
    key: ['sku', 'warehouse'],
    references: [{ columns: ['sku'], table: 'erp_items', targetColumns: ['sku'] }],
  },
  {
    file: 'purchase_orders.csv',
    table: 'erp_purchase_orders',
    description: 'Purchase orders (POs) to suppliers.',
    columns: [
      { csv: 'id', column: 'id', kind: text(), description: 'PO id' },
      { csv: 'supplier_id', column: 'supplier_id', kind: text(), description: 'supplier (erp_suppliers.id)' },
      { csv: 'order_date', column: 'order_date', kind: date(), description: 'date ordered' },
      { csv: 'expected_date', column: 'expected_date', kind: date(true), description: 'expected delivery date, may be null' },
      { csv: 'status', column: 'status', kind: text(), description: "the ERP's own status text" },
    ],
    key: ['id'],
    references: [{ columns: ['supplier_id'], table: 'erp_suppliers', targetColumns: ['id'] }],
  },
  {
    file: 'po_lines.csv',
    table: 'erp_po_lines',
    description: 'Lines of purchase orders.',
    columns: [
      { csv: 'po_id', column: 'po_id', kind: text(), description: 'PO (erp_purchase_orders.id)' },
      { csv: 'line_no', column: 'line_no', kind: integer(1), description: 'line number within the PO' },
      { csv: 'sku', column: 'sku', kind: text(), description: 'item (erp_items.sku)' },
      { csv: 'qty', column: 'qty', kind: integer(0), description: 'units ordered' },
      { csv: 'unit_price', column: 'unit_price_cents', kind: money(0), description: 'agreed price per unit in cents' },
    ],
    key: ['po_id', 'line_no'],
    references: [
      { columns: ['po_id'], table: 'erp_purchase_orders', targetColumns: ['id'] },
      { columns: ['sku'], table: 'erp_items', targetColumns: ['sku'] },
    ],
  },
  {
    file: 'goods_receipts.csv',
    table: 'erp_goods_receipts',
    description: 'Goods received against PO lines.',
    columns: [
      { csv: 'id', column: 'id', kind: text(), description: 'receipt id' },
      { csv: 'po_id', column: 'po_id', kind: text(), description: 'PO (erp_purchase_orders.id)' },
      { csv: 'line_no', column: 'line_no', kind: integer(1), description: 'PO line (erp_po_lines.line_no)' },
      { csv: 'received_date', column: 'received_date', kind: date(), description: 'date received' },
      { csv: 'qty_received', column: 'qty_received', kind: integer(), description: 'units received (negative for a return)' },
    ],
    key: ['id'],
    references: [
      { columns: ['po_id'], table: 'erp_purchase_orders', targetColumns: ['id'] },
      { columns: ['po_id', 'line_no'], table: 'erp_po_lines', targetColumns: ['po_id', 'line_no'] },
    ],
  },
  {
    file: 'supplier_invoices.csv',
    table: 'erp_supplier_invoices',
    description: 'Invoices received from suppliers (accounts payable).',
    columns: [
      { csv: 'id', column: 'id', kind: text(), description: 'our id of the invoice' },
      { csv: 'supplier_id', column: 'supplier_id', kind: text(), description: 'supplier (erp_suppliers.id)' },
      { csv: 'vendor_invoice_no', column: 'vendor_invoice_no', kind: text(), description: "the supplier's invoice number" },
      { csv: 'po_id', column: 'po_id', kind: text(true), description: 'PO (erp_purchase_orders.id), null for an invoice without PO' },
      { csv: 'invoice_date', column: 'invoice_date', kind: date(), description: 'invoice date' },
      { csv: 'due_date', column: 'due_date', kind: date(), description: 'due date' },
      { csv: 'status', column: 'status', kind: text(), description: "the ERP's own status text (e.g. open, paid)" },
    ],
    key: ['id'],
    references: [
      { columns: ['supplier_id'], table: 'erp_suppliers', targetColumns: ['id'] },
      { columns: ['po_id'], table: 'erp_purchase_orders', targetColumns: ['id'] },
    ],
  },
  {
    file: 'supplier_invoice_lines.csv',
    table: 'erp_supplier_invoice_lines',
    description: 'Lines of supplier invoices; line_no is the line position within its invoice.',
    columns: [
      { csv: 'invoice_id', column: 'invoice_id', kind: text(), description: 'invoice (erp_supplier_invoices.id)' },
      { csv: 'po_line_no', column: 'po_line_no', kind: integer(1, true), description: "the PO line billed (erp_po_lines.line_no of the invoice's PO), may be null" },
      { csv: 'sku', column: 'sku', kind: text(), description: 'item (erp_items.sku)' },
      { csv: 'qty', column: 'qty', kind: integer(), description: 'units billed' },
      { csv: 'unit_price', column: 'unit_price_cents', kind: money(0), description: 'billed price per unit in cents' },
    ],
    key: ['invoice_id', 'line_no'],
    numberedWithin: 'invoice_id',
    unique: [['invoice_id', 'po_line_no']],
    references: [
      { columns: ['invoice_id'], table: 'erp_supplier_invoices', targetColumns: ['id'] },
      { columns: ['sku'], table: 'erp_items', targetColumns: ['sku'] },
    ],
  },
  {
    file: 'sales_orders.csv',
    table: 'erp_sales_orders',
    description: 'Sales orders from customers.',
    columns: [
      { csv: 'id', column: 'id', kind: text(), description: 'sales order id' },
      { csv: 'customer_id', column: 'customer_id', kind: text(), description: 'customer (erp_customers.id)' },
      { csv: 'order_date', column: 'order_date', kind: date(), description: 'date ordered' },
      { csv: 'promised_date', column: 'promised_date', kind: date(true), description: 'delivery date promised, may be null' },
      { csv: 'status', column: 'status', kind: text(), description: "the ERP's own status text (e.g. open, shipped, invoiced)" },
      { csv: 'total', column: 'total_cents', kind: money(), description: 'order total in cents' },
    ],
    key: ['id'],
    references: [{ columns: ['customer_id'], table: 'erp_customers', targetColumns: ['id'] }],
  },
  {
    file: 'customer_invoices.csv',
    table: 'erp_customer_invoices',
    description: 'Invoices sent to customers (accounts receivable).',
    columns: [
      { csv: 'id', column: 'id', kind: text(), description: 'invoice id' },
      { csv: 'customer_id', column: 'customer_id', kind: text(), description: 'customer (erp_customers.id)' },
      { csv: 'sales_order_id', column: 'sales_order_id', kind: text(true), description: 'sales order (erp_sales_orders.id), may be null' },
      { csv: 'invoice_date', column: 'invoice_date', kind: date(), description: 'invoice date' },
      { csv: 'due_date', column: 'due_date', kind: date(), description: 'due date' },
      { csv: 'total', column: 'total_cents', kind: money(), description: 'invoice total in cents (negative for a credit note)' },
    ],
    key: ['id'],
    references: [
      { columns: ['customer_id'], table: 'erp_customers', targetColumns: ['id'] },
      { columns: ['sales_order_id'], table: 'erp_sales_orders', targetColumns: ['id'] },
    ],
  },
  {
    file: 'payments.csv',
    table: 'erp_payments',
    description: 'Payments received from customers and made to suppliers.',
    columns: [
      { csv: 'id', column: 'id', kind: text(), description: 'payment id' },
      { csv: 'party_type', column: 'party_type', kind: { type: 'enum', values: partyTypes }, description: "'customer' (money in) or 'supplier' (money out)" },
      { csv: 'party_id', column: 'party_id', kind: text(), description: 'erp_customers.id or erp_suppliers.id, by party_type' },
      { csv: 'date', column: 'date', kind: date(), description: 'payment date' },
      { csv: 'amount', column: 'amount_cents', kind: money(), description: 'amount in cents' },
      { csv: 'invoice_id', column: 'invoice_id', kind: text(true), description: 'invoice paid (erp_customer_invoices.id or erp_supplier_invoices.id, by party_type), null if unallocated' },
      { csv: 'reference', column: 'reference', kind: text(true), description: 'payment reference, may be null' },
    ],
    key: ['id'],
    references: [
      { columns: ['party_id'], table: 'erp_customers', targetColumns: ['id'], when: { column: 'party_type', equals: 'customer' } },
      { columns: ['party_id'], table: 'erp_suppliers', targetColumns: ['id'], when: { column: 'party_type', equals: 'supplier' } },
      { columns: ['invoice_id'], table: 'erp_customer_invoices', targetColumns: ['id'], when: { column: 'party_type', equals: 'customer' } },
      { columns: ['invoice_id'], table: 'erp_supplier_invoices', targetColumns: ['id'], when: { column: 'party_type', equals: 'supplier' } },
    ],
  },
  {
    file: 'gl_accounts.csv',
    table: 'erp_gl_accounts',
    description: 'General ledger accounts (chart of accounts).',
    columns: [
      { csv: 'code', column: 'code', kind: text(), description: 'account code' },
      { csv: 'name', column: 'name', kind: text(), description: 'account name' },
      { csv: 'type', column: 'type', kind: { type: 'enum', values: accountTypes }, description: 'asset, liability, equity, revenue or expense' },
    ],
    key: ['code'],
    references: [],
  },
  {
    file: 'journal_lines.csv',
    table: 'erp_journal_lines',
    description: 'General ledger journal lines; line_no is the line position within its entry.',
    columns: [
      { csv: 'entry_id', column: 'entry_id', kind: text(), description: 'journal entry id' },
      { csv: 'date', column: 'date', kind: date(), description: 'posting date' },
      { csv: 'account_code', column: 'account_code', kind: text(), description: 'account (erp_gl_accounts.code)' },
      { csv: 'debit', column: 'debit_cents', kind: money(0), description: 'debit in cents' },
      { csv: 'credit', column: 'credit_cents', kind: money(0), description: 'credit in cents' },
      { csv: 'memo', column: 'memo', kind: text(true), description: 'memo, may be null' },
      { csv: 'reference', column: 'reference', kind: text(true), description: 'reference (e.g. payment or invoice id), may be null' },
    ],
    key: ['entry_id', 'line_no'],
    numberedWithin: 'entry_id',
    references: [{ columns: ['account_code'], table: 'erp_gl_accounts', targetColumns: ['code'] }],
  },
  {
    file: 'bank_transactions.csv',
    table: 'erp_bank_transactions',
    description: 'Bank statement lines.',
    columns: [
      { csv: 'id', column: 'id', kind: text(), description: 'bank transaction id' },
      { csv: 'account_code', column: 'account_code', kind: text(), description: "the bank's GL account (erp_gl_accounts.code)" },
      { csv: 'date', column: 'date', kind: date(), description: 'booking date' },
      { csv: 'amount', column: 'amount_cents', kind: money(), description: 'amount in cents, positive money in, negative money out' },
      { csv: 'memo', column: 'memo', kind: text(true), description: 'statement text, may be null' },
      { csv: 'reference', column: 'reference', kind: text(true), description: 'reference, may be null' },
    ],
    key: ['id'],
    references: [{ columns: ['account_code'], table: 'erp_gl_accounts', targetColumns: ['code'] }],
  },
];

/** The spec of a file by its name (exact, or ignoring case as exports from other systems vary). */
export function fileSpecByName(name: string): ErpFileSpec | undefined {
  return erpFiles.find((spec) => spec.file === name) ?? erpFiles.find((spec) => spec.file.toLowerCase() === name.toLowerCase());
}

export function fileSpecByTable(table: ErpTableName): ErpFileSpec {
  const spec = erpFiles.find((candidate) => candidate.table === table);
  if (spec === undefined) throw new RangeError(`No ERP file spec for table ${table}`);
  return spec;
}

/** The columns of a table as stored, including `line_no` of numbered lines. */
export function tableColumns(spec: ErpFileSpec): string[] {
  const columns = spec.columns.map((column) => column.column);
  return spec.numberedWithin === undefined ? columns : [...columns.slice(0, 1), 'line_no', ...columns.slice(1)];
}
