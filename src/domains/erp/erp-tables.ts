import type { ColumnType, Kysely } from 'kysely';

/**
 * Money in integer minor units (cents). The columns are `bigint`: PostgreSQL's driver returns them as
 * strings, SQLite as numbers, so reads go through `toInteger` (see money.ts) and never do arithmetic
 * on the raw value.
 */
export type CentsColumn = ColumnType<number | string, number, number>;

/** Dates are ISO `YYYY-MM-DD` text in both dialects (they sort and compare as text). */
export type DateColumn = string;

export type ErpCustomersTable = {
  id: string;
  name: string;
  email: string | null;
  country: string | null;
  payment_terms_days: number;
  credit_limit_cents: CentsColumn;
};

export type ErpSuppliersTable = {
  id: string;
  name: string;
  email: string | null;
  country: string | null;
  payment_terms_days: number;
};

export type ErpItemsTable = {
  sku: string;
  name: string;
  uom: string;
  unit_cost_cents: CentsColumn;
  unit_price_cents: CentsColumn;
  reorder_point: number;
  reorder_qty: number;
  lead_time_days: number;
};

export type ErpStockTable = {
  sku: string;
  warehouse: string;
  on_hand: number;
  reserved: number;
  on_order: number;
};

export type ErpPurchaseOrdersTable = {
  id: string;
  supplier_id: string;
  order_date: DateColumn;
  expected_date: DateColumn | null;
  status: string;
};

export type ErpPoLinesTable = {
  po_id: string;
  line_no: number;
  sku: string;
  qty: number;
  unit_price_cents: CentsColumn;
};

export type ErpGoodsReceiptsTable = {
  id: string;
  po_id: string;
  line_no: number;
  received_date: DateColumn;
  qty_received: number;
};

export type ErpSupplierInvoicesTable = {
  id: string;
  supplier_id: string;
  vendor_invoice_no: string;
  po_id: string | null;
  invoice_date: DateColumn;
  due_date: DateColumn;
  status: string;
};

export type ErpSupplierInvoiceLinesTable = {
  invoice_id: string;
  /** The line's position among the invoice's lines in the imported file (1-based); not in the CSV. */
  line_no: number;
  po_line_no: number | null;
  sku: string;
  qty: number;
  unit_price_cents: CentsColumn;
};

export type ErpSalesOrdersTable = {
  id: string;
  customer_id: string;
  order_date: DateColumn;
  promised_date: DateColumn | null;
  status: string;
  total_cents: CentsColumn;
};

export type ErpCustomerInvoicesTable = {
  id: string;
  customer_id: string;
  sales_order_id: string | null;
  invoice_date: DateColumn;
  due_date: DateColumn;
  total_cents: CentsColumn;
};

export type ErpPaymentsTable = {
  id: string;
  party_type: string;
  party_id: string;
  date: DateColumn;
  amount_cents: CentsColumn;
  invoice_id: string | null;
  reference: string | null;
};

export type ErpGlAccountsTable = {
  code: string;
  name: string;
  type: string;
};

export type ErpJournalLinesTable = {
  entry_id: string;
  /** The line's position among the entry's lines in the imported file (1-based); not in the CSV. */
  line_no: number;
  date: DateColumn;
  account_code: string;
  debit_cents: CentsColumn;
  credit_cents: CentsColumn;
  memo: string | null;
  reference: string | null;
};

export type ErpBankTransactionsTable = {
  id: string;
  account_code: string;
  date: DateColumn;
  amount_cents: CentsColumn;
  memo: string | null;
  reference: string | null;
};

/** The ERP tables of Nova's store (migration 0002), for `store.db.withTables<ErpTables>()`. Type aliases, not interfaces: Kysely wants them indexable. */
export type ErpTables = {
  erp_customers: ErpCustomersTable;
  erp_suppliers: ErpSuppliersTable;
  erp_items: ErpItemsTable;
  erp_stock: ErpStockTable;
  erp_purchase_orders: ErpPurchaseOrdersTable;
  erp_po_lines: ErpPoLinesTable;
  erp_goods_receipts: ErpGoodsReceiptsTable;
  erp_supplier_invoices: ErpSupplierInvoicesTable;
  erp_supplier_invoice_lines: ErpSupplierInvoiceLinesTable;
  erp_sales_orders: ErpSalesOrdersTable;
  erp_customer_invoices: ErpCustomerInvoicesTable;
  erp_payments: ErpPaymentsTable;
  erp_gl_accounts: ErpGlAccountsTable;
  erp_journal_lines: ErpJournalLinesTable;
  erp_bank_transactions: ErpBankTransactionsTable;
};

export type ErpTableName = keyof ErpTables;

/** A Kysely handle that knows the ERP tables (and whatever else the caller's handle knows). */
export type ErpDatabase = Kysely<ErpTables>;
