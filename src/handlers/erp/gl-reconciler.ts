import type { AgentHandler } from '../../core/agent-spec.ts';
import { erpDatabase } from '../../domains/erp/erp-database.ts';
import { monthRange } from '../../domains/erp/erp-dates.ts';
import { reconcileBank } from '../../domains/erp/gl-reconcile.ts';
import { idsInText, periodInText } from '../../domains/erp/request-text.ts';
import type { HandlerDependencies } from '../handler-dependencies.ts';
import { asOfDate, isoDate } from './erp-input.ts';

export interface GlReconcilerInput {
  asOf?: string;
  account?: string;
  from?: string;
  to?: string;
  /** `YYYY-MM`: the period is that month. */
  month?: string;
  dateWindowDays?: number;
  referenceWindowDays?: number;
  /** A request in words; a period it names ("for October", "last month") is the period. */
  text?: string;
}

/** gl-reconciler: bank statement lines matched one to one with journal lines on the bank's GL account. */
export function createGlReconcilerHandler(dependencies: HandlerDependencies): AgentHandler {
  return async (rawInput) => {
    const input = rawInput as GlReconcilerInput;
    const asOf = asOfDate(input.asOf);
    let period: { from?: string; to?: string } = {
      ...(input.from === undefined ? {} : { from: isoDate(input.from, 'from') }),
      ...(input.to === undefined ? {} : { to: isoDate(input.to, 'to') }),
    };
    if (input.month !== undefined) period = monthRange(input.month);
    else if (input.text !== undefined && input.from === undefined && input.to === undefined) period = periodInText(input.text, asOf) ?? {};
    const db = erpDatabase(dependencies.store);
    let account = input.account;
    if (account === undefined && input.text !== undefined) {
      const bankAccounts = (await db.selectFrom('erp_bank_transactions').select('account_code').distinct().execute()).map((row) => row.account_code);
      const named = idsInText(input.text, bankAccounts);
      if (named.length === 1) account = named[0];
    }
    return reconcileBank(db, {
      asOf,
      ...period,
      ...(account === undefined ? {} : { account }),
      ...(input.dateWindowDays === undefined ? {} : { dateWindowDays: input.dateWindowDays }),
      ...(input.referenceWindowDays === undefined ? {} : { referenceWindowDays: input.referenceWindowDays }),
    });
  };
}
