export type Glossary = Readonly<Record<string, string>>;

export interface GlossaryMiss {
  term: string;
  expected: string;
  /** `missing`: the expected translation is not in the output; `untranslated`: the source term is still there. */
  problem: 'missing' | 'untranslated';
}

/**
 * The glossary terms a translation did not respect: for each term that occurs in the source, its
 * prescribed translation must occur in the output. A term that still stands untranslated in the output
 * (and is not its own translation) is reported as such. Matching ignores case and respects word edges.
 */
export function checkGlossary(source: string, translation: string, glossary: Glossary): GlossaryMiss[] {
  const misses: GlossaryMiss[] = [];
  for (const [term, expected] of Object.entries(glossary)) {
    if (term.trim() === '' || !containsPhrase(source, term)) continue;
    if (!containsPhrase(translation, expected)) {
      const untranslated = term.toLowerCase() !== expected.toLowerCase() && containsPhrase(translation, term);
      misses.push({ term, expected, problem: untranslated ? 'untranslated' : 'missing' });
    }
  }
  return misses;
}

/** Whether `phrase` occurs in `text` as whole words, ignoring case and runs of whitespace. */
export function containsPhrase(text: string, phrase: string): boolean {
  const words = phrase.trim().split(/\s+/).map(escapeRegExp);
  if (words.length === 0 || words[0] === '') return false;
  return new RegExp(`(?<![\\p{L}\\p{N}])${words.join('\\s+')}(?![\\p{L}\\p{N}])`, 'iu').test(text);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
