import { NovaError } from '../../core/errors.ts';
import { daysBetween } from './erp-dates.ts';
import { matchIds, matchParties, notFound } from './erp-lookup.ts';
import type { ErpDatabase } from './erp-tables.ts';
import { centsToAmount, toInteger } from './money.ts';

export interface CustomerAccountQuery {
  /** A customer id or part of its name. */
  customer?: string;
  /** A customer invoice id: the account of its customer. */
  invoice?: string;
  /** A sales order id: the account of its customer. */
  salesOrder?: string;
  asOf: string;
}

export interface CustomerAccount {
  asOf: string;
  customer: { id: string; name: string; email: string | null; country: string | null; paymentTermsDays: number; creditLimit: number };
  salesOrders: Array<{ id: string; orderDate: string; promisedDate: string | null; status: string; total: number; invoiced: boolean; promisedDatePassed: boolean }>;
  invoices: Array<{ id: string; salesOrderId: string | null; invoiceDate: string; dueDate: string; total: number; paid: number; outstanding: number; daysPastDue: number }>;
  outstanding: number;
}

/**
 * One customer's account as of a date: who they are, their sales orders (with whether the promised
 * date has passed), their invoices with what is paid and outstanding, and the balance. Found by the
 * customer's id or name, or by one of their invoices or sales orders.
 */
export async function customerAccount(db: ErpDatabase, query: CustomerAccountQuery): Promise<CustomerAccount> {
  const customerId = await resolveCustomer(db, query);
  const customer = await db.selectFrom('erp_customers').selectAll().where('id', '=', customerId).executeTakeFirstOrThrow();
  const orders = await db.selectFrom('erp_sales_orders').selectAll().where('customer_id', '=', customerId).where('order_date', '<=', query.asOf).orderBy('order_date').orderBy('id').execute();
  const invoices = await db.selectFrom('erp_customer_invoices').selectAll().where('customer_id', '=', customerId).where('invoice_date', '<=', query.asOf).orderBy('invoice_date').orderBy('id').execute();
  const payments = await db
    .selectFrom('erp_payments')
    .select(['invoice_id', 'amount_cents'])
    .where('party_type', '=', 'customer')
    .where('party_id', '=', customerId)
    .where('date', '<=', query.asOf)
    .execute();
  const paid = new Map<string, number>();
  for (const payment of payments) if (payment.invoice_id !== null) paid.set(payment.invoice_id, (paid.get(payment.invoice_id) ?? 0) + toInteger(payment.amount_cents));
  const invoicedOrders = new Set(invoices.map((invoice) => invoice.sales_order_id));

  let outstandingCents = 0;
  const invoiceRows = invoices.map((invoice) => {
    const total = toInteger(invoice.total_cents);
    const paidCents = paid.get(invoice.id) ?? 0;
    outstandingCents += total - paidCents;
    return {
      id: invoice.id,
      salesOrderId: invoice.sales_order_id,
      invoiceDate: invoice.invoice_date,
      dueDate: invoice.due_date,
      total: centsToAmount(total),
      paid: centsToAmount(paidCents),
      outstanding: centsToAmount(total - paidCents),
      daysPastDue: daysBetween(invoice.due_date, query.asOf),
    };
  });
  return {
    asOf: query.asOf,
    customer: {
      id: customer.id,
      name: customer.name,
      email: customer.email,
      country: customer.country,
      paymentTermsDays: toInteger(customer.payment_terms_days),
      creditLimit: centsToAmount(toInteger(customer.credit_limit_cents)),
    },
    salesOrders: orders.map((order) => ({
      id: order.id,
      orderDate: order.order_date,
      promisedDate: order.promised_date,
      status: order.status,
      total: centsToAmount(toInteger(order.total_cents)),
      invoiced: invoicedOrders.has(order.id),
      promisedDatePassed: order.promised_date !== null && order.promised_date < query.asOf,
    })),
    invoices: invoiceRows,
    outstanding: centsToAmount(outstandingCents),
  };
}

async function resolveCustomer(db: ErpDatabase, query: CustomerAccountQuery): Promise<string> {
  if (query.invoice !== undefined) {
    const invoices = await db.selectFrom('erp_customer_invoices').select(['id', 'customer_id']).execute();
    const [id] = matchIds(query.invoice, invoices.map((invoice) => invoice.id));
    if (id === undefined) throw notFound('customer invoice', query.invoice, invoices.map((invoice) => invoice.id));
    return invoices.find((invoice) => invoice.id === id)!.customer_id;
  }
  if (query.salesOrder !== undefined) {
    const orders = await db.selectFrom('erp_sales_orders').select(['id', 'customer_id']).execute();
    const [id] = matchIds(query.salesOrder, orders.map((order) => order.id));
    if (id === undefined) throw notFound('sales order', query.salesOrder, orders.map((order) => order.id));
    return orders.find((order) => order.id === id)!.customer_id;
  }
  const customers = await db.selectFrom('erp_customers').select(['id', 'name']).execute();
  const wanted = query.customer ?? '';
  const matched = matchParties(wanted, customers);
  if (matched.length === 0 || wanted.trim() === '') throw notFound('customer', wanted, customers.map((customer) => customer.name));
  if (matched.length > 1) {
    const names = matched.map((customer) => `${customer.id} (${customer.name})`).join(', ');
    throw new NovaError({
      code: 'input_invalid',
      fault: 'user',
      message: `"${wanted}" matches several customers: ${names}`,
      hint: 'Give the customer id or a longer part of the name.',
      details: { candidates: matched.map((customer) => customer.id) },
    });
  }
  return matched[0]!.id;
}
