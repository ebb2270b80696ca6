import type { Kysely } from 'kysely';
import type { Migration } from '../migrations.ts';

type ColumnType = 'text' | 'integer' | 'bigint';
/** name, type, nullable ('?' after the type) */
type ColumnDefinition = readonly [name: string, type: `${ColumnType}` | `${ColumnType}?`];

/**
 * The ERP store (src/domains/erp): the tables `nova erp import` fills from CSV exports. Money is integer
 * cents in `bigint` columns, dates ISO text, as everywhere in the store. References between the tables
 * are checked by the importer, the only writer, which reports each broken one with its file, line and
 * column; the database keeps the keys and the indexes the agents query by.
 *
 * Written out column by column (not generated from the domain's catalogue) so that this migration never
 * changes once released.
 */
export const erpTables: Migration = {
  version: 2,
  name: 'erp tables',
  async up(db) {
    await table(db, 'erp_customers', ['id'], [
      ['id', 'text'], ['name', 'text'], ['email', 'text?'], ['country', 'text?'], ['payment_terms_days', 'integer'], ['credit_limit_cents', 'bigint'],
    ]);
    await table(db, 'erp_suppliers', ['id'], [['id', 'text'], ['name', 'text'], ['email', 'text?'], ['country', 'text?'], ['payment_terms_days', 'integer']]);
    await table(db, 'erp_items', ['sku'], [
      ['sku', 'text'], ['name', 'text'], ['uom', 'text'], ['unit_cost_cents', 'bigint'], ['unit_price_cents', 'bigint'],
      ['reorder_point', 'integer'], ['reorder_qty', 'integer'], ['lead_time_days', 'integer'],
    ]);
    await table(db, 'erp_stock', ['sku', 'warehouse'], [['sku', 'text'], ['warehouse', 'text'], ['on_hand', 'integer'], ['reserved', 'integer'], ['on_order', 'integer']]);
    await table(db, 'erp_purchase_orders', ['id'], [['id', 'text'], ['supplier_id', 'text'], ['order_date', 'text'], ['expected_date', 'text?'], ['status', 'text']]);
    await index(db, 'erp_purchase_orders', ['supplier_id']);
    await table(db, 'erp_po_lines', ['po_id', 'line_no'], [['po_id', 'text'], ['line_no', 'integer'], ['sku', 'text'], ['qty', 'integer'], ['unit_price_cents', 'bigint']]);
    await index(db, 'erp_po_lines', ['sku']);
    await table(db, 'erp_goods_receipts', ['id'], [['id', 'text'], ['po_id', 'text'], ['line_no', 'integer'], ['received_date', 'text'], ['qty_received', 'integer']]);
    await index(db, 'erp_goods_receipts', ['po_id', 'line_no']);
    await table(db, 'erp_supplier_invoices', ['id'], [
      ['id', 'text'], ['supplier_id', 'text'], ['vendor_invoice_no', 'text'], ['po_id', 'text?'], ['invoice_date', 'text'], ['due_date', 'text'], ['status', 'text'],
    ]);
    await index(db, 'erp_supplier_invoices', ['po_id']);
    await index(db, 'erp_supplier_invoices', ['supplier_id']);
    await table(db, 'erp_supplier_invoice_lines', ['invoice_id', 'line_no'], [
      ['invoice_id', 'text'], ['line_no', 'integer'], ['po_line_no', 'integer?'], ['sku', 'text'], ['qty', 'integer'], ['unit_price_cents', 'bigint'],
    ]);
    await table(db, 'erp_sales_orders', ['id'], [
      ['id', 'text'], ['customer_id', 'text'], ['order_date', 'text'], ['promised_date', 'text?'], ['status', 'text'], ['total_cents', 'bigint'],
    ]);
    await index(db, 'erp_sales_orders', ['customer_id']);
    await table(db, 'erp_customer_invoices', ['id'], [
      ['id', 'text'], ['customer_id', 'text'], ['sales_order_id', 'text?'], ['invoice_date', 'text'], ['due_date', 'text'], ['total_cents', 'bigint'],
    ]);
    await index(db, 'erp_customer_invoices', ['customer_id']);
    await table(db, 'erp_payments', ['id'], [
      ['id', 'text'], ['party_type', 'text'], ['party_id', 'text'], ['date', 'text'], ['amount_cents', 'bigint'], ['invoice_id', 'text?'], ['reference', 'text?'],
    ]);
    await index(db, 'erp_payments', ['invoice_id']);
    await index(db, 'erp_payments', ['party_type', 'party_id']);
    await table(db, 'erp_gl_accounts', ['code'], [['code', 'text'], ['name', 'text'], ['type', 'text']]);
    await table(db, 'erp_journal_lines', ['entry_id', 'line_no'], [
      ['entry_id', 'text'], ['line_no', 'integer'], ['date', 'text'], ['account_code', 'text'], ['debit_cents', 'bigint'], ['credit_cents', 'bigint'], ['memo', 'text?'], ['reference', 'text?'],
    ]);
    await index(db, 'erp_journal_lines', ['account_code', 'date']);
    await table(db, 'erp_bank_transactions', ['id'], [
      ['id', 'text'], ['account_code', 'text'], ['date', 'text'], ['amount_cents', 'bigint'], ['memo', 'text?'], ['reference', 'text?'],
    ]);
    await index(db, 'erp_bank_transactions', ['account_code', 'date']);
  },
};

async function table(db: Kysely<unknown>, name: string, key: readonly string[], columns: readonly ColumnDefinition[]): Promise<void> {
  let builder = db.schema.createTable(name);
  for (const [column, type] of columns) {
    const nullable = type.endsWith('?');
    const dataType = type.replace('?', '') as ColumnType;
    builder = builder.addColumn(column, dataType, (definition) => (nullable ? definition : definition.notNull()));
  }
  // The builder types its column names from literal addColumn calls; these come from a list.
  await builder.addPrimaryKeyConstraint(`${name}_pk`, key as never[]).execute();
}

async function index(db: Kysely<unknown>, tableName: string, columns: readonly string[]): Promise<void> {
  await db.schema.createIndex(`${tableName}_${columns.join('_')}`).on(tableName).columns(columns as string[]).execute();
}
