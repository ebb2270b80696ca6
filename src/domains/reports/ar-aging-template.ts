import { compactValue, isPlainObject, scalarText } from './compact-value.ts';
import { cell, type ReportBlock, type ReportCell, type ReportDocument, type ReportRow } from './report-document.ts';
import type { TableOptions } from './table-builder.ts';

/**
 * The ar-aging agent's output: `{asOf, buckets, total, customers: [{customer, name?, outstanding, buckets,
 * oldestDaysPastDue, invoices?}], dunning}`, amounts in the data's currency.
 */
export interface ArAgingResult {
  asOf: string;
  buckets: Record<string, unknown>;
  total: unknown;
  customers: Array<Record<string, unknown>>;
  dunning: unknown[];
}

const bucketOrder = ['current', '1-30', '31-60', '61-90', '90+'];
const dunningDays = 30;
const seriousDays = 90;

/** True when the value has the shape of the ar-aging output. */
export function isArAging(value: unknown): value is ArAgingResult {
  return (
    isPlainObject(value) &&
    typeof value['asOf'] === 'string' &&
    isPlainObject(value['buckets']) &&
    'total' in value &&
    Array.isArray(value['customers']) &&
    value['customers'].every(isPlainObject) &&
    Array.isArray(value['dunning'])
  );
}

/**
 * Receivables aging as a report: the totals per bucket, one row per customer (dunning candidates
 * flagged as warnings, anything more than 90 days past due as errors), and the dunning list. Amounts
 * are printed exactly as the data gives them: Nova never re-rounds money.
 */
export function arAgingDocument(result: ArAgingResult, title: string, options: TableOptions): ReportDocument {
  const bucketNames = orderedBuckets([result.buckets, ...result.customers.map((customer) => (isPlainObject(customer['buckets']) ? customer['buckets'] : {}))]);
  const dunningIds = new Set(result.dunning.map((entry) => customerId(entry)));
  const names = new Map(result.customers.map((customer) => [customerId(customer['customer'] ?? customer), customerLabel(customer)]));
  const blocks: ReportBlock[] = [
    { kind: 'heading', level: 2, text: 'Summary' },
    {
      kind: 'facts',
      facts: [
        { label: 'As of', value: cell(result.asOf) },
        { label: 'Total outstanding', value: amountCell(result.total) },
        { label: 'Customers', value: cell(String(result.customers.length), { numeric: true }) },
        { label: 'Dunning candidates', value: cell(String(result.dunning.length), { numeric: true, ...(result.dunning.length > 0 ? { tone: 'warning' as const } : {}) }) },
      ],
    },
    result.dunning.length > 0
      ? { kind: 'callout', tone: 'warning', text: `${result.dunning.length} customer(s) have an invoice more than ${dunningDays} days past due: ${result.dunning.map((entry) => names.get(customerId(entry)) ?? customerId(entry)).join(', ')}.` }
      : { kind: 'callout', tone: 'ok', text: `No customer has an invoice more than ${dunningDays} days past due.` },
    { kind: 'heading', level: 2, text: 'Aging buckets' },
    { kind: 'table', columns: ['Bucket', 'Amount'], rows: bucketNames.map((name) => ({ cells: [cell(name), amountCell(result.buckets[name])], flag: null })) },
    { kind: 'heading', level: 2, text: 'Customers' },
  ];
  if (result.customers.length === 0) blocks.push({ kind: 'paragraph', text: 'No customer has an outstanding balance.' });
  else {
    blocks.push({
      kind: 'table',
      columns: ['Customer', 'Outstanding', ...bucketNames, 'Oldest days past due', 'Dunning'],
      rows: result.customers.slice(0, options.maxRows).map((customer) => customerRow(customer, bucketNames, dunningIds)),
      ...(result.customers.length > options.maxRows ? { note: `Showing the first ${options.maxRows} of ${result.customers.length} customers.` } : {}),
    });
  }
  blocks.push({ kind: 'heading', level: 2, text: 'Dunning' });
  if (result.dunning.length === 0) blocks.push({ kind: 'paragraph', text: 'Nobody to remind.' });
  else blocks.push({ kind: 'list', items: result.dunning.map((entry) => names.get(customerId(entry)) ?? customerId(entry)) });
  blocks.push(...invoiceBlocks(result.customers, options));
  return { title, blocks };
}

