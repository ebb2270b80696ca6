import { addDays } from './erp-dates.ts';
import { matchIds, notFound } from './erp-lookup.ts';
import type { ErpDatabase } from './erp-tables.ts';
import { toInteger } from './money.ts';

export interface ReorderSuggestion {
  sku: string;
  name: string;
  available: number;
  reorderPoint: number;
  quantity: number;
  /** The supplier of the item's latest purchase order, when there is one. */
  supplier?: string;
  orderBy: string;
}

/**
 * Reorder suggestions as of a date. Available stock is, over all warehouses, on hand minus reserved plus
 * on order; an item at or below its reorder point is suggested.
 *
 * - quantity: enough to bring available stock back to reorder point + reorder quantity, and at least
 *   the reorder quantity: `max(reorder_qty, reorder_point + reorder_qty - available)`.
 * - orderBy: the reorder point is read, as usual, as the demand over the lead time, so the stock lasts
 *   `available / reorder_point x lead_time` days and an order must be placed a lead time before that:
 *   `asOf + floor(max(0, available) x lead_time / reorder_point) - lead_time`. At the reorder point
 *   that is `asOf`; below it the date has passed (the order is late: stock will run out first).
 * Suggestions come most urgent first (orderBy, then sku).
 */
export async function reorderSuggestions(db: ErpDatabase, query: { asOf: string; sku?: string }): Promise<{ asOf: string; suggestions: ReorderSuggestion[] }> {
  let items = db.selectFrom('erp_items').select(['sku', 'name', 'reorder_point', 'reorder_qty', 'lead_time_days']);
  if (query.sku !== undefined) {
    const skus = (await db.selectFrom('erp_items').select('sku').execute()).map((row) => row.sku);
    const matched = matchIds(query.sku, skus);
    if (matched.length === 0) throw notFound('item', query.sku, skus);
    items = items.where('sku', 'in', matched);
  }
  const stock = await db
    .selectFrom('erp_stock')
    .select((builder) => ['sku', builder.fn.sum<number | string>('on_hand').as('on_hand'), builder.fn.sum<number | string>('reserved').as('reserved'), builder.fn.sum<number | string>('on_order').as('on_order')])
    .groupBy('sku')
    .execute();
  const available = new Map(stock.map((row) => [row.sku, toInteger(row.on_hand) - toInteger(row.reserved) + toInteger(row.on_order)]));
  const suppliers = await latestSuppliers(db, query.asOf);

  const suggestions: ReorderSuggestion[] = [];
  for (const item of await items.orderBy('sku').execute()) {
    const reorderPoint = toInteger(item.reorder_point);
    const reorderQuantity = toInteger(item.reorder_qty);
    const leadTime = toInteger(item.lead_time_days);
    const itemAvailable = available.get(item.sku) ?? 0;
    if (itemAvailable > reorderPoint) continue;
    const quantity = Math.max(reorderQuantity, reorderPoint + reorderQuantity - itemAvailable);
    if (quantity <= 0) continue;
    const coverDays = reorderPoint > 0 ? Math.floor((Math.max(0, itemAvailable) * leadTime) / reorderPoint) : 0;
    const supplier = suppliers.get(item.sku);
    suggestions.push({
      sku: item.sku,
      name: item.name,
      available: itemAvailable,
      reorderPoint,
      quantity,
      ...(supplier === undefined ? {} : { supplier }),
      orderBy: addDays(query.asOf, coverDays - leadTime),
    });
  }
  suggestions.sort((left, right) => left.orderBy.localeCompare(right.orderBy) || left.sku.localeCompare(right.sku));
  return { asOf: query.asOf, suggestions };
}

/** The supplier of each item's most recent purchase order placed on or before `asOf`. */
async function latestSuppliers(db: ErpDatabase, asOf: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('erp_po_lines')
    .innerJoin('erp_purchase_orders', 'erp_purchase_orders.id', 'erp_po_lines.po_id')
    .select(['erp_po_lines.sku', 'erp_purchase_orders.supplier_id', 'erp_purchase_orders.order_date', 'erp_purchase_orders.id'])
    .where('erp_purchase_orders.order_date', '<=', asOf)
    .orderBy('erp_purchase_orders.order_date')
    .orderBy('erp_purchase_orders.id')
    .execute();
  // Later orders overwrite earlier ones.
  return new Map(rows.map((row) => [row.sku, row.supplier_id]));
}
