import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderOutput } from '../../src/cli/output-renderers/render-output.ts';
import { wrappedList } from '../../src/cli/output-renderers/wrapped-list.ts';
import { demoExceptions } from '../../src/domains/erp/erp-demo.ts';
import { parseJsonOutput, runCli } from '../support/cli.ts';
import { temporaryDirectory } from '../support/temporary-directory.ts';

interface MatchResult {
  invoice: string;
  status: string;
}

describe('the terminal views of ERP agents, on the demo company', () => {
  let home: { path: string; remove: () => void };
  let env: Record<string, string>;
  const question = "which supplier invoices don't match their purchase orders";

  beforeAll(async () => {
    home = temporaryDirectory();
    env = { NOVA_HOME: home.path };
    expect((await runCli(['erp', 'demo', '--anchor', '2024-11-05'], env)).exitCode).toBe(0);
  });
  afterAll(() => home.remove());

  it("answers the Quick start's question with the counts, then every exception before any invoice that matches", async () => {
    const json = parseJsonOutput(await runCli(['run', 'invoice-matcher', '--json'], env)) as { output: { asOf: string; results: MatchResult[] } };
    const results = json.output.results;
    const exceptions = results.filter((result) => result.status !== 'matched').map((result) => result.invoice);
    const matched = results.filter((result) => result.status === 'matched').map((result) => result.invoice);
    expect(exceptions.sort()).toEqual([demoExceptions.priceVariance.invoice, demoExceptions.overBilledQuantity.invoice, demoExceptions.invoiceWithoutPo].sort());
    expect(matched.length).toBeGreaterThan(10);

    const answer = await runCli(['ask', question], env);
    expect(answer.exitCode).toBe(0);
    const lines = answer.stdout.split('\n');
    expect(lines[0]).toBe(`${results.length} supplier invoices as of ${json.output.asOf}: ${matched.length} match, ${exceptions.length} exceptions`);
    const lastException = Math.max(...exceptions.map((id) => answer.stdout.indexOf(id)));
    const firstMatched = Math.min(...matched.map((id) => answer.stdout.indexOf(id)));
    expect(exceptions.every((id) => answer.stdout.includes(id))).toBe(true);
    expect(matched.every((id) => answer.stdout.includes(id))).toBe(true);
    expect(lastException).toBeLessThan(firstMatched);
    // Each exception says what does not match, with the figures.
    expect(answer.stdout).toMatch(new RegExp(`${demoExceptions.priceVariance.invoice} .*unit price \\d+\\.\\d% above the PO's +${demoExceptions.priceVariance.line} +[\\d.,]+ +[\\d.,]+\\n`));
    expect(answer.stdout).toMatch(new RegExp(`${demoExceptions.overBilledQuantity.invoice} .*billed more than received +${demoExceptions.overBilledQuantity.line} +\\d+ +\\d+\\n`));
    expect(answer.stdout).toMatch(new RegExp(`${demoExceptions.invoiceWithoutPo} .* - +no purchase order`));
    expect(answer.stdout).not.toContain('"status"');
  });

  it('with --json prints the raw output, every invoice in full, as before', async () => {
    const run = parseJsonOutput(await runCli(['run', 'invoice-matcher', '--json'], env));
    const asked = parseJsonOutput(await runCli(['ask', question, '--json'], env));
    expect(Object.keys(asked)).toEqual(['runId', 'status', 'output', 'error', 'warnings', 'usage']);
    expect(asked['output']).toEqual(run['output']);
    expect((asked['output'] as { results: unknown[] }).results.length).toBe((run['output'] as { results: unknown[] }).results.length);
  });

  it('shows the receivables to dun first, with their past-due invoices', async () => {
    const asOf = ['--input', '{"asOf": "2024-11-05"}'];
    const aging = await runCli(['run', 'ar-aging', ...asOf], env);
    expect(aging.exitCode).toBe(0);
    const json = parseJsonOutput(await runCli(['run', 'ar-aging', ...asOf, '--json'], env)) as { output: { total: number; customers: Array<{ customer: string }> } };
    const total = json.output.total.toLocaleString('en-US', { minimumFractionDigits: 2 });
    expect(aging.stdout.split('\n')[0]).toBe(`Receivables as of 2024-11-05: ${total} outstanding from ${json.output.customers.length} customers; 2 to dun (an invoice more than 30 days past due)`);
    const dunned = demoExceptions.dunningCustomers.map((id) => aging.stdout.indexOf(id));
    const others = json.output.customers.map((customer) => customer.customer).filter((id) => !(demoExceptions.dunningCustomers as readonly string[]).includes(id));
    expect(dunned.every((at) => at > 0)).toBe(true);
    expect(Math.max(...dunned)).toBeLessThan(Math.min(...others.map((id) => aging.stdout.indexOf(id))));
    expect(aging.stdout).toMatch(/To dun:\nCUSTOMER +NAME +OUTSTANDING +DAYS PAST DUE +PAST-DUE INVOICES/);
  });
});

describe('renderOutput', () => {
  it('falls back to the raw output when an agent of that id returns another shape (a user override)', () => {
    const output = { asOf: '2024-11-05', results: [{ invoice: 'X-1', total: 3 }] };
    expect(renderOutput(output, 'invoice-matcher')).toBe(JSON.stringify(output, null, 2));
    expect(renderOutput({ text: 'hello' }, 'ar-aging')).toBe('hello');
    expect(renderOutput({ a: 1 })).toBe('{\n  "a": 1\n}');
  });

  it('says so when nothing fits the request, and when every invoice matches', () => {
    expect(renderOutput({ asOf: '2024-11-05', results: [] }, 'invoice-matcher')).toBe('No supplier invoices as of 2024-11-05 fit the request.');
    const one = { asOf: '2024-11-05', results: [{ invoice: 'SI-1', vendorInvoiceNo: 'V-1', supplier: 'S-1', po: 'PO-1', status: 'matched', issues: [] }] };
    expect(renderOutput(one, 'invoice-matcher').split('\n')[0]).toBe('1 supplier invoice as of 2024-11-05: it matches');
  });

  it('wraps a long list under its label', () => {
    expect(wrappedList('3 match: ', ['aaaa', 'bbbb', 'cccc'], 20)).toBe('3 match: aaaa, bbbb,\n         cccc\n');
  });
});
