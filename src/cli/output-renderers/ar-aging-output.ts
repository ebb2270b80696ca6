import { agingBuckets, dunningAfterDays, type AgingCustomer, type ArAgingResult } from '../../domains/erp/ar-aging.ts';
import { table } from '../render-table.ts';
import { amountText } from './amount-text.ts';
import { isRecord, type OutputRenderer } from './output-renderer.ts';

/**
 * ar-aging on a terminal: the total and how many customers to dun, the buckets, then the customers to
 * dun with their past-due invoices, then the others.
 *
 * ```
 * Receivables as of 2026-12-07: 42,880.96 outstanding from 7 customers; 2 to dun (an invoice more than 30 days past due)
 * ```
 */
export const arAgingRenderer: OutputRenderer = {
  agentId: 'ar-aging',
  render(output) {
    if (!isArAgingOutput(output)) return undefined;
    const { asOf, customers, dunning } = output;
    if (customers.length === 0) return `No receivables outstanding as of ${asOf}.\n`;
    const toDun = new Set(dunning);
    const first = customers.filter((customer) => toDun.has(customer.customer));
    const others = customers.filter((customer) => !toDun.has(customer.customer));
    const dunningText = first.length === 0 ? 'none to dun' : `${first.length} to dun (an invoice more than ${dunningAfterDays} days past due)`;
    const parts = [
      `Receivables as of ${asOf}: ${amountText(output.total)} outstanding from ${customers.length} ${customers.length === 1 ? 'customer' : 'customers'}; ${dunningText}\n`,
      table([...agingBuckets], [agingBuckets.map((bucket) => amountText(output.buckets[bucket]))], { alignRight: agingBuckets.map((_, column) => column) }),
    ];
    if (first.length > 0) {
      parts.push(
        `To dun:\n${table(
          ['CUSTOMER', 'NAME', 'OUTSTANDING', 'DAYS PAST DUE', 'PAST-DUE INVOICES (DAYS, AMOUNT)'],
          first.map((customer) => [customer.customer, customer.name, amountText(customer.outstanding), String(customer.oldestDaysPastDue), pastDueInvoices(customer)]),
          { alignRight: [2, 3] },
        )}`,
      );
    }
    if (others.length > 0) {
      parts.push(
        `${first.length > 0 ? 'Other customers' : 'Customers'}:\n${table(
          ['CUSTOMER', 'NAME', 'OUTSTANDING', 'CURRENT', 'PAST DUE', 'DAYS PAST DUE'],
          others.map((customer) => [customer.customer, customer.name, amountText(customer.outstanding), amountText(customer.buckets.current), amountText(customer.outstanding - customer.buckets.current), customer.oldestDaysPastDue === 0 ? '-' : String(customer.oldestDaysPastDue)]),
          { alignRight: [2, 3, 4, 5] },
        )}`,
      );
    }
    parts.push('--json prints every invoice in full.\n');
    return parts.join('\n');
  },
};

function pastDueInvoices(customer: AgingCustomer): string {
  return customer.invoices
    .filter((invoice) => invoice.daysPastDue > 0)
    .sort((left, right) => right.daysPastDue - left.daysPastDue)
    .map((invoice) => `${invoice.invoice} (${invoice.daysPastDue}, ${amountText(invoice.outstanding)})`)
    .join(', ');
}

/** The shape the shipped ar-aging returns; an agent of that id written by the user may return another. */
function isArAgingOutput(value: unknown): value is ArAgingResult {
  if (!isRecord(value) || typeof value['asOf'] !== 'string' || typeof value['total'] !== 'number' || !isBuckets(value['buckets'])) return false;
  if (!Array.isArray(value['dunning']) || !value['dunning'].every((id) => typeof id === 'string') || !Array.isArray(value['customers'])) return false;
  return value['customers'].every(
    (customer) =>
      isRecord(customer) &&
      typeof customer['customer'] === 'string' &&
      typeof customer['name'] === 'string' &&
      typeof customer['outstanding'] === 'number' &&
      typeof customer['oldestDaysPastDue'] === 'number' &&
      isBuckets(customer['buckets']) &&
      Array.isArray(customer['invoices']) &&
      customer['invoices'].every((invoice) => isRecord(invoice) && typeof invoice['invoice'] === 'string' && typeof invoice['outstanding'] === 'number' && typeof invoice['daysPastDue'] === 'number'),
  );
}

function isBuckets(value: unknown): boolean {
  return isRecord(value) && agingBuckets.every((bucket) => typeof value[bucket] === 'number');
}
