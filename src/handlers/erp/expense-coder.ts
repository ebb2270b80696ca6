import { existsSync } from 'node:fs';
import { readUtf8TextFile } from '../../core/utf8-text.ts';
import { join } from 'node:path';
import { z } from 'zod';
import type { AgentHandler } from '../../core/agent-spec.ts';
import { NovaError } from '../../core/errors.ts';
import { schemaFromZod, type ValidationIssue } from '../../core/schema.ts';
import { erpDatabase } from '../../domains/erp/erp-database.ts';
import { expenseLinesFromCsv, expenseLinesFromText, type ExpenseLine } from '../../domains/erp/expense-lines.ts';
import { checkInputRules, parseExpenseRulesFile, ruleFor, type ExpenseRule } from '../../domains/erp/expense-rules.ts';
import type { HandlerDependencies } from '../handler-dependencies.ts';

export interface ExpenseCoderInput {
  text?: string;
  /** A CSV file of expenses (a description column; amount, date, id kept when present). */
  file?: string;
  lines?: Array<{ description: string; amount?: string | number; date?: string; id?: string }>;
  /** Rules for this request; default: $NOVA_HOME/expense-rules.yaml when it exists. */
  rules?: Array<{ pattern: string; account: string }>;
}

export interface ExpenseAssignment {
  line: number;
  description: string;
  account: string;
  accountName: string;
  source: 'rule' | 'model';
  confidence: number;
  /** The rule that decided (its file and line, or its place in the input). */
  rule?: string;
  reason?: string;
}

/** The rules file in Nova's folder. */
export function expenseRulesPath(home: string): string {
  return join(home, 'expense-rules.yaml');
}

const modelAnswer = schemaFromZod(
  z.object({
    assignments: z.array(
      z.object({
        line: z.number().int().min(1),
        account: z.string().min(1),
        confidence: z.number().min(0).max(1),
        reason: z.string().min(1),
      }),
    ),
  }),
);

/**
 * expense-coder: assigns each expense line a GL account. The user's rules go first (the first matching
 * pattern wins, confidence 1); the model codes the rest from the chart of accounts, each with a
 * confidence and a reason. An account that is not in erp_gl_accounts, a line left out or coded twice,
 * is refused (one repair, then `model_output_invalid`).
 */
export function createExpenseCoderHandler(dependencies: HandlerDependencies): AgentHandler {
  return async (rawInput, context) => {
    const input = rawInput as ExpenseCoderInput;
    const accounts = await erpDatabase(dependencies.store).selectFrom('erp_gl_accounts').select(['code', 'name', 'type']).orderBy('code').execute();
    if (accounts.length === 0) {
      throw new NovaError({
        code: 'input_invalid',
        fault: 'user',
        message: 'The ERP store has no GL accounts to code expenses to',
        hint: 'Import your chart of accounts (gl_accounts.csv) with `nova erp import --dir DIR`, or try `nova erp demo`.',
      });
    }
    const codes = new Set(accounts.map((account) => account.code));
    const names = new Map(accounts.map((account) => [account.code, account.name]));
    const lines = expenseLines(input);
    const rules = loadRules(input, dependencies.home, codes);

    const assignments = new Map<number, ExpenseAssignment>();
    const remaining: ExpenseLine[] = [];
    for (const line of lines) {
      const rule = ruleFor(line, rules);
      if (rule === undefined) remaining.push(line);
      else assignments.set(line.line, { line: line.line, description: line.description, account: rule.account, accountName: names.get(rule.account)!, source: 'rule', confidence: 1, rule: rule.source });
    }
    if (remaining.length > 0) {
      const prompt = [
        'The chart of accounts (code - name - type):',
        ...accounts.map((account) => `${account.code} - ${account.name} - ${account.type}`),
        '',
        `Code each of these ${remaining.length} expense lines to one account of the chart, by its line number:`,
        ...remaining.map((line) => `${line.line}. ${line.description}${line.amount === undefined ? '' : ` (amount ${line.amount})`}${line.date === undefined ? '' : ` on ${line.date}`}`),
        '',
        'Answer {"assignments": [{"line", "account", "confidence", "reason"}]}: confidence from 0 to 1, lower when the text is ambiguous.',
      ].join('\n');
      const wanted = new Set(remaining.map((line) => line.line));
      const result = await context.generate({ prompt, output: modelAnswer, check: (value) => checkAssignments(value as { assignments: Array<{ line: number; account: string }> }, wanted, codes) });
      for (const assignment of (result.output as { assignments: Array<{ line: number; account: string; confidence: number; reason: string }> }).assignments) {
        const line = remaining.find((candidate) => candidate.line === assignment.line)!;
        assignments.set(line.line, { line: line.line, description: line.description, account: assignment.account, accountName: names.get(assignment.account)!, source: 'model', confidence: assignment.confidence, reason: assignment.reason });
      }
    }
    return { assignments: lines.map((line) => assignments.get(line.line)!) };
  };
}

function expenseLines(input: ExpenseCoderInput): ExpenseLine[] {
  let lines: ExpenseLine[];
  if (input.lines !== undefined) {
    lines = input.lines.map((line, index) => ({
      line: index + 1,
      description: line.description,
      ...(line.amount === undefined ? {} : { amount: String(line.amount) }),
      ...(line.date === undefined ? {} : { date: line.date }),
      ...(line.id === undefined ? {} : { id: line.id }),
    }));
  } else if (input.file !== undefined) {
    if (!existsSync(input.file)) throw new NovaError({ code: 'input_invalid', fault: 'user', message: `No file ${input.file}`, hint: 'Give the path of a CSV of expenses.' });
    lines = expenseLinesFromCsv(readUtf8TextFile(input.file, { label: 'expense CSV' }), input.file);
  } else {
    lines = expenseLinesFromText(input.text ?? '');
  }
  if (lines.length === 0) {
    throw new NovaError({ code: 'input_invalid', fault: 'user', message: 'No expense lines to code', hint: 'Give the expenses as text (one per line), as a CSV file, or as `lines`.' });
  }
  return lines;
}

function loadRules(input: ExpenseCoderInput, home: string, codes: ReadonlySet<string>): ExpenseRule[] {
  if (input.rules !== undefined) return checkInputRules(input.rules, codes);
  const file = expenseRulesPath(home);
  return existsSync(file) ? parseExpenseRulesFile(readUtf8TextFile(file, { label: 'expense rules file', code: 'config_invalid' }), file, codes) : [];
}

function checkAssignments(answer: { assignments: Array<{ line: number; account: string }> }, wanted: ReadonlySet<number>, codes: ReadonlySet<string>): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const seen = new Set<number>();
  answer.assignments.forEach((assignment, index) => {
    if (!wanted.has(assignment.line)) issues.push({ path: `assignments.${index}.line`, rule: 'line', message: `line ${assignment.line} is not one of the lines to code (${[...wanted].join(', ')})` });
    else if (seen.has(assignment.line)) issues.push({ path: `assignments.${index}.line`, rule: 'line', message: `line ${assignment.line} is coded twice` });
    seen.add(assignment.line);
    if (!codes.has(assignment.account)) issues.push({ path: `assignments.${index}.account`, rule: 'account', message: `account "${assignment.account}" is not in the chart of accounts (erp_gl_accounts); use one of its codes` });
  });
  const missing = [...wanted].filter((line) => !seen.has(line));
  if (missing.length > 0) issues.push({ path: 'assignments', rule: 'line', message: `lines ${missing.join(', ')} are not coded` });
  return issues;
}
