/**
 * A cautious estimate of how many tokens a text costs, without a tokenizer: about four characters per
 * token for Latin scripts, one per character for scripts written without spaces (CJK), and never fewer
 * than 1.3 per word. Cautious on purpose: a chunk that is estimated too small may not fit its model.
 */
export function estimateTokens(text: string): number {
  if (text === '') return 0;
  let dense = 0;
  for (const character of text) {
    const code = character.codePointAt(0)!;
    if ((code >= 0x3040 && code <= 0x30ff) || (code >= 0x3400 && code <= 0x9fff) || (code >= 0xac00 && code <= 0xd7af)) dense += 1;
  }
  const words = text.split(/\s+/).filter((word) => word !== '').length;
  const byCharacters = Math.ceil((text.length - dense) / 4) + dense;
  return Math.max(byCharacters, Math.ceil(words * 1.3));
}
