import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isNovaError } from '../../src/core/errors.ts';
import { erpFiles } from '../../src/domains/erp/erp-catalogue.ts';
import { erpDatabase } from '../../src/domains/erp/erp-database.ts';
import { formatImportIssue, importErpFiles, type ErpImportFile } from '../../src/domains/erp/erp-import.ts';
import type { ImportIssue } from '../../src/domains/erp/erp-import-rows.ts';
import type { Store } from '../../src/store/store.ts';
import { temporaryStore } from '../support/agents.ts';
import { fixtureFiles, fixtureImportFiles } from './erp-fixture.ts';

/** Row counts of every ERP table, to show that a refused import changed nothing. */
async function counts(store: Store): Promise<Record<string, number>> {
  const db = erpDatabase(store);
  const result: Record<string, number> = {};
  for (const spec of erpFiles) {
    const row = await db.selectFrom(spec.table).select((builder) => builder.fn.countAll<number | string>().as('count')).executeTakeFirstOrThrow();
    result[spec.table] = Number(row.count);
  }
  return result;
}

/** The problems of an import that must be refused, as `file:line:column: field: message`. */
async function refusal(store: Store, files: ErpImportFile[], options: { replace?: boolean } = {}): Promise<string[]> {
  const before = await counts(store);
  try {
    await importErpFiles(store, { files, ...options });
  } catch (error) {
    if (!isNovaError(error)) throw error;
    expect(error).toMatchObject({ code: 'input_invalid', fault: 'user' });
    expect(error.message).toContain('nothing was imported');
    expect(await counts(store)).toEqual(before);
    return (error.detailsOf('input_invalid')!.issues as ImportIssue[]).map(formatImportIssue);
  }
  throw new Error('the import was not refused');
}

const file = (name: string, text: string): ErpImportFile => ({ name, text });
const customersHeader = 'id,name,email,country,payment_terms_days,credit_limit';

describe('nova erp import: the import itself', () => {
  let store: Store;
  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ store, close } = await temporaryStore());
  });
  afterEach(async () => close());

  it('imports every file in one go, and again changes nothing', async () => {
    const first = await importErpFiles(store, { files: fixtureImportFiles() });
    expect(first.tables.map((table) => [table.table, table.rows, table.inserted])).toEqual([
      ['erp_customers', 3, 3],
      ['erp_suppliers', 2, 2],
      ['erp_items', 4, 4],
      ['erp_stock', 4, 4],
      ['erp_purchase_orders', 5, 5],
      ['erp_po_lines', 7, 7],
      ['erp_goods_receipts', 5, 5],
      ['erp_supplier_invoices', 5, 5],
      ['erp_supplier_invoice_lines', 7, 7],
      ['erp_sales_orders', 2, 2],
      ['erp_customer_invoices', 8, 8],
      ['erp_payments', 5, 5],
      ['erp_gl_accounts', 8, 8],
      ['erp_journal_lines', 14, 14],
      ['erp_bank_transactions', 8, 8],
    ]);
    const again = await importErpFiles(store, { files: fixtureImportFiles() });
    expect(again.tables.every((table) => table.inserted === 0 && table.updated === 0 && table.deleted === 0 && table.unchanged === table.rows)).toBe(true);
    const replacedAgain = await importErpFiles(store, { files: fixtureImportFiles(), replace: true });
    expect(replacedAgain.tables.every((table) => table.inserted + table.updated + table.deleted === 0)).toBe(true);
  });

  it('stores money as exact cents, quotes and enums as read', async () => {
    await importErpFiles(store, { files: fixtureImportFiles() });
    const db = erpDatabase(store);
    expect(await db.selectFrom('erp_customers').select(['id', 'name', 'email', 'credit_limit_cents']).orderBy('id').execute()).toEqual([
      { id: 'C1', name: 'Alpha Corp', email: 'ap@alpha.example', credit_limit_cents: 500000 },
      { id: 'C2', name: 'Beta LLC', email: null, credit_limit_cents: 100000 },
      { id: 'C3', name: 'Gamma, Inc.', email: 'gamma@example.com', credit_limit_cents: 0 },
    ]);
    expect(await db.selectFrom('erp_payments').select(['party_type', 'invoice_id']).where('id', '=', 'RC-0004').executeTakeFirst()).toEqual({ party_type: 'customer', invoice_id: null });
    expect(await db.selectFrom('erp_customer_invoices').select('total_cents').where('id', '=', 'CI6').executeTakeFirst()).toEqual({ total_cents: -5000 });
  });

  it('merges by key: changed rows are updated, new ones inserted, the others stay', async () => {
    await importErpFiles(store, { files: fixtureImportFiles() });
    const result = await importErpFiles(store, { files: [file('customers.csv', `${customersHeader}\nC1,Alpha Corporation,ap@alpha.example,DE,30,5000.00\nC4,Delta,,,30,0\n`)] });
    expect(result.tables).toEqual([{ file: 'customers.csv', table: 'erp_customers', rows: 2, inserted: 1, updated: 1, deleted: 0, unchanged: 0 }]);
    expect((await erpDatabase(store).selectFrom('erp_customers').select('id').orderBy('id').execute()).map((row) => row.id)).toEqual(['C1', 'C2', 'C3', 'C4']);
  });

  it('replaces the lines of an entry present in the file, and leaves the other entries', async () => {
    await importErpFiles(store, { files: fixtureImportFiles() });
    const header = 'entry_id,date,account_code,debit,credit,memo,reference';
    const result = await importErpFiles(store, { files: [file('journal_lines.csv', `${header}\nJE1,2026-10-01,1010,400.00,0,Receipt Alpha,RC-0001\n`)] });
    expect(result.tables).toEqual([{ file: 'journal_lines.csv', table: 'erp_journal_lines', rows: 1, inserted: 0, updated: 0, deleted: 1, unchanged: 1 }]);
    expect((await counts(store))['erp_journal_lines']).toBe(13);
  });

  it('--replace empties the table down to the file, when nothing in the store still needs the rows it drops', async () => {
    await importErpFiles(store, { files: fixtureImportFiles() });
    const accounts = fixtureFiles['gl_accounts.csv']!.replace('6410,Taxi and rideshare,expense\n', '');
    const result = await importErpFiles(store, { files: [file('gl_accounts.csv', accounts)], replace: true });
    expect(result.tables).toEqual([{ file: 'gl_accounts.csv', table: 'erp_gl_accounts', rows: 7, inserted: 0, updated: 0, deleted: 1, unchanged: 7 }]);
  });

  it('reads CRLF files with a byte order mark, quoted line breaks, and spreadsheet blank rows', async () => {
    const text = `\uFEFF${customersHeader}\r\nC1,"Alpha\r\nCorp",,DE,30,10\r\n,,,,,\r\n\r\nC2,Beta,,US,x,0\r\n`;
    expect(await refusal(store, [file('customers.csv', text)])).toEqual(['customers.csv:6:5: payment_terms_days: expected a whole number of at least 0, got "x"']);
  });
});

