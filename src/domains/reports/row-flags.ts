import { isPlainObject } from './compact-value.ts';
import type { RowFlag } from './report-document.ts';

const errorWords = new Set(['error', 'errors', 'critical', 'fatal', 'failed', 'failure', 'fail', 'invalid', 'high']);
const warningWords = new Set(['warning', 'warnings', 'warn', 'medium']);

/**
 * Whether an item of a result deserves attention, and why: a `severity` or `status` that says error or
 * warning, `valid`/`ok`/`success` false, an `error` that is set, or non-empty `issues`/`errors`/`warnings`.
 */
export function flagOf(item: unknown): RowFlag | null {
  if (!isPlainObject(item)) return null;
  for (const field of ['severity', 'status', 'level']) {
    const value = item[field];
    if (typeof value !== 'string') continue;
    const word = value.toLowerCase();
    if (errorWords.has(word)) return { tone: 'error', reason: `${field} is ${value}` };
    if (warningWords.has(word)) return { tone: 'warning', reason: `${field} is ${value}` };
  }
  for (const field of ['valid', 'ok', 'success']) {
    if (item[field] === false) return { tone: 'error', reason: `${field} is false` };
  }
  const error = item['error'];
  if (error !== undefined && error !== null && error !== false && error !== '') return { tone: 'error', reason: 'it has an error' };
  const errors = item['errors'];
  if (Array.isArray(errors) && errors.length > 0) return { tone: 'error', reason: `${errors.length} error(s)` };
  const issues = item['issues'];
  if (Array.isArray(issues) && issues.length > 0) {
    const worst = issues.some((issue) => flagOf(issue)?.tone === 'error') ? 'error' : 'warning';
    return { tone: worst, reason: `${issues.length} issue(s)` };
  }
  const warnings = item['warnings'];
  if (Array.isArray(warnings) && warnings.length > 0) return { tone: 'warning', reason: `${warnings.length} warning(s)` };
  return null;
}
