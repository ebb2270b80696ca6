import { addDays, daysBetween } from './erp-dates.ts';
import { notFound } from './erp-lookup.ts';
import type { ErpDatabase } from './erp-tables.ts';
import { centsToAmount, toInteger } from './money.ts';

export interface BankLine {
  id: string;
  account: string;
  date: string;
  amount: number;
  memo: string | null;
  reference: string | null;
}

export interface LedgerLine {
  entryId: string;
  line: number;
  account: string;
  date: string;
  /** Debit minus credit: money in is positive, as on the bank statement. */
  amount: number;
  memo: string | null;
  reference: string | null;
}

export type MatchRule = 'reference' | 'amount_date';

export interface ReconciledPair {
  bank: BankLine;
  ledger: LedgerLine;
  rule: MatchRule;
  daysApart: number;
}

export interface GlReconcileQuery {
  asOf: string;
  /** The bank's GL account; default: every account that has bank transactions. */
  account?: string;
  /** First day of the period; default: the earliest transaction. */
  from?: string;
  /** Last day of the period; default: asOf. */
  to?: string;
  /** How many days apart a bank line and a ledger line may be to match on amount alone. Default 3. */
  dateWindowDays?: number;
  /** How many days apart they may be when their references agree. Default 31. */
  referenceWindowDays?: number;
}

export interface GlReconcileResult {
  asOf: string;
  from: string | null;
  to: string;
  accounts: string[];
  matched: ReconciledPair[];
  unmatchedBank: BankLine[];
  unmatchedLedger: LedgerLine[];
}

interface Candidate {
  line: LedgerLine;
  cents: number;
  dayDate: string;
  matched: boolean;
}

/**
 * Matches bank statement lines to journal lines on the bank's GL account, one to one, with two rules in
 * order: `reference` (same amount, and the same reference, or the ledger line's reference appears in
 * the bank line's text, within `referenceWindowDays`), then `amount_date` (same amount within
 * `dateWindowDays`). Among several candidates the closest in date wins (then the lowest entry id), so
 * the result is the same every time. Ledger lines just outside the period may match bank lines inside
 * it (a payment booked on the 31st, cleared on the 2nd); unmatched ones are listed only within it.
 */
export async function reconcileBank(db: ErpDatabase, query: GlReconcileQuery): Promise<GlReconcileResult> {
  const to = query.to ?? query.asOf;
  const from = query.from ?? null;
  const dateWindow = query.dateWindowDays ?? 3;
  const referenceWindow = query.referenceWindowDays ?? 31;
  const accounts = await bankAccounts(db, query.account);

  let bankQuery = db.selectFrom('erp_bank_transactions').selectAll().where('date', '<=', to).orderBy('date').orderBy('id');
  if (from !== null) bankQuery = bankQuery.where('date', '>=', from);
  const widest = Math.max(dateWindow, referenceWindow);
  let ledgerQuery = db.selectFrom('erp_journal_lines').selectAll().where('date', '<=', addDays(to, widest)).orderBy('date').orderBy('entry_id').orderBy('line_no');
  if (from !== null) ledgerQuery = ledgerQuery.where('date', '>=', addDays(from, -widest));
  const bankRows = accounts.length === 0 ? [] : await bankQuery.where('account_code', 'in', accounts).execute();
  const ledgerRows = accounts.length === 0 ? [] : await ledgerQuery.where('account_code', 'in', accounts).execute();

  const bankLines = bankRows.map((row) => ({
    cents: toInteger(row.amount_cents),
    line: { id: row.id, account: row.account_code, date: row.date, amount: centsToAmount(toInteger(row.amount_cents)), memo: row.memo, reference: row.reference },
  }));
  const candidates: Candidate[] = ledgerRows.map((row) => {
    const cents = toInteger(row.debit_cents) - toInteger(row.credit_cents);
    return {
      cents,
      dayDate: row.date,
      matched: false,
      line: { entryId: row.entry_id, line: toInteger(row.line_no), account: row.account_code, date: row.date, amount: centsToAmount(cents), memo: row.memo, reference: row.reference },
    };
  });

  // Only lines of the same account and amount can match: look them up instead of scanning all.
  const byAmount = new Map<string, Candidate[]>();
  for (const candidate of candidates) {
    const key = `${candidate.line.account}\u0000${candidate.cents}`;
    const list = byAmount.get(key) ?? [];
    list.push(candidate);
    byAmount.set(key, list);
  }
  const matched: ReconciledPair[] = [];
  const pending = new Set(bankLines);
  const rules: Array<{ rule: MatchRule; window: number; agrees: (bank: BankLine, ledger: LedgerLine) => boolean }> = [
    { rule: 'reference', window: referenceWindow, agrees: referencesAgree },
    { rule: 'amount_date', window: dateWindow, agrees: () => true },
  ];
  for (const { rule, window, agrees } of rules) {
    for (const bank of [...pending]) {
      let best: Candidate | undefined;
      let bestDistance = Number.POSITIVE_INFINITY;
      for (const candidate of byAmount.get(`${bank.line.account}\u0000${bank.cents}`) ?? []) {
        if (candidate.matched) continue;
        const distance = Math.abs(daysBetween(bank.line.date, candidate.dayDate));
        if (distance > window || !agrees(bank.line, candidate.line)) continue;
        // Candidates are in (date, entry, line) order, so on a tie the first one stays.
        if (distance < bestDistance) {
          best = candidate;
          bestDistance = distance;
        }
      }
      if (best === undefined) continue;
      best.matched = true;
      pending.delete(bank);
      matched.push({ bank: bank.line, ledger: best.line, rule, daysApart: daysBetween(best.dayDate, bank.line.date) });
    }
  }
  matched.sort((left, right) => left.bank.date.localeCompare(right.bank.date) || left.bank.id.localeCompare(right.bank.id));
  const inPeriod = (date: string) => date <= to && (from === null || date >= from);
  return {
    asOf: query.asOf,
    from,
    to,
    accounts,
    matched,
    unmatchedBank: [...pending].map((bank) => bank.line),
    unmatchedLedger: candidates.filter((candidate) => !candidate.matched && inPeriod(candidate.dayDate)).map((candidate) => candidate.line),
  };
}

async function bankAccounts(db: ErpDatabase, account: string | undefined): Promise<string[]> {
  if (account !== undefined) {
    const codes = (await db.selectFrom('erp_gl_accounts').select('code').execute()).map((row) => row.code);
    if (!codes.includes(account)) throw notFound('GL account', account, codes);
    return [account];
  }
  const rows = await db.selectFrom('erp_bank_transactions').select('account_code').distinct().orderBy('account_code').execute();
  return rows.map((row) => row.account_code);
}

function normalizeReference(reference: string | null): string {
  return (reference ?? '').trim().toLowerCase();
}

function referencesAgree(bank: BankLine, ledger: LedgerLine): boolean {
  const ledgerReference = normalizeReference(ledger.reference);
  if (ledgerReference === '') return false;
  if (normalizeReference(bank.reference) === ledgerReference) return true;
  // Statement texts often carry the reference among other words ("SEPA CT INV-1001 CONTOSO").
  const bankText = `${bank.memo ?? ''} ${bank.reference ?? ''}`.toLowerCase();
  return ledgerReference.length >= 4 && new RegExp(`(^|[^a-z0-9])${escapeRegExp(ledgerReference)}($|[^a-z0-9])`).test(bankText);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
