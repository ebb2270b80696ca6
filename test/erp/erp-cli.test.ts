import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { demoExceptions } from '../../src/domains/erp/erp-demo.ts';
import { parseJsonOutput, runCli } from '../support/cli.ts';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../support/fake-openai-server.ts';
import { temporaryDirectory } from '../support/temporary-directory.ts';
import { fixtureFiles } from './erp-fixture.ts';

interface RunJson {
  status: string;
  output: Record<string, unknown>;
  error: { code: string; message: string } | null;
}

describe('nova erp and the ERP agents from the command line', () => {
  let server: FakeOpenAIServer;
  let home: { path: string; remove: () => void };
  let env: Record<string, string>;

  beforeAll(async () => {
    server = await startFakeOpenAIServer();
  });
  afterAll(async () => server.close());
  beforeEach(() => {
    home = temporaryDirectory();
    env = { NOVA_HOME: home.path };
    server.requests.length = 0;
  });
  afterEach(() => home.remove());

  const nova = async (argv: string[], extraEnv: Record<string, string> = {}) => runCli(argv, { ...env, ...extraEnv });
  const runJson = async (argv: string[], extraEnv: Record<string, string> = {}): Promise<RunJson> => {
    const result = await nova([...argv, '--json'], extraEnv);
    const json = parseJsonOutput(result) as unknown as RunJson;
    expect(json.error, JSON.stringify(json.error)).toBeNull();
    expect(result.exitCode).toBe(0);
    return json;
  };
  const withModel = () => ({ NOVA_MODEL: 'openai-compatible:fake-model', NOVA_OPENAI_COMPATIBLE_BASE_URL: server.url });

  it('on a fresh NOVA_HOME, `nova erp demo` and then every ERP agent finds the planted exceptions', async () => {
    const demo = await nova(['erp', 'demo', '--json']);
    expect(demo.exitCode).toBe(0);
    const loaded = parseJsonOutput(demo) as { tables: Array<{ table: string; inserted: number }> };
    expect(loaded.tables).toHaveLength(15);
    expect(loaded.tables.reduce((sum, table) => sum + table.inserted, 0)).toBeGreaterThan(300);

    const poStatus = await runJson(['run', 'po-status']);
    const orders = poStatus.output['orders'] as Array<{ po: string; status: string }>;
    expect(new Set(orders.map((order) => order.status))).toEqual(new Set(['ordered', 'partially_received', 'received', 'invoiced', 'closed']));

    const matcher = await runJson(['run', 'invoice-matcher']);
    const unmatched = (matcher.output['results'] as Array<{ invoice: string; status: string; issues: Array<{ code: string; line: number | null }> }>).filter((result) => result.status !== 'matched');
    expect(unmatched.map((result) => [result.invoice, result.status, result.issues.map((issue) => `${issue.code}@${issue.line}`)]).sort()).toEqual([
      [demoExceptions.priceVariance.invoice, 'mismatch', ['price_variance@1']],
      [demoExceptions.overBilledQuantity.invoice, 'mismatch', ['qty_over_received@2']],
      [demoExceptions.invoiceWithoutPo, 'unmatched', ['no_po@null']],
    ]);

    const aging = await runJson(['run', 'ar-aging']);
    expect(aging.output['dunning']).toEqual(demoExceptions.dunningCustomers);
    expect((aging.output['customers'] as Array<{ customer: string; buckets: Record<string, number> }>).find((customer) => customer.customer === 'C-1005')?.buckets['1-30']).toBe(1275.25);

    const reorder = await runJson(['run', 'inventory-reorder']);
    expect((reorder.output['suggestions'] as Array<{ sku: string }>).map((suggestion) => suggestion.sku).sort()).toEqual([...demoExceptions.reorderItems]);

    const reconcile = await runJson(['run', 'gl-reconciler']);
    expect((reconcile.output['unmatchedBank'] as Array<{ id: string }>).map((line) => line.id).sort()).toEqual([...demoExceptions.unmatchedBank]);
    expect((reconcile.output['unmatchedLedger'] as Array<{ entryId: string }>).map((line) => line.entryId).sort()).toEqual([...demoExceptions.unmatchedLedgerEntries]);

    // The model agents, over the real provider path against the fake OpenAI server.
    const openOrders = "SELECT count(*) AS open_orders FROM erp_sales_orders WHERE status = 'open'";
    server.enqueue({ toolCalls: [{ name: 'erp_sql', arguments: { sql: openOrders } }] }, { text: JSON.stringify({ answer: 'There are 3 open sales orders.', sql: openOrders }) });
    const query = await runJson(['run', 'erp-query', 'how many open sales orders do we have'], withModel());
    expect(query.output).toMatchObject({ sql: openOrders, rows: [{ open_orders: 3 }] });

    server.enqueue(
      { toolCalls: [{ name: 'erp_customer_account', arguments: { salesOrder: demoExceptions.lateSalesOrder } }] },
      {
        text: JSON.stringify({
          subject: `Your order ${demoExceptions.lateSalesOrder}`,
          greeting: 'Dear Contoso team,',
          body: 'Your order is late; we are checking with the warehouse and will confirm a delivery date.',
          factsUsed: [{ source: 'erp_customer_account', fact: `${demoExceptions.lateSalesOrder} is open and past its promised date` }],
          openQuestions: ['When will the warehouse ship it?'],
        }),
      },
    );
    const replied = await runJson(['run', 'client-reply', 'draft a reply to Contoso asking where their order is'], withModel());
    expect(replied.output).toMatchObject({ factsUsed: [{ source: 'erp_customer_account' }] });
    const toolMessage = JSON.stringify(server.requests.at(-1)?.body);
    expect(toolMessage).toContain(`\\"id\\":\\"${demoExceptions.lateSalesOrder}\\"`);
    expect(toolMessage).toContain('\\"promisedDatePassed\\":true');

    server.enqueue({ text: JSON.stringify({ assignments: [{ line: 1, account: '6410', confidence: 0.9, reason: 'A taxi.' }, { line: 2, account: '6200', confidence: 0.95, reason: 'Cloud.' }] }) });
    const coded = await runJson(['run', 'expense-coder', '--input', JSON.stringify({ text: 'Taxi to the airport\nAWS EMEA invoice' })], withModel());
    expect(coded.output).toMatchObject({ assignments: [{ line: 1, account: '6410', accountName: 'Taxi and rideshare', source: 'model' }, { line: 2, account: '6200', source: 'model' }] });
  });

  it('the documented outputs of invoice-matcher, ar-aging as of 2026-11-01, inventory-reorder and po-status', async () => {
    expect((await nova(['erp', 'demo', '--anchor', '2026-10-31'])).exitCode).toBe(0);

    const matcher = await runJson(['run', 'invoice-matcher']);
    const results = matcher.output['results'] as Array<Record<string, unknown>>;
    expect(results).toHaveLength(25);
    expect(results.find((result) => result['invoice'] === 'SI-4007')).toEqual({ invoice: 'SI-4007', vendorInvoiceNo: 'INV-889', supplier: 'S-2007', po: 'PO-3007', status: 'mismatch', issues: [{ code: 'price_variance', line: 1, expected: 15.9, actual: 16.54 }] });
    expect(results.find((result) => result['invoice'] === 'SI-4026')).toMatchObject({ po: 'PO-3026', status: 'mismatch', issues: [{ code: 'qty_over_received', line: 2, expected: 20, actual: 30 }] });
    expect(results.find((result) => result['invoice'] === 'SI-4040')).toMatchObject({ po: null, status: 'unmatched', issues: [{ code: 'no_po', line: null, expected: null, actual: null }] });

    const aging = await runJson(['run', 'ar-aging', '--input', '{"asOf":"2026-11-01"}']);
    expect(aging.output).toMatchObject({
      asOf: '2026-11-01',
      buckets: { current: 30075.21, '1-30': 1275.25, '31-60': 4400, '61-90': 2310.5, '90+': 4820 },
      total: 42880.96,
      dunning: ['C-1002', 'C-1003'],
    });
    expect((aging.output['customers'] as Array<Record<string, unknown>>).find((customer) => customer['customer'] === 'C-1002')).toMatchObject({
      name: 'Northwind Traders',
      outstanding: 7130.5,
      buckets: { current: 0, '1-30': 0, '31-60': 0, '61-90': 2310.5, '90+': 4820 },
      oldestDaysPastDue: 101,
    });

    const reorder = await runJson(['run', 'inventory-reorder', '--input', '{"asOf":"2026-10-31"}']);
    expect(reorder.output['suggestions']).toEqual([
      { sku: 'SKU-1003', name: 'Aluminium profile 2 m', available: 8, reorderPoint: 40, quantity: 152, supplier: 'S-2003', orderBy: '2026-10-14' },
      { sku: 'SKU-1008', name: 'Stretch film roll', available: -5, reorderPoint: 25, quantity: 90, supplier: 'S-2008', orderBy: '2026-10-21' },
      { sku: 'SKU-1022', name: 'Foam insert 40x30', available: 33, reorderPoint: 50, quantity: 217, supplier: 'S-2006', orderBy: '2026-10-27' },
      { sku: 'SKU-1015', name: 'LED panel 30x30', available: 60, reorderPoint: 60, quantity: 120, supplier: 'S-2007', orderBy: '2026-10-31' },
    ]);
    const today = await runJson(['run', 'inventory-reorder']);
    expect((today.output['suggestions'] as Array<{ orderBy: string }>).every((suggestion) => /^\d{4}-\d{2}-\d{2}$/.test(suggestion.orderBy))).toBe(true);

    const poStatus = await runJson(['run', 'po-status']);
    expect(poStatus.output['orders']).toHaveLength(30);
    const one = await runJson(['run', 'po-status', 'has purchase order 3026 been received']);
    expect(one.output['orders']).toEqual([
      {
        po: 'PO-3026',
        supplier: 'S-2002',
        supplierName: 'Globex Supplies Inc',
        status: 'partially_received',
        lines: [
          { line: 1, sku: 'SKU-1002', ordered: 80, received: 80, invoiced: 80 },
          { line: 2, sku: 'SKU-1010', ordered: 30, received: 20, invoiced: 30 },
        ],
      },
    ]);
  });

  it('bad CSV input: exit 2, every problem as file:line:column, nothing imported', async () => {
    const directory = join(home.path, 'exports');
    mkdirSync(directory);
    writeFileSync(join(directory, 'customers.csv'), 'id,name,email,country,payment_terms_days,credit_limit\nC1,Alpha,,DE,30,5000.00\nC2,Beta,,US,14,"1,000"\n');
    writeFileSync(join(directory, 'sales_orders.csv'), 'id,customer_id,order_date,promised_date,status,total\nSO1,C1,2026-10-01,,open,10.00\nSO2,C7,2026-10-01,,open,10.00\n');
    writeFileSync(join(directory, 'notes.txt'), 'not an export');

    const human = await nova(['erp', 'import', '--dir', directory]);
    expect(human.exitCode).toBe(2);
    expect(human.stderr).toContain('error[input_invalid]: The ERP import was refused (2 problems); nothing was imported:');
    expect(human.stderr).toContain('customers.csv:3:6: credit_limit: expected an amount like 1234.56');
    expect(human.stderr).toContain('sales_orders.csv:3:2: customer_id: expected a row of customers.csv (in this import or already in the store) with id "C7"; there is none');

    const json = await nova(['erp', 'import', '--dir', directory, '--json']);
    expect(json.exitCode).toBe(2);
    const error = parseJsonOutput(json)['error'] as { code: string; details: { issues: Array<Record<string, unknown>> } };
    expect(error.code).toBe('input_invalid');
    expect(error.details.issues).toEqual([
      { file: 'customers.csv', line: 3, column: 6, field: 'credit_limit', message: 'expected an amount like 1234.56 (digits, "." as decimal point, at most 2 decimals, no thousands separator, at least 0.00), got "1,000"' },
      { file: 'sales_orders.csv', line: 3, column: 2, field: 'customer_id', message: 'expected a row of customers.csv (in this import or already in the store) with id "C7"; there is none' },
    ]);

    const query = "SELECT count(*) AS n FROM erp_customers";
    server.enqueue({ text: JSON.stringify({ answer: 'None.', sql: query }) });
    expect((await runJson(['run', 'erp-query', 'how many customers'], withModel())).output).toMatchObject({ rows: [{ n: 0 }] });

    expect((await nova(['erp', 'import', '--dir', join(home.path, 'nowhere')])).exitCode).toBe(2);
    const empty = join(home.path, 'empty');
    mkdirSync(empty);
    const none = await nova(['erp', 'import', '--dir', empty]);
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toContain('has none of the ERP files');
  });

  it('imports a folder, says what changed, and again that nothing did', async () => {
    const directory = join(home.path, 'exports');
    mkdirSync(directory);
    for (const [name, text] of Object.entries(fixtureFiles)) writeFileSync(join(directory, name), text);
    writeFileSync(join(directory, 'README.txt'), 'exported by hand');
    const first = await nova(['erp', 'import', '--dir', directory]);
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toMatch(/^Imported \(merged by key\):\nFILE +TABLE +ROWS +INSERTED +UPDATED +DELETED +UNCHANGED\ncustomers\.csv +erp_customers +3 +3 +0 +0 +0\n/);
    expect(first.stdout).toContain('Not ERP files, left alone: README.txt');
    const again = await nova(['erp', 'import', '--dir', directory, '--json']);
    const summary = parseJsonOutput(again) as { tables: Array<{ unchanged: number; rows: number }>; ignoredFiles: string[] };
    expect(summary.tables.every((table) => table.unchanged === table.rows)).toBe(true);
    expect(summary.ignoredFiles).toEqual(['README.txt']);

    // The demo company is not mixed into these rows unless asked to replace them.
    const refused = await nova(['erp', 'demo']);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('nova erp demo --replace');
    const replaced = await nova(['erp', 'demo', '--replace', '--json']);
    expect(replaced.exitCode).toBe(0);
    expect((parseJsonOutput(replaced)['tables'] as Array<{ table: string; deleted: number }>).find((table) => table.table === 'erp_customers')?.deleted).toBe(3);
  });

  it('the model agents fail with model_not_configured when no model is configured', async () => {
    for (const id of ['erp-query', 'client-reply', 'expense-coder']) {
      const result = await nova(['run', id, 'a request', '--json']);
      expect(result.exitCode, id).toBe(2);
      expect(parseJsonOutput(result)['error'], id).toMatchObject({ code: 'model_not_configured' });
    }
  });
});
