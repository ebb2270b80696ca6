import type { ErpImportFile } from '../../src/domains/erp/erp-import.ts';

/**
 * A small company made by hand, as CSV files, whose every answer is worked out in the tests (as of
 * 2026-11-01 unless a test says otherwise). Amounts like 0.10 + 0.20 are there on purpose: summed as
 * floats they would not make 0.30.
 */
export const fixtureAsOf = '2026-11-01';

export const fixtureFiles: Record<string, string> = {
  'gl_accounts.csv': `code,name,type
1010,Bank,asset
1100,Accounts receivable,asset
2000,Accounts payable,liability
4000,Sales,revenue
6100,Rent,expense
6200,Software,expense
6410,Taxi and rideshare,expense
6600,Bank fees,expense
`,
  'customers.csv': `id,name,email,country,payment_terms_days,credit_limit
C1,Alpha Corp,ap@alpha.example,DE,30,5000.00
C2,Beta LLC,,US,14,1000
C3,"Gamma, Inc.",gamma@example.com,FR,30,0
`,
  'suppliers.csv': `id,name,email,country,payment_terms_days
S1,Acme Parts,sales@acme.example,DE,30
S2,Bolt Supply,,GB,45
`,
  'items.csv': `sku,name,uom,unit_cost,unit_price,reorder_point,reorder_qty,lead_time_days
A,Bolt M6,pcs,5.00,8.50,10,20,10
B,Nut M6,pcs,12.50,19.99,5,10,4
C,Service hour,h,99.00,150.00,0,0,0
D,Washer,pcs,2.00,3.10,30,50,14
`,
  'stock.csv': `sku,warehouse,on_hand,reserved,on_order
A,MAIN,8,2,0
B,MAIN,10,0,0
B,EAST,2,7,0
D,MAIN,20,0,15
`,
  'purchase_orders.csv': `id,supplier_id,order_date,expected_date,status
P1,S1,2026-09-01,2026-09-10,closed
P2,S1,2026-09-20,2026-10-01,open
P3,S2,2026-10-01,2026-10-10,open
P4,S2,2026-10-20,,open
P5,S1,2026-10-05,2026-10-09,open
`,
  'po_lines.csv': `po_id,line_no,sku,qty,unit_price
P1,1,A,10,5.00
P1,2,B,4,12.50
P2,1,A,20,5.00
P3,1,D,30,2.00
P3,2,B,10,12.00
P4,1,A,5,5.00
P5,1,B,6,12.50
`,
  'goods_receipts.csv': `id,po_id,line_no,received_date,qty_received
R1,P1,1,2026-09-10,10
R2,P1,2,2026-09-12,4
R3,P2,1,2026-10-01,20
R4,P3,1,2026-10-10,20
R5,P5,1,2026-10-09,6
`,
  'supplier_invoices.csv': `id,supplier_id,vendor_invoice_no,po_id,invoice_date,due_date,status
I1,S1,AC-100,P1,2026-09-15,2026-10-15,paid
I2,S1,AC-101,P2,2026-10-02,2026-11-01,open
I3,S2,BS-7,P3,2026-10-12,2026-11-26,open
I4,S2,BS-8,,2026-10-15,2026-11-29,open
I5,S1,AC-102,P5,2026-10-11,2026-11-10,open
`,
  'supplier_invoice_lines.csv': `invoice_id,po_line_no,sku,qty,unit_price
I1,1,A,10,5.00
I1,2,B,4,12.50
I2,1,A,20,5.20
I3,1,D,30,2.00
I3,2,B,10,12.05
I4,,C,1,99.00
I5,1,B,8,12.50
`,
  'sales_orders.csv': `id,customer_id,order_date,promised_date,status,total
SO1,C1,2026-09-01,2026-09-15,invoiced,1000.00
SO2,C2,2026-10-18,2026-10-25,open,300.00
`,
  'customer_invoices.csv': `id,customer_id,sales_order_id,invoice_date,due_date,total
CI1,C1,SO1,2026-09-02,2026-10-02,1000.00
CI2,C1,,2026-08-01,2026-08-31,250.50
CI3,C2,,2026-06-01,2026-06-15,80.25
CI4,C2,SO2,2026-10-20,2026-11-03,300.00
CI5,C3,,2026-09-15,2026-10-15,500.00
CI6,C3,,2026-10-25,2026-11-24,-50.00
CI7,C1,,2026-10-30,2026-11-29,0.10
CI8,C1,,2026-10-31,2026-11-30,0.20
`,
  'payments.csv': `id,party_type,party_id,date,amount,invoice_id,reference
RC-0001,customer,C1,2026-10-01,400.00,CI1,RC-0001
RC-0002,customer,C3,2026-10-14,500.00,CI5,RC-0002
RC-0003,customer,C2,2026-11-05,80.25,CI3,RC-0003
PY-0001,supplier,S1,2026-10-10,100.00,I1,PY-0001
RC-0004,Customer,C2,2026-10-30,25.00,,unallocated
`,
  'journal_lines.csv': `entry_id,date,account_code,debit,credit,memo,reference
JE1,2026-10-01,1010,400.00,0,Receipt Alpha,RC-0001
JE1,2026-10-01,1100,0,400.00,Receipt Alpha,CI1
JE2,2026-10-10,2000,100.00,0,Payment Acme,I1
JE2,2026-10-10,1010,0,100.00,Payment Acme,PY-0001
JE3,2026-10-14,1010,500.00,0,Receipt Gamma,RC-0002
JE3,2026-10-14,1100,0,500.00,Receipt Gamma,CI5
JE4,2026-10-05,6100,1200.00,0,Rent October,RENT-10
JE4,2026-10-05,1010,0,1200.00,Rent October,RENT-10
JE5,2026-10-20,6200,49.99,0,SaaS,
JE5,2026-10-20,1010,0,49.99,SaaS,
JE6,2026-10-28,2000,75.00,0,Cheque 7,CHQ-7
JE6,2026-10-28,1010,0,75.00,Cheque 7,CHQ-7
JE7,2026-09-30,1010,10.00,0,Interest,INT-09
JE7,2026-09-30,4000,0,10.00,Interest,INT-09
`,
  'bank_transactions.csv': `id,account_code,date,amount,memo,reference
B1,1010,2026-10-02,400.00,CREDIT ALPHA,RC-0001
B4,1010,2026-10-05,-1200.00,RENT,RENT-10
B2,1010,2026-10-11,-100.00,TRANSFER PY-0001 ACME,
B3,1010,2026-10-16,500.00,INCOMING,
B5,1010,2026-10-21,-49.99,CARD SAAS,
B7,1010,2026-10-25,-49.99,CARD SAAS,
B6,1010,2026-10-30,-12.00,FEE,
B8,1010,2026-10-01,10.00,INTEREST,INT-09
`,
};

export function fixtureImportFiles(names: readonly string[] = Object.keys(fixtureFiles)): ErpImportFile[] {
  return names.map((name) => ({ name, text: fixtureFiles[name]! }));
}
