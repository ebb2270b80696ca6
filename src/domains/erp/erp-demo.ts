import { toCsv } from './csv-writing.ts';
import { demoAccounts, demoCustomers, demoItems, demoSuppliers } from './demo-company-data.ts';
import { erpFiles } from './erp-catalogue.ts';
import { addDays } from './erp-dates.ts';
import type { ErpImportFile } from './erp-import.ts';
import { formatCents } from './money.ts';
import { SeededRandom } from '../../core/seeded-random.ts';

/** The seed of the demo company: the same company, to the cent, on every machine. */
export const demoSeed = 20_261_101;

/**
 * The exceptions planted in the demo company, for a new user to find with each ERP agent (and for the
 * tests that check they are found). Dates are relative to the anchor, so they hold on any day.
 */
export const demoExceptions = {
  /** invoice-matcher: line 1 billed 4% above the PO price (the supplier's number is INV-889). */
  priceVariance: { invoice: 'SI-4007', po: 'PO-3007', line: 1 },
  /** invoice-matcher: line 2 billed in full while only part of it was received. */
  overBilledQuantity: { invoice: 'SI-4026', po: 'PO-3026', line: 2 },
  /** invoice-matcher: a service invoice with no purchase order. */
  invoiceWithoutPo: 'SI-4040',
  /** ar-aging: Northwind (90+ and 61-90 days) and Fabrikam (31-60 days, part paid); Tailspin is 1-30 days late, not yet dunned. */
  dunningCustomers: ['C-1002', 'C-1003'],
  /** inventory-reorder: below, far below (negative), exactly at, and across two warehouses under the reorder point. SKU-1019 is under it on hand but covered by stock on order. */
  reorderItems: ['SKU-1003', 'SKU-1008', 'SKU-1015', 'SKU-1022'],
  /** gl-reconciler: a bank fee never booked, an unidentified credit, a card payment booked with a typo. */
  unmatchedBank: ['BT-7901', 'BT-7902', 'BT-7903'],
  /** gl-reconciler: the typo'd card payment, and a cheque not yet cashed. */
  unmatchedLedgerEntries: ['JE-8901', 'JE-8902'],
  /** client-reply: Contoso's open order whose promised date has passed. */
  lateSalesOrder: 'SO-5038',
} as const;

type Field = string | number | null;

/**
 * The demo company as the CSV files `nova erp import` reads, all fifteen of them (a few hundred rows),
 * with its dates placed relative to `anchor` (the last day of its history, normally today) and every
 * amount and quantity from a fixed seed.
 */
