import { daysBetween } from './erp-dates.ts';
import { inChunks, matchParties, notFound } from './erp-lookup.ts';
import type { ErpDatabase } from './erp-tables.ts';
import { centsToAmount, toInteger } from './money.ts';

export const agingBuckets = ['current', '1-30', '31-60', '61-90', '90+'] as const;
export type AgingBucket = (typeof agingBuckets)[number];
export type BucketAmounts = Record<AgingBucket, number>;

export interface AgingInvoice {
  invoice: string;
  dueDate: string;
  outstanding: number;
  daysPastDue: number;
}

export interface AgingCustomer {
  customer: string;
  name: string;
  outstanding: number;
  buckets: BucketAmounts;
  /** Days past due of the customer's oldest unpaid invoice; 0 when none is past due. */
  oldestDaysPastDue: number;
  invoices: AgingInvoice[];
}

export interface ArAgingResult {
  asOf: string;
  buckets: BucketAmounts;
  total: number;
  customers: AgingCustomer[];
  /** Customers with any unpaid invoice more than 30 days past due, by id. */
  dunning: string[];
}

/** Customers with an invoice more than this many days past due are dunning candidates. */
export const dunningAfterDays = 30;

/**
 * Receivables aging as of a date. Each customer invoice dated on or before `asOf` is outstanding by its
 * total minus the customer payments allocated to it up to `asOf` (unallocated payments are not
 * guessed onto invoices); days past due are `asOf - due date`, and the amount goes to its bucket
 * (`current` when not yet past due). Amounts are summed in cents and given in currency units.
 */
export async function receivablesAging(db: ErpDatabase, query: { asOf: string; customer?: string }): Promise<ArAgingResult> {
  const customers = await db.selectFrom('erp_customers').select(['id', 'name']).execute();
  let selection = db.selectFrom('erp_customer_invoices').select(['id', 'customer_id', 'due_date', 'total_cents']).where('invoice_date', '<=', query.asOf);
  if (query.customer !== undefined) {
    const matched = matchParties(query.customer, customers);
    if (matched.length === 0) throw notFound('customer', query.customer, customers.map((customer) => customer.name));
    selection = selection.where('customer_id', 'in', matched.map((customer) => customer.id));
  }
  const invoices = await selection.orderBy('due_date').orderBy('id').execute();
  const payments = await inChunks(
    invoices.map((invoice) => invoice.id),
    (chunk) =>
      db
        .selectFrom('erp_payments')
        .select(['invoice_id', 'amount_cents'])
        .where('party_type', '=', 'customer')
        .where('invoice_id', 'in', chunk)
        .where('date', '<=', query.asOf)
        .execute(),
  );
  const paid = new Map<string, number>();
  for (const payment of payments) paid.set(payment.invoice_id!, (paid.get(payment.invoice_id!) ?? 0) + toInteger(payment.amount_cents));

  const totals = emptyCents();
  const byCustomer = new Map<string, { buckets: Record<AgingBucket, number>; oldest: number; invoices: AgingInvoice[]; overdue: boolean }>();
  for (const invoice of invoices) {
    const outstandingCents = toInteger(invoice.total_cents) - (paid.get(invoice.id) ?? 0);
    if (outstandingCents === 0) continue;
    const daysPastDue = daysBetween(invoice.due_date, query.asOf);
    const bucket = bucketOf(daysPastDue);
    const entry = byCustomer.get(invoice.customer_id) ?? { buckets: emptyCents(), oldest: 0, invoices: [], overdue: false };
    entry.buckets[bucket] += outstandingCents;
    totals[bucket] += outstandingCents;
    if (outstandingCents > 0) {
      entry.oldest = Math.max(entry.oldest, daysPastDue);
      if (daysPastDue > dunningAfterDays) entry.overdue = true;
    }
    entry.invoices.push({ invoice: invoice.id, dueDate: invoice.due_date, outstanding: centsToAmount(outstandingCents), daysPastDue });
    byCustomer.set(invoice.customer_id, entry);
  }

  const names = new Map(customers.map((customer) => [customer.id, customer.name]));
  const rows = [...byCustomer].map(([customer, entry]) => {
    const outstandingCents = sumBuckets(entry.buckets);
    return { outstandingCents, row: { customer, name: names.get(customer) ?? customer, outstanding: centsToAmount(outstandingCents), buckets: toAmounts(entry.buckets), oldestDaysPastDue: entry.oldest, invoices: entry.invoices } };
  });
  rows.sort((left, right) => right.outstandingCents - left.outstandingCents || left.row.customer.localeCompare(right.row.customer));
  return {
    asOf: query.asOf,
    buckets: toAmounts(totals),
    total: centsToAmount(sumBuckets(totals)),
    customers: rows.map((entry) => entry.row),
    dunning: [...byCustomer].filter(([, entry]) => entry.overdue).map(([customer]) => customer).sort(),
  };
}

export function bucketOf(daysPastDue: number): AgingBucket {
  if (daysPastDue <= 0) return 'current';
  if (daysPastDue <= 30) return '1-30';
  if (daysPastDue <= 60) return '31-60';
  if (daysPastDue <= 90) return '61-90';
  return '90+';
}

function emptyCents(): Record<AgingBucket, number> {
  return { current: 0, '1-30': 0, '31-60': 0, '61-90': 0, '90+': 0 };
}

function sumBuckets(buckets: Record<AgingBucket, number>): number {
  return agingBuckets.reduce((sum, bucket) => sum + buckets[bucket], 0);
}

function toAmounts(buckets: Record<AgingBucket, number>): BucketAmounts {
  return { current: centsToAmount(buckets.current), '1-30': centsToAmount(buckets['1-30']), '31-60': centsToAmount(buckets['31-60']), '61-90': centsToAmount(buckets['61-90']), '90+': centsToAmount(buckets['90+']) };
}
