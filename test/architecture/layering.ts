import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/**
 * The layering of DESIGN.md as data: each top-level folder of `src/` may import its own folder and the
 * folders listed for it (directly, not transitively). `src/index.ts` (the package's entry) may import anything.
 */
export const allowedImports: Readonly<Record<string, readonly string[]>> = {
  core: [],
  config: ['core'],
  store: ['core', 'config'],
  domains: ['core', 'store'],
  models: ['core', 'config'],
  agents: ['core', 'config', 'models'],
  router: ['core', 'config', 'models', 'store', 'agents'],
  tools: ['core', 'config', 'store', 'domains', 'models'],
  telemetry: ['core', 'config', 'store'],
  notify: ['core', 'config'],
  runtime: ['core', 'config', 'store', 'models', 'agents', 'router', 'tools', 'telemetry', 'notify'],
  pipelines: ['core', 'config', 'store', 'models', 'agents', 'router', 'tools', 'runtime', 'telemetry', 'notify'],
  sessions: ['core', 'config', 'store', 'models', 'agents', 'router', 'tools', 'runtime', 'telemetry'],
  handlers: ['core', 'config', 'store', 'domains', 'models', 'agents', 'router', 'tools', 'runtime', 'pipelines', 'sessions'],
  review: ['core', 'config', 'store', 'domains', 'models', 'agents', 'router', 'tools', 'runtime', 'pipelines', 'telemetry'],
  app: ['core', 'config', 'store', 'domains', 'models', 'agents', 'router', 'tools', 'runtime', 'pipelines', 'sessions', 'handlers', 'review', 'telemetry', 'notify'],
  server: ['core', 'config', 'store', 'domains', 'models', 'agents', 'router', 'tools', 'runtime', 'pipelines', 'sessions', 'handlers', 'review', 'telemetry', 'notify', 'app'],
  cli: ['core', 'config', 'store', 'domains', 'models', 'agents', 'router', 'tools', 'runtime', 'pipelines', 'sessions', 'handlers', 'review', 'telemetry', 'notify', 'app'],
};

export interface LayeringViolation {
  file: string;
  line: number;
  imported: string;
  message: string;
}

/** Every relative import (static, dynamic, `export ... from`, type-only too) of every `.ts` file under `sourceRoot`. */
function importsOf(file: string): Array<{ line: number; specifier: string }> {
  const text = readFileSync(file, 'utf8');
  const found: Array<{ line: number; specifier: string }> = [];
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]+)\1/g;
  for (const match of text.matchAll(pattern)) {
    found.push({ line: text.slice(0, match.index).split('\n').length, specifier: match[2]! });
  }
  return found;
}

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(m?ts)$/.test(name) ? [path] : [];
  });
}

function topFolder(sourceRoot: string, path: string): string | null {
  const parts = relative(sourceRoot, path).split(sep);
  return parts.length > 1 ? parts[0]! : null;
}

/**
 * The imports under `sourceRoot` that break the layering: into a folder not allowed, from a folder the
 * table does not know, or closing a cycle between top-level folders.
 */
export function checkLayering(sourceRoot: string, rules: Readonly<Record<string, readonly string[]>> = allowedImports): LayeringViolation[] {
  const root = resolve(sourceRoot);
  const violations: LayeringViolation[] = [];
  const edges = new Map<string, Map<string, { file: string; line: number; imported: string }>>();
  for (const file of sourceFiles(root)) {
    const from = topFolder(root, file);
    if (from === null) continue;
    const shown = relative(dirname(root), file);
    if (rules[from] === undefined) {
      violations.push({ file: shown, line: 1, imported: '', message: `src/${from}/ is not a layer of DESIGN.md; add it to the layering table` });
      continue;
    }
    for (const { line, specifier } of importsOf(file)) {
      const target = resolve(dirname(file), specifier);
      const to = topFolder(root, target);
      if (to === null) {
        if (relative(root, target).startsWith('..')) continue;
        violations.push({ file: shown, line, imported: specifier, message: `src/${from}/ imports the package entry ${specifier}` });
        continue;
      }
      if (to === from) continue;
      if (!rules[from]!.includes(to)) violations.push({ file: shown, line, imported: specifier, message: `src/${from}/ may not import src/${to}/` });
      const outgoing = edges.get(from) ?? new Map();
      if (!outgoing.has(to)) outgoing.set(to, { file: shown, line, imported: specifier });
      edges.set(from, outgoing);
    }
  }
  for (const cycle of folderCycles(edges)) {
    const first = edges.get(cycle[0]!)!.get(cycle[1]!)!;
    violations.push({ ...first, message: `import cycle between folders: ${cycle.map((folder) => `src/${folder}/`).join(' -> ')}` });
  }
  return violations;
}

/** One cycle per strongly connected group of folders (Tarjan), each as a closed path. */
function folderCycles(edges: Map<string, Map<string, unknown>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  let counter = 0;
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node)?.keys() ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) === index.get(node)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        group.push(member);
      } while (member !== node);
      if (group.length > 1) groups.push(group);
    }
  };
  for (const node of edges.keys()) if (!index.has(node)) visit(node);
  return groups.map((group) => pathWithin(group, edges));
}

/** A closed path through the members of a group, for the message: start at one, follow edges inside it. */
function pathWithin(group: string[], edges: Map<string, Map<string, unknown>>): string[] {
  const members = new Set(group);
  const start = [...group].sort()[0]!;
  const path = [start];
  const seen = new Set([start]);
  let current = start;
  for (;;) {
    const next = [...(edges.get(current)?.keys() ?? [])].filter((candidate) => members.has(candidate)).sort((left, right) => Number(seen.has(left)) - Number(seen.has(right)) || (left === start ? -1 : 0))[0]!;
    path.push(next);
    if (seen.has(next)) return path;
    seen.add(next);
    current = next;
  }
}