describe('nova erp import: every kind of bad input, located and refused whole', () => {
  let store: Store;
  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ store, close } = await temporaryStore());
  });
  afterEach(async () => close());

  it('a missing column', async () => {
    expect(await refusal(store, [file('customers.csv', 'id,name,email,country,payment_terms_days\nC1,A,,,30\n')])).toEqual([
      'customers.csv:1:6: credit_limit: missing column "credit_limit"; the header must name id,name,email,country,payment_terms_days,credit_limit',
    ]);
  });

  it('an unknown column and a repeated one', async () => {
    expect(await refusal(store, [file('suppliers.csv', 'id,name,email,country,payment_terms_days,phone,NAME\nS1,A,,,30,555,A\n')])).toEqual([
      'suppliers.csv:1:6: unknown column "phone"; suppliers.csv has the columns id,name,email,country,payment_terms_days',
      'suppliers.csv:1:7: column "name" appears twice (first at column 2)',
    ]);
  });

  it('a record with too few or too many fields', async () => {
    expect(await refusal(store, [file('customers.csv', `${customersHeader}\nC1,A,,DE,30,0\nC2,B,,DE,30\nC3,C,,DE,30,0,extra\n`)])).toEqual([
      'customers.csv:3:6: expected 6 fields as in the header, found 5',
      'customers.csv:4:7: expected 6 fields as in the header, found 7',
    ]);
  });

  it('bad amounts: a comma, three decimals, a thousands separator, a negative price', async () => {
    const items = 'sku,name,uom,unit_cost,unit_price,reorder_point,reorder_qty,lead_time_days\nA,a,pcs,12,50,1,1,1,1\nB,b,pcs,1.005,2,1,1,1\nC,c,pcs,"1,000.00",2,1,1,1\nD,d,pcs,-1.00,2,1,1,1\n';
    const expected = 'an amount like 1234.56 (digits, "." as decimal point, at most 2 decimals, no thousands separator, at least 0.00)';
    expect(await refusal(store, [file('items.csv', items)])).toEqual([
      'items.csv:2:9: expected 8 fields as in the header, found 9',
      `items.csv:3:4: unit_cost: expected ${expected}, got "1.005"`,
      `items.csv:4:4: unit_cost: expected ${expected}, got "1,000.00"`,
      `items.csv:5:4: unit_cost: expected ${expected}, got "-1.00"`,
    ]);
  });

  it('bad whole numbers, dates that are malformed or do not exist, a value not in the list, an empty required field', async () => {
    await importErpFiles(store, { files: fixtureImportFiles(['gl_accounts.csv', 'customers.csv', 'suppliers.csv', 'items.csv', 'purchase_orders.csv']) });
    expect(
      await refusal(store, [
        file('po_lines.csv', 'po_id,line_no,sku,qty,unit_price\nP1,1,A,2.5,1.00\nP1,0,A,1,1.00\n'),
        file('sales_orders.csv', 'id,customer_id,order_date,promised_date,status,total\nSO1,C1,2026/10/01,,open,1.00\nSO2,C1,2026-02-30,,open,1.00\nSO3,C1,2026-10-01,,,1.00\n'),
        file('payments.csv', 'id,party_type,party_id,date,amount,invoice_id,reference\nX1,vendor,S1,2026-10-01,1.00,,\n'),
      ]),
    ).toEqual([
      'payments.csv:2:2: party_type: expected one of customer, supplier, got "vendor"',
      'po_lines.csv:2:4: qty: expected a whole number of at least 0, got "2.5"',
      'po_lines.csv:3:2: line_no: expected a whole number of at least 1, got "0"',
      'sales_orders.csv:2:3: order_date: expected a date as YYYY-MM-DD, got "2026/10/01"',
      'sales_orders.csv:3:3: order_date: expected a real calendar date as YYYY-MM-DD, got "2026-02-30", which does not exist',
      'sales_orders.csv:4:5: status: expected a value, got an empty field',
    ]);
  });

  it('a duplicate key, a duplicate composite key, a PO line billed twice on one invoice', async () => {
    expect(
      await refusal(store, [
        file('customers.csv', `${customersHeader}\nC1,A,,,30,0\nC2,B,,,30,0\nC1,C,,,30,0\n`),
        file('stock.csv', 'sku,warehouse,on_hand,reserved,on_order\nA,MAIN,1,0,0\nA,MAIN,2,0,0\n'),
        file('supplier_invoice_lines.csv', 'invoice_id,po_line_no,sku,qty,unit_price\nI1,1,A,1,1.00\nI1,1,A,1,1.00\n'),
      ]).then((issues) => issues.filter((issue) => issue.includes('duplicate'))),
    ).toEqual([
      'customers.csv:4:1: id: duplicate key: id "C1" is already on line 2',
      'stock.csv:3:1: sku: duplicate key: sku "A", warehouse "MAIN" is already on line 2',
      'supplier_invoice_lines.csv:3:1: invoice_id: duplicate key: invoice_id "I1", po_line_no "1" is already on line 2',
    ]);
  });

  it('references to ids that exist neither in the import nor in the store; across files and against the store they resolve', async () => {
    // Across files of one import: the sales order finds its customer in customers.csv.
    await importErpFiles(store, { files: [file('customers.csv', `${customersHeader}\nC1,A,,,30,0\n`), file('sales_orders.csv', 'id,customer_id,order_date,promised_date,status,total\nSO1,C1,2026-10-01,,open,1.00\n')] });
    // Against the store: a later import of sales orders alone finds C1 there, and not C9.
    expect(await refusal(store, [file('sales_orders.csv', 'id,customer_id,order_date,promised_date,status,total\nSO2,C1,2026-10-01,,open,1.00\nSO3,C9,2026-10-01,,open,1.00\n')])).toEqual([
      'sales_orders.csv:3:2: customer_id: expected a row of customers.csv (in this import or already in the store) with id "C9"; there is none',
    ]);
    expect(
      await refusal(store, [
        file('gl_accounts.csv', 'code,name,type\n1010,Bank,asset\n'),
        file('bank_transactions.csv', 'id,account_code,date,amount,memo,reference\nB1,1010,2026-10-01,1.00,,\nB2,1011,2026-10-01,1.00,,\n'),
        file('payments.csv', 'id,party_type,party_id,date,amount,invoice_id,reference\nX1,supplier,C1,2026-10-01,1.00,,\nX2,customer,C1,2026-10-01,1.00,NOPE,\n'),
      ]),
    ).toEqual([
      'bank_transactions.csv:3:2: account_code: expected a row of gl_accounts.csv (in this import or already in the store) with code "1011"; there is none',
      'payments.csv:2:3: party_id: expected a row of suppliers.csv (in this import or already in the store) with id "C1"; there is none',
      'payments.csv:3:6: invoice_id: expected a row of customer_invoices.csv (in this import or already in the store) with id "NOPE"; there is none',
    ]);
  });

  it('references that name two columns, and facts that involve two rows', async () => {
    await importErpFiles(store, { files: fixtureImportFiles() });
    expect(
      await refusal(store, [
        file('goods_receipts.csv', 'id,po_id,line_no,received_date,qty_received\nR9,P1,9,2026-10-01,1\n'),
        file('supplier_invoice_lines.csv', 'invoice_id,po_line_no,sku,qty,unit_price\nI4,1,C,1,99.00\nI2,7,A,20,5.20\n'),
        file('payments.csv', 'id,party_type,party_id,date,amount,invoice_id,reference\nX1,customer,C2,2026-10-01,1.00,CI1,\n'),
        file('customer_invoices.csv', 'id,customer_id,sales_order_id,invoice_date,due_date,total\nCI9,C3,SO1,2026-10-01,2026-10-31,1.00\n'),
      ]),
    ).toEqual([
      'customer_invoices.csv:2:3: sales_order_id: expected a sales order of customer "C3", got "SO1", which belongs to customer "C1"',
      'goods_receipts.csv:2:3: line_no: expected a row of po_lines.csv (in this import or already in the store) with po_id "P1", line_no "9"; there is none',
      'payments.csv:2:6: invoice_id: expected an invoice of customer "C2", got "CI1", which belongs to customer "C1"',
      'supplier_invoice_lines.csv:2:2: po_line_no: expected no po_line_no: invoice "I4" has no po_id, so it bills no PO line',
      'supplier_invoice_lines.csv:3:2: po_line_no: expected a line of PO "P2" (invoice "I2" is for that PO), got line 7, which is not in po_lines.csv nor in the store',
    ]);
  });

  it('--replace that would leave rows of the store pointing at nothing', async () => {
    await importErpFiles(store, { files: fixtureImportFiles() });
    const issues = await refusal(store, [file('customers.csv', `${customersHeader}\nC1,Alpha Corp,,DE,30,0\nC2,Beta LLC,,US,14,0\n`)], { replace: true });
    expect(issues).toEqual([
      'erp_customer_invoices (store): customer_id: the row with id "CI5" would break: expected a row of customers.csv (in this import or already in the store) with id "C3"; there is none',
      'erp_customer_invoices (store): customer_id: the row with id "CI6" would break: expected a row of customers.csv (in this import or already in the store) with id "C3"; there is none',
      'erp_payments (store): party_id: the row with id "RC-0002" would break: expected a row of customers.csv (in this import or already in the store) with id "C3"; there is none',
    ]);
  });

  it('CSV syntax: a quote never closed, text after a closing quote', async () => {
    expect(
      await refusal(store, [
        file('customers.csv', `${customersHeader}\nC1,A,,,30,0\nC2,"B,,,30,0\nC3,C,,,30,0\n`),
        file('suppliers.csv', 'id,name,email,country,payment_terms_days\nS1,"Acme" GmbH,,,30\n'),
      ]),
    ).toEqual([
      'customers.csv:3:2: a quoted field is never closed (expected a closing `"`)',
      'suppliers.csv:2:2: a quoted field has text after its closing quote (expected `,` or the end of the line after `"`; write a quote inside a field as `""`)',
    ]);
  });

  it('an empty file, and every problem of several files in one report, in file and line order', async () => {
    const issues = await refusal(store, [
      file('items.csv', ''),
      file('customers.csv', `${customersHeader}\nC1,,,,thirty,0\n`),
      file('sales_orders.csv', 'id,customer_id,order_date,promised_date,status,total\nSO1,C1,2026-13-01,,open,1.0.0\n'),
    ]);
    expect(issues).toEqual([
      'customers.csv:2:2: name: expected a value, got an empty field',
      'customers.csv:2:5: payment_terms_days: expected a whole number of at least 0, got "thirty"',
      'items.csv:1:1: the file is empty; expected the header sku,name,uom,unit_cost,unit_price,reorder_point,reorder_qty,lead_time_days',
      'sales_orders.csv:2:3: order_date: expected a real calendar date as YYYY-MM-DD, got "2026-13-01", which does not exist',
      'sales_orders.csv:2:6: total: expected an amount like 1234.56 (digits, "." as decimal point, at most 2 decimals, no thousands separator), got "1.0.0"',
    ]);
  });

  it('the demo company may not be mixed into data of your own', async () => {
    await importErpFiles(store, { files: [file('customers.csv', `${customersHeader}\nMY-1,Mine,,,30,0\n`)] });
    const { generateDemoCompany } = await import('../../src/domains/erp/erp-demo.ts');
    await expect(importErpFiles(store, { files: generateDemoCompany('2026-10-31'), refuseOtherRows: { hint: 'use --replace' } })).rejects.toMatchObject({
      code: 'input_invalid',
      hint: 'use --replace',
      message: expect.stringContaining('erp_customers (store): holds 1 row(s) that are not in customers.csv (for example id "MY-1")'),
    });
  });
});
