import type { AgentHandler } from '../../core/agent-spec.ts';
import { receivablesAging } from '../../domains/erp/ar-aging.ts';
import { erpDatabase } from '../../domains/erp/erp-database.ts';
import { partiesInText } from '../../domains/erp/request-text.ts';
import type { HandlerDependencies } from '../handler-dependencies.ts';
import { asOfDate } from './erp-input.ts';

export interface ArAgingInput {
  asOf?: string;
  customer?: string;
  /** A request in words; a customer it names narrows the report to that customer. */
  text?: string;
}

/** ar-aging: receivables aging buckets per customer and the dunning candidates. */
export function createArAgingHandler(dependencies: HandlerDependencies): AgentHandler {
  return async (rawInput) => {
    const input = rawInput as ArAgingInput;
    const db = erpDatabase(dependencies.store);
    let customer = input.customer;
    if (customer === undefined && input.text !== undefined) {
      const named = partiesInText(input.text, await db.selectFrom('erp_customers').select(['id', 'name']).execute());
      if (named.length === 1) customer = named[0]!.id;
    }
    return receivablesAging(db, { asOf: asOfDate(input.asOf), ...(customer === undefined ? {} : { customer }) });
  };
}
