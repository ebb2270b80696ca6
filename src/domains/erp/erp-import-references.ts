import { erpFiles, fileSpecByTable, type ErpFileSpec, type ReferenceSpec } from './erp-catalogue.ts';
import { keyOf, type CellValue, type ErpRow, type ImportIssue } from './erp-import-rows.ts';
import type { ErpTableName } from './erp-tables.ts';

/** Where a row of the merged state comes from: a line of an imported file, or the store. */
export type RowOrigin = { file: string; line: number; fieldIndex: ReadonlyMap<string, number>; invalid: ReadonlySet<string> } | null;

export interface StateRow {
  values: ErpRow;
  origin: RowOrigin;
}

/** Every ERP table as it will be after the import: key -> row. */
export type ErpState = ReadonlyMap<ErpTableName, ReadonlyMap<string, StateRow>>;

/** The key of a row in its table's map. */
export function rowKey(spec: ErpFileSpec, values: ErpRow): string {
  return keyOf(spec.key.map((column) => values[column] ?? null));
}

/**
 * Checks that every reference of every row resolves in the state the import would leave: to a row of
 * the same import (any file) or one kept in the store. Rows of the store are checked too, because the
 * import may remove or change what they refer to (`--replace`, or new lines for an invoice).
 */
export function checkReferences(state: ErpState, changedTables: ReadonlySet<ErpTableName>): ImportIssue[] {
  const issues: ImportIssue[] = [];
  for (const spec of erpFiles) {
    const rows = state.get(spec.table)!;
    // A store row can only break through a table this import changes.
    const storeRowsAtRisk = spec.references.some((reference) => changedTables.has(reference.table)) || changedTables.has(spec.table) || agreementTables(spec).some((table) => changedTables.has(table));
    for (const row of rows.values()) {
      if (row.origin === null && !storeRowsAtRisk) continue;
      const failedColumns = new Set<string>();
      for (const reference of spec.references) {
        if (reference.columns.some((column) => failedColumns.has(column))) continue;
        const problem = checkReference(state, row, reference);
        if (problem === null) continue;
        reference.columns.forEach((column) => failedColumns.add(column));
        issues.push(issueAt(spec, row, reference.columns.at(-1)!, problem));
      }
      for (const problem of checkAgreement(state, spec, row, failedColumns)) issues.push(issueAt(spec, row, problem.column, problem.message));
    }
  }
  return issues;
}

function checkReference(state: ErpState, row: StateRow, reference: ReferenceSpec): string | null {
  if (reference.when !== undefined && row.values[reference.when.column] !== reference.when.equals) return null;
  const values = reference.columns.map((column) => row.values[column] ?? null);
  if (values.some((value) => value === null)) return null;
  if (row.origin !== null && reference.columns.some((column) => row.origin!.invalid.has(column))) return null;
  const target = state.get(reference.table)!;
  const targetSpec = fileSpecByTable(reference.table);
  // References name the target's whole key, so they are looked up by it directly.
  if (target.has(keyOf(values))) return null;
  const described = reference.columns.map((column, index) => `${csvName(fileSpecByTable(reference.table), reference.targetColumns[index]!)} "${values[index]}"`).join(', ');
  return `expected a row of ${targetSpec.file} (in this import or already in the store) with ${described}; there is none`;
}

interface Problem {
  column: string;
  message: string;
}

function agreementTables(spec: ErpFileSpec): ErpTableName[] {
  switch (spec.table) {
    case 'erp_supplier_invoice_lines':
      return ['erp_supplier_invoices', 'erp_po_lines'];
    case 'erp_customer_invoices':
      return ['erp_sales_orders'];
    case 'erp_payments':
      return ['erp_customer_invoices', 'erp_supplier_invoices'];
    default:
      return [];
  }
}

/** Facts that involve two rows: an invoice line's PO line, an invoice's sales order, a payment's invoice. */
function checkAgreement(state: ErpState, spec: ErpFileSpec, row: StateRow, failedColumns: ReadonlySet<string>): Problem[] {
  const values = row.values;
  const find = (table: ErpTableName, key: CellValue[]) => state.get(table)!.get(keyOf(key))?.values;
  if (spec.table === 'erp_supplier_invoice_lines' && values['po_line_no'] !== null && values['po_line_no'] !== undefined && !failedColumns.has('invoice_id')) {
    const invoice = find('erp_supplier_invoices', [values['invoice_id'] ?? null]);
    if (invoice === undefined) return [];
    if (invoice['po_id'] === null) return [{ column: 'po_line_no', message: `expected no po_line_no: invoice "${values['invoice_id']}" has no po_id, so it bills no PO line` }];
    if (find('erp_po_lines', [invoice['po_id'] ?? null, values['po_line_no']]) === undefined) {
      return [{ column: 'po_line_no', message: `expected a line of PO "${invoice['po_id']}" (invoice "${values['invoice_id']}" is for that PO), got line ${values['po_line_no']}, which is not in po_lines.csv nor in the store` }];
    }
  }
  if (spec.table === 'erp_customer_invoices' && values['sales_order_id'] !== null && !failedColumns.has('sales_order_id')) {
    const order = find('erp_sales_orders', [values['sales_order_id'] ?? null]);
    if (order !== undefined && order['customer_id'] !== values['customer_id']) {
      return [{ column: 'sales_order_id', message: `expected a sales order of customer "${values['customer_id']}", got "${values['sales_order_id']}", which belongs to customer "${order['customer_id']}"` }];
    }
  }
  if (spec.table === 'erp_payments' && values['invoice_id'] !== null && !failedColumns.has('invoice_id')) {
    const customer = values['party_type'] === 'customer';
    const invoice = find(customer ? 'erp_customer_invoices' : 'erp_supplier_invoices', [values['invoice_id'] ?? null]);
    const owner = invoice?.[customer ? 'customer_id' : 'supplier_id'];
    if (invoice !== undefined && owner !== values['party_id']) {
      return [{ column: 'invoice_id', message: `expected an invoice of ${values['party_type']} "${values['party_id']}", got "${values['invoice_id']}", which belongs to ${values['party_type']} "${owner}"` }];
    }
  }
  return [];
}

function issueAt(spec: ErpFileSpec, row: StateRow, column: string, message: string): ImportIssue {
  const field = csvName(spec, column);
  if (row.origin === null) {
    const key = spec.key.map((keyColumn) => `${keyColumn} "${row.values[keyColumn]}"`).join(', ');
    return { file: `${spec.table} (store)`, line: null, column: null, field, message: `the row with ${key} would break: ${message}` };
  }
  return { file: row.origin.file, line: row.origin.line, column: row.origin.fieldIndex.get(column) ?? null, field, message };
}

function csvName(spec: ErpFileSpec, column: string): string {
  return spec.columns.find((candidate) => candidate.column === column)?.csv ?? column;
}