/** The open invoices, when the customers list them: oldest first, those past the dunning limit flagged. */
function invoiceBlocks(customers: ReadonlyArray<Record<string, unknown>>, options: TableOptions): ReportBlock[] {
  const invoices = customers.flatMap((customer) => (Array.isArray(customer['invoices']) ? customer['invoices'].filter(isPlainObject).map((invoice) => ({ customer, invoice })) : []));
  if (invoices.length === 0) return [];
  const days = (invoice: Record<string, unknown>) => (typeof invoice['daysPastDue'] === 'number' ? invoice['daysPastDue'] : 0);
  invoices.sort((left, right) => days(right.invoice) - days(left.invoice));
  const rows = invoices.slice(0, options.maxRows).map(({ customer, invoice }): ReportRow => {
    const pastDue = days(invoice);
    const flag = pastDue > seriousDays ? { tone: 'error' as const, reason: `${pastDue} days past due` } : pastDue > dunningDays ? { tone: 'warning' as const, reason: `${pastDue} days past due` } : null;
    return {
      cells: [
        cell(customerLabel(customer)),
        cell(scalarText(invoice['invoice'] ?? invoice['id'])),
        cell(invoice['dueDate'] === undefined ? '' : scalarText(invoice['dueDate'])),
        amountCell(invoice['outstanding']),
        cell(String(pastDue), { numeric: true, ...(flag === null ? {} : { tone: flag.tone }) }),
      ],
      flag,
    };
  });
  return [
    { kind: 'heading', level: 2, text: 'Open invoices' },
    { kind: 'table', columns: ['Customer', 'Invoice', 'Due date', 'Outstanding', 'Days past due'], rows, ...(invoices.length > options.maxRows ? { note: `Showing the first ${options.maxRows} of ${invoices.length} invoices.` } : {}) },
  ];
}

function customerRow(customer: Record<string, unknown>, bucketNames: readonly string[], dunningIds: ReadonlySet<string>): ReportRow {
  const id = customerId(customer['customer'] ?? customer);
  const buckets = isPlainObject(customer['buckets']) ? customer['buckets'] : {};
  const oldest = customer['oldestDaysPastDue'];
  const dunning = dunningIds.has(id);
  const flag =
    typeof oldest === 'number' && oldest > seriousDays
      ? { tone: 'error' as const, reason: `${oldest} days past due` }
      : dunning
        ? { tone: 'warning' as const, reason: `more than ${dunningDays} days past due` }
        : null;
  return {
    cells: [
      cell(customerLabel(customer)),
      amountCell(customer['outstanding']),
      ...bucketNames.map((name) => amountCell(buckets[name])),
      cell(oldest === undefined ? '' : scalarText(oldest), { numeric: true, ...(flag === null ? {} : { tone: flag.tone }) }),
      cell(dunning ? 'yes' : 'no', dunning ? { tone: 'warning' } : {}),
    ],
    flag,
  };
}

function orderedBuckets(bucketSets: ReadonlyArray<Record<string, unknown>>): string[] {
  const names = [...bucketOrder];
  for (const buckets of bucketSets) for (const name of Object.keys(buckets)) if (!names.includes(name)) names.push(name);
  return names;
}

/**
 * An amount: a decimal string exactly as given; a number of currency units with two decimals when it has
 * no more than two (1234.5 is 1234.50), else as it is, never rounded.
 */
function amountCell(value: unknown): ReportCell {
  if (value === undefined) return cell('');
  if (typeof value === 'string') return cell(value, { numeric: true });
  if (typeof value === 'number') return cell(Number.isFinite(value) && Math.round(value * 100) / 100 === value ? value.toFixed(2) : String(value), { numeric: true });
  return cell(isPlainObject(value) || Array.isArray(value) ? compactValue(value) : scalarText(value), { numeric: true });
}

/** A customer's id, whether the data gives an id or an object with one. */
function customerId(customer: unknown): string {
  if (typeof customer === 'string' || typeof customer === 'number') return String(customer);
  if (isPlainObject(customer)) {
    for (const key of ['id', 'customerId', 'customer_id', 'customer']) {
      const value = customer[key];
      if (typeof value === 'string' || typeof value === 'number') return String(value);
    }
  }
  return compactValue(customer);
}

/** "Name (id)" from a customer row (`{customer: id, name}`), a customer object (`{id, name}`), or an id. */
function customerLabel(row: unknown): string {
  const customer = isPlainObject(row) && row['customer'] !== undefined ? row['customer'] : row;
  const name = isPlainObject(customer) && typeof customer['name'] === 'string' ? customer['name'] : isPlainObject(row) && typeof row['name'] === 'string' ? row['name'] : null;
  const id = customerId(customer);
  return name === null || name === id ? id : `${name} (${id})`;
}
