// A Node module resolve hook (registered by src/core/user-module.ts): `import ... from 'nova'` in a
// file the user wrote (an agent, a handler, a tool), wherever it lives, resolves to this Nova, so
// user files need no node_modules of their own. `data` names the entry files of this Nova.
let entries = {};

export function initialize(data) {
  entries = data.entries;
}

export async function resolve(specifier, context, nextResolve) {
  const entry = entries[specifier];
  // Resolved further down the chain (not short-circuited), so a TypeScript loader such as tsx still
  // sees, and loads, Nova's `.ts` entry when Nova runs from its sources.
  if (entry !== undefined) return nextResolve(entry, context);
  return nextResolve(specifier, context);
}
