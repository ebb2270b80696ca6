export const entityTypes = ['person', 'organization', 'date', 'amount'] as const;
export type EntityType = (typeof entityTypes)[number];

export interface NamedEntity {
  type: EntityType;
  text: string;
  /** Offsets into the source, in UTF-16 code units as JavaScript strings count: source.slice(start, end) === text. */
  start: number;
  end: number;
  normalized?: string;
}

export interface EntityMention {
  type: EntityType;
  text: string;
  normalized?: string;
}

/**
 * Places the mentions a model named in the source: every occurrence of each distinct (type, text)
 * becomes one entity with exact offsets, in the order of the text. A mention that does not occur in
 * the source verbatim is returned in `notFound`: a model that invents an entity is caught, not trusted.
 */
export function locateEntities(source: string, mentions: readonly EntityMention[]): { entities: NamedEntity[]; notFound: EntityMention[] } {
  const entities: NamedEntity[] = [];
  const notFound: EntityMention[] = [];
  const seen = new Set<string>();
  const taken = new Set<number>();
  for (const mention of mentions) {
    const key = `${mention.type}\u0000${mention.text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (mention.text === '') continue;
    let found = false;
    for (let start = source.indexOf(mention.text); start !== -1; start = source.indexOf(mention.text, start + 1)) {
      if (!isWordEdge(source, start - 1) || !isWordEdge(source, start + mention.text.length)) continue;
      found = true;
      // The same span named twice with two types keeps the first.
      if (taken.has(start)) continue;
      taken.add(start);
      entities.push({ type: mention.type, text: mention.text, start, end: start + mention.text.length, ...(mention.normalized === undefined ? {} : { normalized: mention.normalized }) });
    }
    if (!found) notFound.push(mention);
  }
  entities.sort((left, right) => left.start - right.start || left.end - right.end);
  return { entities, notFound };
}

function isWordEdge(text: string, index: number): boolean {
  if (index < 0 || index >= text.length) return true;
  return !/[\p{L}\p{N}]/u.test(text[index]!);
}
