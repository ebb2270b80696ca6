import { isNode, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { NovaError } from '../../core/errors.ts';
import { formatFileIssues, parseYamlWithSchema, type FileIssue } from '../../core/yaml-document.ts';
import type { ExpenseLine } from './expense-lines.ts';
import { errorMessage } from '../../core/error-message.ts';

/** A user rule: expense text matching `pattern` (a case-insensitive regular expression) goes to `account`. */
export interface ExpenseRule {
  pattern: string;
  account: string;
  /** The rule's place, for the assignments it makes: `expense-rules.yaml:4` or `rules.0`. */
  source: string;
}

const rulesFileSchema = z
  .object({
    rules: z
      .array(
        z
          .object({
            pattern: z.string().min(1, 'must be a regular expression such as "taxi|uber"'),
            account: z.union([z.string().min(1), z.number().int()]).transform(String),
            name: z.string().optional(),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

/**
 * Reads the rules file (`$NOVA_HOME/expense-rules.yaml`):
 *
 * ```yaml
 * rules:
 *   - pattern: taxi|uber|lyft    # case-insensitive regular expression on the expense text
 *     account: "6410"            # a code of erp_gl_accounts
 * ```
 *
 * Every problem is reported with file, line and column: YAML syntax, unknown fields, a pattern that is
 * not a regular expression, an account that is not in the chart of accounts. The first rule that
 * matches a line wins.
 */
export function parseExpenseRulesFile(text: string, file: string, accounts: ReadonlySet<string>): ExpenseRule[] {
  const parsed = parseYamlWithSchema({ text, file, schema: rulesFileSchema });
  if (!parsed.ok) throw rulesInvalid(parsed.issues, file);
  const issues: FileIssue[] = [];
  const rules = parsed.value.rules.map((rule, index) => {
    const patternProblem = regexProblem(rule.pattern);
    if (patternProblem !== null) issues.push({ file, ...locateField(text, index, 'pattern'), path: `rules.${index}.pattern`, message: patternProblem });
    if (!accounts.has(rule.account)) issues.push({ file, ...locateField(text, index, 'account'), path: `rules.${index}.account`, message: unknownAccount(rule.account, accounts) });
    return { pattern: rule.pattern, account: rule.account, source: `${file}:${locateField(text, index, 'pattern').line}` };
  });
  if (issues.length > 0) throw rulesInvalid(issues, file);
  return rules;
}

/** Rules given in an agent's input (`rules: [{pattern, account}]`), checked the same way. */
export function checkInputRules(rules: ReadonlyArray<{ pattern: string; account: string }>, accounts: ReadonlySet<string>): ExpenseRule[] {
  const problems: string[] = [];
  rules.forEach((rule, index) => {
    const patternProblem = regexProblem(rule.pattern);
    if (patternProblem !== null) problems.push(`rules.${index}.pattern: ${patternProblem}`);
    if (!accounts.has(rule.account)) problems.push(`rules.${index}.account: ${unknownAccount(rule.account, accounts)}`);
  });
  if (problems.length > 0) {
    throw new NovaError({ code: 'input_invalid', fault: 'user', message: `Invalid expense rules: ${problems.join('; ')}`, hint: 'Fix the rules in the input.', details: { problems } });
  }
  return rules.map((rule, index) => ({ ...rule, source: `rules.${index}` }));
}

/** The first rule whose pattern matches the line's text, if any. */
export function ruleFor(line: ExpenseLine, rules: readonly ExpenseRule[]): ExpenseRule | undefined {
  return rules.find((rule) => new RegExp(rule.pattern, 'i').test(line.description));
}

function regexProblem(pattern: string): string | null {
  try {
    new RegExp(pattern, 'i');
    return null;
  } catch (error) {
    return `is not a regular expression: ${errorMessage(error)}`;
  }
}

function unknownAccount(account: string, accounts: ReadonlySet<string>): string {
  return `account "${account}" is not in erp_gl_accounts${accounts.size === 0 ? ' (the chart of accounts is empty)' : ''}`;
}

/** Where a field of the n-th rule is in the file (1-based line and column), from the YAML nodes. */
function locateField(text: string, index: number, field: 'pattern' | 'account'): { line: number; column: number } {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter });
  const node = document.getIn(['rules', index, field], true);
  const offset = isNode(node) && node.range !== undefined && node.range !== null ? node.range[0] : 0;
  const position = lineCounter.linePos(offset);
  return { line: position.line, column: position.col };
}

function rulesInvalid(issues: readonly FileIssue[], file: string): NovaError {
  return new NovaError({
    code: 'config_invalid',
    fault: 'user',
    message: `Invalid expense rules:\n${formatFileIssues(issues)}`,
    hint: `Fix ${file} (each rule: pattern, a regular expression, and account, a code of erp_gl_accounts).`,
    details: { issues },
  });
}
