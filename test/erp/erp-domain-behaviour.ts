import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receivablesAging } from '../../src/domains/erp/ar-aging.ts';
import { customerAccount } from '../../src/domains/erp/customer-account.ts';
import { erpDatabase } from '../../src/domains/erp/erp-database.ts';
import { importErpFiles } from '../../src/domains/erp/erp-import.ts';
import type { ErpDatabase } from '../../src/domains/erp/erp-tables.ts';
import { reconcileBank } from '../../src/domains/erp/gl-reconcile.ts';
import { reorderSuggestions } from '../../src/domains/erp/inventory-reorder.ts';
import { matchInvoices } from '../../src/domains/erp/invoice-match.ts';
import { purchaseOrderStatus } from '../../src/domains/erp/po-status.ts';
import type { Store } from '../../src/store/store.ts';
import { fixtureAsOf, fixtureImportFiles } from './erp-fixture.ts';
import type { TestStore } from '../support/test-stores.ts';

/**
 * The ERP code agents' domain functions on the hand-made company of erp-fixture.ts, with every answer
 * written out. Run against each store dialect.
 */
export function describeErpDomain(name: string, open: () => Promise<TestStore>): void {
  describe(`ERP domain on ${name}`, () => {
    let store: Store;
    let cleanUp: () => Promise<void>;
    let db: ErpDatabase;

    beforeAll(async () => {
      ({ store, cleanUp } = await open());
      await importErpFiles(store, { files: fixtureImportFiles() });
      db = erpDatabase(store);
    });
    afterAll(async () => cleanUp());

    it('po-status: every purchase order with its lines and the status they add up to', async () => {
      expect(await purchaseOrderStatus(db, { asOf: fixtureAsOf })).toEqual({
        asOf: fixtureAsOf,
        orders: [
          { po: 'P1', supplier: 'S1', supplierName: 'Acme Parts', status: 'closed', lines: [{ line: 1, sku: 'A', ordered: 10, received: 10, invoiced: 10 }, { line: 2, sku: 'B', ordered: 4, received: 4, invoiced: 4 }] },
          { po: 'P2', supplier: 'S1', supplierName: 'Acme Parts', status: 'invoiced', lines: [{ line: 1, sku: 'A', ordered: 20, received: 20, invoiced: 20 }] },
          { po: 'P3', supplier: 'S2', supplierName: 'Bolt Supply', status: 'partially_received', lines: [{ line: 1, sku: 'D', ordered: 30, received: 20, invoiced: 30 }, { line: 2, sku: 'B', ordered: 10, received: 0, invoiced: 10 }] },
          { po: 'P5', supplier: 'S1', supplierName: 'Acme Parts', status: 'invoiced', lines: [{ line: 1, sku: 'B', ordered: 6, received: 6, invoiced: 8 }] },
          { po: 'P4', supplier: 'S2', supplierName: 'Bolt Supply', status: 'ordered', lines: [{ line: 1, sku: 'A', ordered: 5, received: 0, invoiced: 0 }] },
        ],
      });
    });

    it('po-status: as of an earlier date, by PO number, by supplier name, open only', async () => {
      const early = await purchaseOrderStatus(db, { asOf: '2026-09-11', po: 'p1' });
      expect(early.orders).toEqual([{ po: 'P1', supplier: 'S1', supplierName: 'Acme Parts', status: 'partially_received', lines: [{ line: 1, sku: 'A', ordered: 10, received: 10, invoiced: 0 }, { line: 2, sku: 'B', ordered: 4, received: 0, invoiced: 0 }] }]);
      expect((await purchaseOrderStatus(db, { asOf: fixtureAsOf, po: '5' })).orders.map((order) => order.po)).toEqual(['P5']);
      expect((await purchaseOrderStatus(db, { asOf: fixtureAsOf, supplier: 'acme', openOnly: true })).orders.map((order) => order.po)).toEqual(['P2', 'P5']);
      await expect(purchaseOrderStatus(db, { asOf: fixtureAsOf, po: 'Q9' })).rejects.toMatchObject({ code: 'input_invalid', message: expect.stringContaining('No purchase order "Q9"') });
    });

    it('invoice-matcher: matched, price variance, over received and ordered, no receipt, no PO', async () => {
      expect(await matchInvoices(db, { asOf: fixtureAsOf })).toEqual({
        asOf: fixtureAsOf,
        results: [
          { invoice: 'I1', vendorInvoiceNo: 'AC-100', supplier: 'S1', po: 'P1', status: 'matched', issues: [] },
          { invoice: 'I2', vendorInvoiceNo: 'AC-101', supplier: 'S1', po: 'P2', status: 'mismatch', issues: [{ code: 'price_variance', line: 1, expected: 5, actual: 5.2 }] },
          {
            invoice: 'I5',
            vendorInvoiceNo: 'AC-102',
            supplier: 'S1',
            po: 'P5',
            status: 'mismatch',
            issues: [
              { code: 'qty_over_received', line: 1, expected: 6, actual: 8 },
              { code: 'qty_over_ordered', line: 1, expected: 6, actual: 8 },
            ],
          },
          {
            invoice: 'I3',
            vendorInvoiceNo: 'BS-7',
            supplier: 'S2',
            po: 'P3',
            status: 'mismatch',
            // 12.05 against 12.00 is 0.42%: inside the 0.5% tolerance, so no price variance on line 2.
            issues: [
              { code: 'qty_over_received', line: 1, expected: 20, actual: 30 },
              { code: 'no_receipt', line: 2, expected: 0, actual: 10 },
            ],
          },
          { invoice: 'I4', vendorInvoiceNo: 'BS-8', supplier: 'S2', po: null, status: 'unmatched', issues: [{ code: 'no_po', line: null, expected: null, actual: null }] },
        ],
      });
    });

    it("invoice-matcher: one invoice by the supplier's number, and a date range", async () => {
      expect((await matchInvoices(db, { asOf: fixtureAsOf, invoices: ['AC-101'] })).results.map((result) => result.invoice)).toEqual(['I2']);
      expect((await matchInvoices(db, { asOf: fixtureAsOf, from: '2026-10-11', to: '2026-10-12' })).results.map((result) => result.invoice)).toEqual(['I5', 'I3']);
    });

    it('ar-aging: buckets, totals to the cent, oldest days past due and dunning', async () => {
      const zero = { current: 0, '1-30': 0, '31-60': 0, '61-90': 0, '90+': 0 };
      expect(await receivablesAging(db, { asOf: fixtureAsOf })).toEqual({
        asOf: fixtureAsOf,
        buckets: { current: 250.3, '1-30': 600, '31-60': 0, '61-90': 250.5, '90+': 80.25 },
        total: 1181.05,
        customers: [
          {
            customer: 'C1',
            name: 'Alpha Corp',
            outstanding: 850.8,
            buckets: { ...zero, current: 0.3, '1-30': 600, '61-90': 250.5 },
            oldestDaysPastDue: 62,
            invoices: [
              { invoice: 'CI2', dueDate: '2026-08-31', outstanding: 250.5, daysPastDue: 62 },
              { invoice: 'CI1', dueDate: '2026-10-02', outstanding: 600, daysPastDue: 30 },
              { invoice: 'CI7', dueDate: '2026-11-29', outstanding: 0.1, daysPastDue: -28 },
              { invoice: 'CI8', dueDate: '2026-11-30', outstanding: 0.2, daysPastDue: -29 },
            ],
          },
          {
            customer: 'C2',
            name: 'Beta LLC',
            outstanding: 380.25,
            buckets: { ...zero, current: 300, '90+': 80.25 },
            oldestDaysPastDue: 139,
            invoices: [
              { invoice: 'CI3', dueDate: '2026-06-15', outstanding: 80.25, daysPastDue: 139 },
              { invoice: 'CI4', dueDate: '2026-11-03', outstanding: 300, daysPastDue: -2 },
            ],
          },
          { customer: 'C3', name: 'Gamma, Inc.', outstanding: -50, buckets: { ...zero, current: -50 }, oldestDaysPastDue: 0, invoices: [{ invoice: 'CI6', dueDate: '2026-11-24', outstanding: -50, daysPastDue: -23 }] },
        ],
        dunning: ['C1', 'C2'],
      });
    });

    it('ar-aging: a later date counts the later payment; one customer by name', async () => {
      const later = await receivablesAging(db, { asOf: '2026-11-10' });
      expect(later.dunning).toEqual(['C1']);
      expect(later.customers.find((customer) => customer.customer === 'C2')).toMatchObject({ outstanding: 300, oldestDaysPastDue: 7 });
      expect((await receivablesAging(db, { asOf: fixtureAsOf, customer: 'beta' })).customers.map((customer) => customer.customer)).toEqual(['C2']);
    });

    it('inventory-reorder: available over warehouses, quantity and order-by date from the lead time', async () => {
      expect(await reorderSuggestions(db, { asOf: fixtureAsOf })).toEqual({
        asOf: fixtureAsOf,
        suggestions: [
          // 6 available of a reorder point of 10 with a 10-day lead time: 6 days of stock, order 4 days ago.
          { sku: 'A', name: 'Bolt M6', available: 6, reorderPoint: 10, quantity: 24, supplier: 'S2', orderBy: '2026-10-28' },
          // 10 + 2 on hand, 7 reserved: exactly at the reorder point, order today.
          { sku: 'B', name: 'Nut M6', available: 5, reorderPoint: 5, quantity: 10, supplier: 'S1', orderBy: '2026-11-01' },
        ],
      });
    });

    it('gl-reconciler: by reference, by reference in the text, by amount and date, one to one', async () => {
      const result = await reconcileBank(db, { asOf: fixtureAsOf });
      expect(result.accounts).toEqual(['1010']);
      expect(result.matched.map((pair) => [pair.bank.id, `${pair.ledger.entryId}/${pair.ledger.line}`, pair.rule, pair.daysApart])).toEqual([
        ['B8', 'JE7/1', 'reference', 1],
        ['B1', 'JE1/1', 'reference', 1],
        ['B4', 'JE4/2', 'reference', 0],
        ['B2', 'JE2/2', 'reference', 1],
        ['B3', 'JE3/1', 'amount_date', 2],
        ['B5', 'JE5/2', 'amount_date', 1],
      ]);
      expect(result.matched[0]).toEqual({
        bank: { id: 'B8', account: '1010', date: '2026-10-01', amount: 10, memo: 'INTEREST', reference: 'INT-09' },
        ledger: { entryId: 'JE7', line: 1, account: '1010', date: '2026-09-30', amount: 10, memo: 'Interest', reference: 'INT-09' },
        rule: 'reference',
        daysApart: 1,
      });
      // B7 has the same amount as B5, whose ledger line is taken: one to one.
      expect(result.unmatchedBank.map((line) => line.id)).toEqual(['B7', 'B6']);
      expect(result.unmatchedLedger).toEqual([{ entryId: 'JE6', line: 2, account: '1010', date: '2026-10-28', amount: -75, memo: 'Cheque 7', reference: 'CHQ-7' }]);
    });

    it('gl-reconciler: a period matches across its edge but lists only its own unmatched lines', async () => {
      const october = await reconcileBank(db, { asOf: fixtureAsOf, from: '2026-10-01', to: '2026-10-31' });
      expect(october.matched.map((pair) => pair.bank.id)).toEqual(['B8', 'B1', 'B4', 'B2', 'B3', 'B5']);
      expect(october.unmatchedLedger.map((line) => line.entryId)).toEqual(['JE6']);
      const september = await reconcileBank(db, { asOf: fixtureAsOf, from: '2026-09-01', to: '2026-09-30' });
      expect(september.matched).toEqual([]);
      expect(september.unmatchedBank).toEqual([]);
      expect(september.unmatchedLedger.map((line) => `${line.entryId}/${line.line}`)).toEqual(['JE7/1']);
      const narrow = await reconcileBank(db, { asOf: fixtureAsOf, dateWindowDays: 1 });
      expect(narrow.unmatchedBank.map((line) => line.id)).toEqual(['B3', 'B7', 'B6']);
    });

    it('the import: again changes nothing; a refused one leaves every row as it was', async () => {
      const again = await importErpFiles(store, { files: fixtureImportFiles() });
      expect(again.tables.every((table) => table.unchanged === table.rows && table.inserted + table.updated + table.deleted === 0)).toBe(true);
      const broken = { name: 'customers.csv', text: 'id,name,email,country,payment_terms_days,credit_limit\nC1,Renamed,,,30,0\nC9,New,,,30,x\n' };
      await expect(importErpFiles(store, { files: [broken] })).rejects.toMatchObject({ code: 'input_invalid', details: { issues: [expect.objectContaining({ file: 'customers.csv', line: 3, column: 6 })] } });
      expect(await db.selectFrom('erp_customers').select(['id', 'name']).orderBy('id').execute()).toEqual([
        { id: 'C1', name: 'Alpha Corp' },
        { id: 'C2', name: 'Beta LLC' },
        { id: 'C3', name: 'Gamma, Inc.' },
      ]);
    });

    it("customer account: a customer's orders, invoices and balance, found by an invoice", async () => {
      const account = await customerAccount(db, { invoice: 'ci1', asOf: fixtureAsOf });
      expect(account.customer).toEqual({ id: 'C1', name: 'Alpha Corp', email: 'ap@alpha.example', country: 'DE', paymentTermsDays: 30, creditLimit: 5000 });
      expect(account.outstanding).toBe(850.8);
      expect(account.salesOrders).toEqual([{ id: 'SO1', orderDate: '2026-09-01', promisedDate: '2026-09-15', status: 'invoiced', total: 1000, invoiced: true, promisedDatePassed: true }]);
      expect(account.invoices.map((invoice) => [invoice.id, invoice.paid, invoice.outstanding])).toEqual([['CI2', 0, 250.5], ['CI1', 400, 600], ['CI7', 0, 0.1], ['CI8', 0, 0.2]]);
    });
  });
}
