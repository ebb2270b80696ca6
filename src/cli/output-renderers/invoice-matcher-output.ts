import { invoiceIssueCodes, type InvoiceIssue, type InvoiceMatchResult } from '../../domains/erp/invoice-match.ts';
import { table } from '../render-table.ts';
import { amountText, quantityText } from './amount-text.ts';
import { isRecord, type OutputRenderer } from './output-renderer.ts';
import { wrappedList } from './wrapped-list.ts';

interface InvoiceMatchOutput {
  asOf: string;
  results: InvoiceMatchResult[];
}

/**
 * invoice-matcher on a terminal: the counts, then the invoices that do not match (one row per issue,
 * with what was expected and what was invoiced), then the ids of the ones that match.
 *
 * ```
 * 25 supplier invoices as of 2026-12-07: 22 match, 3 exceptions
 *
 * INVOICE  SUPPLIER  SUPPLIER'S NO  PO       ISSUE                            LINE  EXPECTED  INVOICED
 * SI-4007  S-2007    INV-889        PO-3007  unit price 4.0% above the PO's      1     15.90     16.54
 * ```
 */
export const invoiceMatcherRenderer: OutputRenderer = {
  agentId: 'invoice-matcher',
  render(output) {
    if (!isInvoiceMatchOutput(output)) return undefined;
    const { asOf, results } = output;
    if (results.length === 0) return `No supplier invoices as of ${asOf} fit the request.\n`;
    const byId = [...results].sort((left, right) => left.invoice.localeCompare(right.invoice, 'en', { numeric: true }));
    const exceptions = byId.filter((result) => result.status !== 'matched');
    const matched = byId.filter((result) => result.status === 'matched');
    const counts = exceptions.length === 0 ? (results.length === 1 ? 'it matches' : `all ${results.length} match`) : `${matched.length} match, ${exceptions.length} ${exceptions.length === 1 ? 'exception' : 'exceptions'}`;
    const parts = [`${results.length} supplier ${results.length === 1 ? 'invoice' : 'invoices'} as of ${asOf}: ${counts}\n`];
    if (exceptions.length > 0) parts.push(exceptionTable(exceptions));
    if (matched.length > 0) {
      parts.push(wrappedList(`${matched.length} match: `, matched.map((result) => result.invoice)));
    }
    parts.push('--json prints every invoice in full.\n');
    return parts.join('\n');
  },
};

function exceptionTable(exceptions: readonly InvoiceMatchResult[]): string {
  const rows = exceptions.flatMap((result) =>
    result.issues.map((issue, index) => {
      const invoiceCells = index === 0 ? [result.invoice, result.supplier, result.vendorInvoiceNo, result.po ?? '-'] : ['', '', '', ''];
      return [...invoiceCells, issueText(issue), issue.line === null ? '-' : String(issue.line), figure(issue, issue.expected), figure(issue, issue.actual)];
    }),
  );
  return table(['INVOICE', 'SUPPLIER', "SUPPLIER'S NO", 'PO', 'ISSUE', 'LINE', 'EXPECTED', 'INVOICED'], rows, { alignRight: [5, 6, 7] });
}

/** What does not match, in words; `expected` is the PO's or the receipts' figure, `actual` the invoice's. */
function issueText(issue: InvoiceIssue): string {
  switch (issue.code) {
    case 'price_variance': {
      if (issue.expected === null || issue.actual === null || issue.expected === 0) return "unit price differs from the PO's";
      const percent = ((issue.actual - issue.expected) / issue.expected) * 100;
      return `unit price ${Math.abs(percent).toFixed(1)}% ${percent > 0 ? 'above' : 'below'} the PO's`;
    }
    case 'qty_over_received':
      return 'billed more than received';
    case 'qty_over_ordered':
      return issue.expected === 0 ? 'billed an item not on the PO' : 'billed more than ordered';
    case 'no_receipt':
      return 'billed, nothing received';
    case 'no_po':
      return 'no purchase order';
  }
}

function figure(issue: InvoiceIssue, value: number | null): string {
  if (value === null) return '-';
  return issue.code === 'price_variance' ? amountText(value) : quantityText(value);
}

const issueCodes: ReadonlySet<string> = new Set(invoiceIssueCodes);

/** The shape the shipped invoice-matcher returns; an agent of that id written by the user may return another. */
function isInvoiceMatchOutput(value: unknown): value is InvoiceMatchOutput {
  if (!isRecord(value) || typeof value['asOf'] !== 'string' || !Array.isArray(value['results'])) return false;
  return value['results'].every(
    (result) =>
      isRecord(result) &&
      ['invoice', 'vendorInvoiceNo', 'supplier'].every((field) => typeof result[field] === 'string') &&
      (result['po'] === null || typeof result['po'] === 'string') &&
      ['matched', 'mismatch', 'unmatched'].includes(result['status'] as string) &&
      Array.isArray(result['issues']) &&
      result['issues'].every((issue) => isRecord(issue) && issueCodes.has(issue['code'] as string) && ['line', 'expected', 'actual'].every((field) => issue[field] === null || typeof issue[field] === 'number')),
  );
}
