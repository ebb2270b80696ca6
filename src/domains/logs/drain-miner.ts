/** The wildcard of a template position whose token varies. */
export const wildcard = '<*>';

/** A group of messages that share a template. `data` is the caller's, kept with the cluster. */
export interface TemplateCluster<Data> {
  template: string[];
  data: Data;
}

export interface DrainOptions {
  /** Tokens of the message used as tree levels below the token count; default 2 (Drain's depth 4). */
  prefixTokens?: number;
  /** Share of equal tokens needed to join a cluster; default 0.4 (Drain3's default). */
  similarity?: number;
  /** Children per tree node before new tokens share the wildcard branch; default 100. */
  maxChildren?: number;
}

interface TreeNode<Data> {
  children: Map<string, TreeNode<Data>>;
  clusters: Array<TemplateCluster<Data>>;
}

/**
 * A Drain template miner (He et al., "Drain: An Online Log Parsing Approach with Fixed Depth Tree",
 * ICWS 2017). Messages are routed down a fixed-depth tree by their group (level and exception, so that
 * those never merge), their token count and their first tokens (a token with a digit goes down the
 * wildcard branch, as it is likely a variable). At the leaf, the message joins the cluster whose
 * template has the most tokens equal to its own, if that share reaches the similarity threshold, and
 * positions that differ become `<*>`; otherwise it starts a new cluster.
 */
export class DrainMiner<Data> {
  private readonly roots = new Map<string, TreeNode<Data>>();
  private readonly prefixTokens: number;
  private readonly similarity: number;
  private readonly maxChildren: number;
  private readonly all: Array<TemplateCluster<Data>> = [];

  constructor(options: DrainOptions = {}) {
    this.prefixTokens = options.prefixTokens ?? 2;
    this.similarity = options.similarity ?? 0.4;
    this.maxChildren = options.maxChildren ?? 100;
  }

  /**
   * The cluster the message belongs to, after merging it into the template; `create` makes the data
   * of a new cluster (return null to refuse a new cluster, e.g. past a limit: the result is then null).
   */
  add(group: string, tokens: readonly string[], create: () => Data | null): TemplateCluster<Data> | null {
    const rootKey = `${group}\u0000${tokens.length}`;
    let node = this.roots.get(rootKey);
    if (node === undefined) {
      node = { children: new Map(), clusters: [] };
      this.roots.set(rootKey, node);
    }
    const depth = Math.min(this.prefixTokens, tokens.length);
    for (let index = 0; index < depth; index += 1) node = this.child(node, tokens[index]!);
    const best = this.closest(node.clusters, tokens);
    if (best !== null) {
      const template = best.template;
      for (let index = 0; index < template.length; index += 1) if (template[index] !== tokens[index]) template[index] = wildcard;
      return best;
    }
    const data = create();
    if (data === null) return null;
    const cluster = { template: [...tokens], data };
    node.clusters.push(cluster);
    this.all.push(cluster);
    return cluster;
  }

  get clusterCount(): number {
    return this.all.length;
  }

  /** Every cluster, in the order they were made. */
  clusters(): Array<TemplateCluster<Data>> {
    return [...this.all];
  }

  private child(node: TreeNode<Data>, token: string): TreeNode<Data> {
    const key = hasDigit(token) ? wildcard : token;
    let next = node.children.get(key);
    if (next !== undefined) return next;
    if (node.children.size >= this.maxChildren) {
      next = node.children.get(wildcard);
      if (next !== undefined) return next;
      next = { children: new Map(), clusters: [] };
      node.children.set(wildcard, next);
      return next;
    }
    next = { children: new Map(), clusters: [] };
    node.children.set(key, next);
    return next;
  }

  /** The most similar cluster at or above the threshold; ties go to the template with more wildcards (the more general). */
  private closest(clusters: ReadonlyArray<TemplateCluster<Data>>, tokens: readonly string[]): TemplateCluster<Data> | null {
    let best: TemplateCluster<Data> | null = null;
    let bestSimilarity = -1;
    let bestWildcards = -1;
    for (const cluster of clusters) {
      let equal = 0;
      let wildcards = 0;
      const template = cluster.template;
      for (let index = 0; index < template.length; index += 1) {
        const token = template[index]!;
        if (token === wildcard) wildcards += 1;
        else if (token === tokens[index]) equal += 1;
      }
      const similarity = template.length === 0 ? 1 : equal / template.length;
      if (similarity > bestSimilarity || (similarity === bestSimilarity && wildcards > bestWildcards)) {
        best = cluster;
        bestSimilarity = similarity;
        bestWildcards = wildcards;
      }
    }
    return best !== null && bestSimilarity >= this.similarity ? best : null;
  }
}

function hasDigit(token: string): boolean {
  for (let index = 0; index < token.length; index += 1) {
    const code = token.charCodeAt(index);
    if (code >= 48 && code <= 57) return true;
  }
  return false;
}