export function generateDemoCompany(anchor: string): ErpImportFile[] {
  const random = new SeededRandom(demoSeed);
  const day = (offset: number) => addDays(anchor, offset);
  const latest = (date: string, offset: number) => (date < day(offset) ? date : day(offset));
  const tables = new Map<string, Field[][]>(erpFiles.map((spec) => [spec.file, []]));
  const add = (file: string, row: Field[]) => tables.get(file)!.push(row);

  for (const [code, name, type] of demoAccounts) add('gl_accounts.csv', [code, name, type]);
  const customers = demoCustomers.map(([name, , terms], index) => ({ id: `C-${1001 + index}`, name, terms }));
  demoCustomers.forEach(([name, country, terms, limit], index) => add('customers.csv', [customers[index]!.id, name, `accounts@${slug(name)}.example`, country, terms, formatCents(limit * 100)]));
  const suppliers = demoSuppliers.map(([name, , terms], index) => ({ id: `S-${2001 + index}`, name, terms }));
  demoSuppliers.forEach(([name, country, terms], index) => add('suppliers.csv', [suppliers[index]!.id, name, `orders@${slug(name)}.example`, country, terms]));
  const items = demoItems.map(([name, uom, costCents, reorderPoint, reorderQty, leadTime], index) => ({ sku: `SKU-${1001 + index}`, name, uom, costCents, reorderPoint, reorderQty, leadTime }));
  for (const item of items) {
    add('items.csv', [item.sku, item.name, item.uom, formatCents(item.costCents), formatCents(Math.round((item.costCents * random.integer(140, 180)) / 100)), item.reorderPoint, item.reorderQty, item.leadTime]);
  }

  // Stock: every item comfortably above its reorder point, except the planted ones.
  const plantedStock: Record<string, Array<[warehouse: string, onHand: number, reserved: number, onOrder: number]>> = {
    'SKU-1003': [['MAIN', 12, 4, 0]],
    'SKU-1008': [['MAIN', 5, 10, 0]],
    'SKU-1015': [['MAIN', 40, 0, 0], ['EAST', 25, 5, 0]],
    'SKU-1019': [['MAIN', 20, 0, 100]],
    'SKU-1022': [['MAIN', 20, 2, 0], ['EAST', 15, 0, 0]],
  };
  items.forEach((item, index) => {
    const planted = plantedStock[item.sku];
    if (planted !== undefined) {
      for (const [warehouse, onHand, reserved, onOrder] of planted) add('stock.csv', [item.sku, warehouse, onHand, reserved, onOrder]);
      return;
    }
    add('stock.csv', [item.sku, 'MAIN', item.reorderPoint + random.integer(30, 200), random.integer(0, 10), 0]);
    if (index % 2 === 0) add('stock.csv', [item.sku, 'EAST', random.integer(0, 40), 0, 0]);
  });

  const bank: Array<{ date: string; amountCents: number; memo: string; reference: string | null; id?: string }> = [];
  let journalNumber = 8001;
  const journal = (date: string, lines: Array<[account: string, debitCents: number, creditCents: number, memo: string, reference: string | null]>, id?: string) => {
    const entry = id ?? `JE-${journalNumber++}`;
    for (const [account, debit, credit, memo, reference] of lines) add('journal_lines.csv', [entry, date, account, formatCents(debit), formatCents(credit), memo, reference]);
  };
  let supplierPaymentNumber = 9501;
  let receiptNumber = 9001;
  let receiptLineNumber = 1;

  // Purchasing: 30 purchase orders over the last three months, at every stage of their life.
  for (let index = 0; index < 30; index += 1) {
    const poId = `PO-${3001 + index}`;
    const supplierIndex = index % 8;
    const supplier = suppliers[supplierIndex]!;
    const orderDate = day(-95 + index * 3);
    const lines = items
      .filter((_, itemIndex) => itemIndex % 8 === supplierIndex)
      .slice(0, 1 + (index % 3))
      .map((item, lineIndex) => ({ lineNo: lineIndex + 1, item, qty: 5 * random.integer(4, 24), priceCents: item.costCents, received: 0 }));
    const expectedDate = addDays(orderDate, Math.max(...lines.map((line) => line.item.leadTime)));
    const fullyReceived = index <= 23;
    const partlyReceived = index >= 24 && index <= 26;
    lines.forEach((line, lineIndex) => {
      if (fullyReceived) line.received = line.qty;
      else if (partlyReceived) line.received = lineIndex === lines.length - 1 ? line.qty - 5 * random.integer(1, line.qty / 5 - 1) : line.qty;
    });
    const invoiced = (fullyReceived && index !== 20) || index === 25;
    const paid = index <= 17 && index % 5 !== 4 && index !== 6;
    const status = !lines.some((line) => line.received > 0) ? 'open' : invoiced ? (paid ? 'closed' : 'invoiced') : 'receiving';
    add('purchase_orders.csv', [poId, supplier.id, orderDate, expectedDate, status]);
    let lastReceipt = orderDate;
    for (const line of lines) {
      add('po_lines.csv', [poId, line.lineNo, line.item.sku, line.qty, formatCents(line.priceCents)]);
      if (line.received === 0) continue;
      const split = line.received >= 40 && index % 2 === 0;
      const parts = split ? [Math.round((line.received * 0.6) / 5) * 5, line.received - Math.round((line.received * 0.6) / 5) * 5] : [line.received];
      parts.forEach((quantity, part) => {
        const receivedDate = latest(addDays(expectedDate, part === 0 ? -1 : 2), -2);
        if (receivedDate > lastReceipt) lastReceipt = receivedDate;
        add('goods_receipts.csv', [`GR-${String(receiptLineNumber++).padStart(5, '0')}`, poId, line.lineNo, receivedDate, quantity]);
      });
    }
    if (!invoiced) continue;

    const invoiceId = `SI-${4001 + index}`;
    const invoiceDate = latest(addDays(lastReceipt, 2), -1);
    let totalCents = 0;
    for (const line of lines) {
      let priceCents = line.priceCents;
      if (invoiceId === demoExceptions.priceVariance.invoice && line.lineNo === 1) priceCents = Math.round(priceCents * 1.04);
      if (index === 10 && line.lineNo === 1) priceCents = Math.round(priceCents * 1.003);
      const quantity = invoiceId === demoExceptions.overBilledQuantity.invoice && line.lineNo === demoExceptions.overBilledQuantity.line ? line.qty : line.received;
      totalCents += quantity * priceCents;
      add('supplier_invoice_lines.csv', [invoiceId, line.lineNo, line.item.sku, quantity, formatCents(priceCents)]);
    }
    const vendorNumber = invoiceId === demoExceptions.priceVariance.invoice ? 'INV-889' : `${supplier.name.slice(0, 2).toUpperCase()}-${26_000 + index * 13}`;
    const dueDate = addDays(invoiceDate, supplier.terms);
    add('supplier_invoices.csv', [invoiceId, supplier.id, vendorNumber, poId, invoiceDate, dueDate, paid ? 'paid' : 'open']);
    journal(invoiceDate, [
      ['1200', totalCents, 0, `Goods from ${supplier.name}`, invoiceId],
      ['2000', 0, totalCents, `Invoice ${vendorNumber}`, invoiceId],
    ]);
    if (!paid) continue;
    const paymentId = `PAY-${supplierPaymentNumber++}`;
    const paymentDate = maxDate(addDays(invoiceDate, 1), latest(addDays(dueDate, -2), -3));
    add('payments.csv', [paymentId, 'supplier', supplier.id, paymentDate, formatCents(totalCents), invoiceId, paymentId]);
    journal(paymentDate, [
      ['2000', totalCents, 0, `Payment of ${vendorNumber}`, invoiceId],
      ['1010', 0, totalCents, `Payment to ${supplier.name}`, paymentId],
    ]);
    bank.push({ date: paymentDate, amountCents: -totalCents, memo: `SEPA CT ${supplier.name.toUpperCase()}`, reference: paymentId });
  }

  // A service invoice with no purchase order.
  add('supplier_invoices.csv', [demoExceptions.invoiceWithoutPo, 'S-2003', 'IT-SVC-0419', null, day(-12), day(33), 'open']);
  add('supplier_invoice_lines.csv', [demoExceptions.invoiceWithoutPo, null, 'SKU-1011', 2, '125.00']);

  // Sales: 40 orders over five months, invoiced and paid on time unless planted otherwise.
  const receipt = (customer: { id: string; name: string }, invoiceId: string, date: string, amountCents: number) => {
    const paymentId = `RCPT-${receiptNumber++}`;
    add('payments.csv', [paymentId, 'customer', customer.id, date, formatCents(amountCents), invoiceId, invoiceId]);
    journal(date, [
      ['1010', amountCents, 0, `Receipt from ${customer.name}`, paymentId],
      ['1100', 0, amountCents, `Payment of ${invoiceId}`, invoiceId],
    ]);
    bank.push({ date, amountCents, memo: `CREDIT ${customer.name.toUpperCase()} ${invoiceId}`, reference: paymentId });
  };
  const customerInvoice = (invoiceId: string, orderId: string, customer: { id: string; name: string }, invoiceDate: string, dueDate: string, totalCents: number) => {
    add('customer_invoices.csv', [invoiceId, customer.id, orderId, invoiceDate, dueDate, formatCents(totalCents)]);
    journal(invoiceDate, [
      ['1100', totalCents, 0, `Invoice to ${customer.name}`, invoiceId],
      ['4000', 0, totalCents, `Sales ${orderId}`, invoiceId],
    ]);
  };
  for (let index = 0; index < 40; index += 1) {
    const orderId = `SO-${5001 + index}`;
    const customer = customers[orderId === demoExceptions.lateSalesOrder ? 0 : index % 12]!;
    const orderDate = day(-150 + Math.floor(index * 3.7));
    const totalCents = random.integer(500, 12_000) * 100 + random.integer(0, 99);
    const invoiced = index <= 33;
    const promisedDate = orderId === demoExceptions.lateSalesOrder ? day(-3) : index >= 37 ? day(7 + index - 37) : addDays(orderDate, 14);
    add('sales_orders.csv', [orderId, customer.id, orderDate, promisedDate, invoiced ? 'invoiced' : index <= 36 ? 'shipped' : 'open', formatCents(totalCents)]);
    if (!invoiced) continue;
    const invoiceId = `CI-${6001 + index}`;
    const invoiceDate = addDays(orderDate, 5);
    const dueDate = addDays(invoiceDate, customer.terms);
    customerInvoice(invoiceId, orderId, customer, invoiceDate, dueDate, totalCents);
    if (dueDate <= day(-1)) receipt(customer, invoiceId, maxDate(addDays(invoiceDate, 1), latest(addDays(dueDate, -(index % 5)), -3)), totalCents);
  }

  // Overdue customers: Northwind 100 and 70 days, Fabrikam 45 days with a part payment, Tailspin 10 days.
  const overdue: Array<[customerIndex: number, daysPastDue: number, totalCents: number, paidCents: number]> = [
    [1, 100, 482_000, 0],
    [1, 70, 231_050, 0],
    [2, 45, 740_000, 300_000],
    [4, 10, 127_525, 0],
  ];
  overdue.forEach(([customerIndex, daysPastDue, totalCents, paidCents], index) => {
    const customer = customers[customerIndex]!;
    const dueDate = day(-daysPastDue);
    const invoiceDate = addDays(dueDate, -customer.terms);
    const orderId = `SO-${5101 + index}`;
    add('sales_orders.csv', [orderId, customer.id, addDays(invoiceDate, -5), addDays(invoiceDate, 9), 'invoiced', formatCents(totalCents)]);
    customerInvoice(`CI-${6101 + index}`, orderId, customer, invoiceDate, dueDate, totalCents);
    if (paidCents > 0) receipt(customer, `CI-${6101 + index}`, addDays(dueDate, -10), paidCents);
  });

  // Running costs, three months of them: rent (with a reference), software (none), telephone.
  for (const [month, offset] of [[1, -85], [2, -55], [3, -25]] as const) {
    const rentReference = `RENT-${day(offset).slice(0, 7)}`;
    journal(day(offset), [['6100', 250_000, 0, 'Office rent', rentReference], ['1010', 0, 250_000, 'Office rent', rentReference]]);
    bank.push({ date: day(offset), amountCents: -250_000, memo: 'STANDING ORDER OFFICE RENT', reference: rentReference });
    journal(day(offset + 5), [['6200', 18_900, 0, 'GitHub subscription', null], ['1010', 0, 18_900, 'GitHub subscription', null]]);
    bank.push({ date: day(offset + 6), amountCents: -18_900, memo: 'CARD GITHUB.COM', reference: null });
    const phoneReference = `TEL-${month}-${day(offset + 10).slice(0, 7)}`;
    journal(day(offset + 10), [['6500', 6_490, 0, 'Telephone and internet', phoneReference], ['1010', 0, 6_490, 'Telephone and internet', phoneReference]]);
    bank.push({ date: day(offset + 10), amountCents: -6_490, memo: `DIRECT DEBIT TELCO ${phoneReference}`, reference: null });
  }

  // Unmatched on purpose: a fee never booked, a credit nobody can place, a card payment booked with a typo, a cheque not cashed.
  bank.push({ id: demoExceptions.unmatchedBank[0], date: day(-4), amountCents: -1_250, memo: 'ACCOUNT MAINTENANCE FEE', reference: null });
  bank.push({ id: demoExceptions.unmatchedBank[1], date: day(-6), amountCents: 125_000, memo: 'UNIDENTIFIED CREDIT TRANSFER', reference: null });
  bank.push({ id: demoExceptions.unmatchedBank[2], date: day(-8), amountCents: -31_044, memo: 'CARD AWS EMEA', reference: null });
  journal(day(-8), [['6200', 30_144, 0, 'AWS invoice', 'AWS-EU-2231'], ['1010', 0, 30_144, 'AWS invoice', 'AWS-EU-2231']], demoExceptions.unmatchedLedgerEntries[0]);
  journal(day(-5), [['2000', 78_000, 0, 'Cheque 000123 to Wayne Packaging', 'CHQ-000123'], ['1010', 0, 78_000, 'Cheque 000123 to Wayne Packaging', 'CHQ-000123']], demoExceptions.unmatchedLedgerEntries[1]);

  // Bank lines in statement order; a fifth of them carry no reference, as real statements do.
  let bankNumber = 7001;
  const statement = bank.map((line, order) => ({ line, order })).sort((left, right) => left.line.date.localeCompare(right.line.date) || left.order - right.order);
  for (const { line, order } of statement) {
    const withoutReference = line.id === undefined && order % 5 === 3;
    add('bank_transactions.csv', [line.id ?? `BT-${bankNumber++}`, '1010', line.date, formatCents(line.amountCents), line.memo, withoutReference ? null : line.reference]);
  }

  return erpFiles.map((spec) => ({ name: spec.file, text: toCsv(spec.columns.map((column) => column.csv), tables.get(spec.file)!) }));
}

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

function maxDate(left: string, right: string): string {
  return left > right ? left : right;
}
