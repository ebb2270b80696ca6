/** The names a JSONata expression reads from the root of what it is evaluated over. */

export interface JsonataNode {
  type: string;
  value?: unknown;
  position?: number;
  steps?: JsonataNode[];
  [key: string]: unknown;
}

/**
 * Finds the names an expression reads from the root object. A path's first name is read from the
 * root only where the context is the root: not inside a predicate, a later path step or a lambda
 * (there it reads the current item). `$$` always means the root.
 */
export function collectReferences(node: unknown, atRoot: boolean, found: (node: JsonataNode, member: string | undefined, field: string | undefined) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) collectReferences(item, atRoot, found);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const current = node as JsonataNode;
  if (current.type === 'path' && Array.isArray(current.steps)) {
    const steps = current.steps;
    const first = steps[0];
    const rootVariable = first?.type === 'variable' && (first.value === '$' || (first.value === '' && atRoot));
    const headIndex = rootVariable ? 1 : atRoot && first?.type === 'name' ? 0 : -1;
    const head = headIndex === -1 ? undefined : steps[headIndex];
    if (head?.type === 'name') {
      const member = steps[headIndex + 1];
      const field = steps[headIndex + 2];
      found(head, member?.type === 'name' ? String(member.value) : undefined, field?.type === 'name' ? String(field.value) : undefined);
    }
    steps.forEach((step, index) => {
      if (index === 0 && step.type !== 'name' && step.type !== 'variable') collectReferences(step, atRoot, found);
      else visitChildren(step, false, found);
    });
    visitChildren(current, atRoot, found, ['steps']);
    return;
  }
  if (current.type === 'name' && atRoot) found(current, undefined, undefined);
  if (current.type === 'lambda') {
    collectReferences(current['body'], false, found);
    return;
  }
  visitChildren(current, atRoot, found);
}

// These parts of a node are evaluated against another context than the node itself.
const itemContextKeys = new Set(['stages', 'predicate', 'group', 'terms', 'focus']);

function visitChildren(node: JsonataNode, atRoot: boolean, found: Parameters<typeof collectReferences>[2], skip: readonly string[] = []): void {
  for (const [key, child] of Object.entries(node)) {
    if (skip.includes(key) || key === 'position' || key === 'value' || key === 'type') continue;
    if (typeof child === 'object' && child !== null) collectReferences(child, itemContextKeys.has(key) ? false : atRoot, found);
  }
}
