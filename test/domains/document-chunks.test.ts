import { describe, expect, it } from 'vitest';
import { splitDocument } from '../../src/domains/language/document-chunks.ts';
import { estimateTokens } from '../../src/core/token-estimate.ts';

const words = (text: string) => text.split(/\s+/).filter((word) => word !== '');

describe('splitDocument', () => {
  it('keeps a short document whole', () => {
    const chunks = splitDocument('# Title\n\nOne paragraph.', 1000);
    expect(chunks).toEqual([{ index: 1, text: '# Title\n\nOne paragraph.', headings: ['Title'], tokens: expect.any(Number) }]);
  });

  it('covers every word exactly once, in order, with every chunk under the budget', () => {
    const sections = Array.from({ length: 30 }, (_, section) => {
      const paragraphs = Array.from({ length: 6 }, (_, paragraph) => `Word s${section}p${paragraph}w0 ${Array.from({ length: 60 }, (_, word) => `s${section}p${paragraph}w${word + 1}`).join(' ')}.`);
      return `## Section ${section}\n\n${paragraphs.join('\n\n')}`;
    });
    const text = `# Report\n\n${sections.join('\n\n')}`;
    const chunks = splitDocument(text, 800);
    expect(chunks.length).toBeGreaterThan(10);
    expect(chunks.flatMap((chunk) => words(chunk.text))).toEqual(words(text));
    for (const chunk of chunks) expect(chunk.tokens).toBeLessThanOrEqual(800);
    expect(chunks.map((chunk) => chunk.index)).toEqual(chunks.map((_, index) => index + 1));
  });

  it('prefers to start chunks at headings, and tells each chunk its headings', () => {
    const section = (name: string) => `## ${name}\n\n${'alpha beta gamma delta. '.repeat(60)}`;
    const chunks = splitDocument(`# Book\n\n${section('One')}\n\n${section('Two')}\n\n${section('Three')}`, 500);
    expect(chunks.some((chunk) => chunk.text.startsWith('## Two'))).toBe(true);
    expect(chunks.find((chunk) => chunk.text.startsWith('## Two'))?.headings).toEqual(['Book', 'Two']);
  });

  it('cuts a paragraph without sentence ends, and one enormous word, without losing a character', () => {
    const endless = 'x'.repeat(20_000);
    const text = `${'no full stop here and it goes on '.repeat(400)}\n\n${endless}`;
    const chunks = splitDocument(text, 300);
    expect(chunks.map((chunk) => chunk.text).join('').replace(/\s+/g, '')).toBe(text.replace(/\s+/g, ''));
    for (const chunk of chunks) expect(chunk.tokens).toBeLessThanOrEqual(300);
  });

  it('refuses a budget too small to hold a sentence', () => {
    expect(() => splitDocument('text', 10)).toThrow(RangeError);
  });
});

describe('estimateTokens', () => {
  it('counts about four characters per token, one per CJK character, and at least 1.3 per word', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('abcd'.repeat(100))).toBe(100);
    expect(estimateTokens('日本語のテキスト')).toBe(8);
    expect(estimateTokens('a b c d e f g h i j')).toBe(13);
  });
});
