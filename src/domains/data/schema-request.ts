import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { requestWords } from '../../core/request-words.ts';
import type { SchemaReference } from './schema-source.ts';

/**
 * The schema a request in words names, for the data-validator: a schema file it names that exists
 * ("validate orders.csv against schemas/order.json"), or a saved schema by name ("against the customer
 * schema", "with schema customer"; a plural finds the singular). Nothing when it names neither: the
 * validator then says which schemas there are.
 */
export function schemaFromRequest(request: string, options: { dataFile: string; availableNames: readonly string[] }): SchemaReference {
  for (const word of requestWords(request)) {
    if (!/\.(json|ya?ml)$/i.test(word)) continue;
    const path = resolve(word);
    if (path !== resolve(options.dataFile) && existsSync(path) && statSync(path).isFile()) return { schemaFile: path };
  }
  const lower = request.toLowerCase();
  const named = /\b(?:against|with|using|per|to)\s+(?:the\s+|our\s+|my\s+)?(?:schema\s+)?["'`]?([\p{L}\p{N}_-]+)["'`]?(?:\s+schema)?\b/u.exec(lower);
  const candidates = named === null ? [] : [named[1]!, named[1]!.replace(/s$/, ''), named[1]!.replace(/ies$/, 'y')];
  const found = options.availableNames.find((name) => candidates.includes(name.toLowerCase()));
  return found === undefined ? {} : { schemaName: found };
}
