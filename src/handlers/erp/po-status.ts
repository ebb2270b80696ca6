import type { AgentHandler } from '../../core/agent-spec.ts';
import { erpDatabase } from '../../domains/erp/erp-database.ts';
import { notFound } from '../../domains/erp/erp-lookup.ts';
import { purchaseOrderStatus, type PoStatusOrder } from '../../domains/erp/po-status.ts';
import { asksForOpenOnly, idReferencesInText, partiesInText } from '../../domains/erp/request-text.ts';
import type { HandlerDependencies } from '../handler-dependencies.ts';
import { asOfDate } from './erp-input.ts';

export interface PoStatusInput {
  po?: string;
  supplier?: string;
  openOnly?: boolean;
  asOf?: string;
  /** A request in words ("which POs from Acme are still open"): POs, suppliers and "open" are read from it. */
  text?: string;
}

/** po-status: the status of purchase orders (all, one, or one supplier's), from the ERP store. */
export function createPoStatusHandler(dependencies: HandlerDependencies): AgentHandler {
  return async (rawInput) => {
    const input = rawInput as PoStatusInput;
    const db = erpDatabase(dependencies.store);
    const asOf = asOfDate(input.asOf);
    let pos = input.po === undefined ? [] : [input.po];
    let supplier = input.supplier;
    let openOnly = input.openOnly;
    if (input.text !== undefined && input.po === undefined && input.supplier === undefined) {
      const ids = (await db.selectFrom('erp_purchase_orders').select('id').execute()).map((row) => row.id);
      const named = idReferencesInText(input.text, ids);
      pos = named.found;
      const suppliers = partiesInText(input.text, await db.selectFrom('erp_suppliers').select(['id', 'name']).execute());
      if (pos.length === 0 && suppliers.length === 1) supplier = suppliers[0]!.id;
      if (pos.length === 0 && supplier === undefined && named.unknown.length > 0) throw notFound('purchase order', named.unknown[0]!, ids);
      openOnly ??= asksForOpenOnly(input.text);
    }
    const query = { ...(supplier === undefined ? {} : { supplier }), ...(openOnly === undefined ? {} : { openOnly }), asOf };
    if (pos.length === 0) return purchaseOrderStatus(db, query);
    const orders: PoStatusOrder[] = [];
    for (const po of pos) orders.push(...(await purchaseOrderStatus(db, { ...query, po })).orders);
    return { asOf, orders };
  };
}
