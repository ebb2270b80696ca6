import type { AgentHandler } from '../../core/agent-spec.ts';
import { erpDatabase } from '../../domains/erp/erp-database.ts';
import { reorderSuggestions } from '../../domains/erp/inventory-reorder.ts';
import { idsInText } from '../../domains/erp/request-text.ts';
import type { HandlerDependencies } from '../handler-dependencies.ts';
import { asOfDate } from './erp-input.ts';

export interface InventoryReorderInput {
  asOf?: string;
  sku?: string;
  /** A request in words; an item it names narrows the suggestions to that item. */
  text?: string;
}

/** inventory-reorder: items at or below their reorder point, with quantity, supplier and order-by date. */
export function createInventoryReorderHandler(dependencies: HandlerDependencies): AgentHandler {
  return async (rawInput) => {
    const input = rawInput as InventoryReorderInput;
    const db = erpDatabase(dependencies.store);
    let sku = input.sku;
    if (sku === undefined && input.text !== undefined) {
      const named = idsInText(input.text, (await db.selectFrom('erp_items').select('sku').execute()).map((row) => row.sku));
      if (named.length === 1) sku = named[0];
    }
    return reorderSuggestions(db, { asOf: asOfDate(input.asOf), ...(sku === undefined ? {} : { sku }) });
  };
}
