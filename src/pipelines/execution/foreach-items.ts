import { NovaError } from '../../core/errors.ts';

/**
 * The items of a foreach: a list as it is; JSONata's single match (one object, not a list of one) as
 * one item; no match at all as no items. Null is refused: it is a value, not a list.
 */
export function foreachItems(value: unknown, stepId: string): unknown[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value;
  if (value === null) {
    throw new NovaError({ code: 'step_failed', fault: 'user', message: `The foreach of step ${stepId} gave null, not a list`, hint: 'Make the expression give a list (JSONata: append [] to a path to always get one).' });
  }
  return [value];
}
