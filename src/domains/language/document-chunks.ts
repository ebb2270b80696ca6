import { estimateTokens } from '../../core/token-estimate.ts';

export interface DocumentChunk {
  /** 1-based. */
  index: number;
  text: string;
  /** The headings this chunk sits under, outermost first (Markdown `#` headings). */
  headings: string[];
  tokens: number;
}

interface Block {
  text: string;
  headings: string[];
  /** A heading line starts a section: the preferred place to start a new chunk. */
  startsSection: boolean;
}

/**
 * Splits a document into chunks of at most `maxTokens` (estimated), following its structure: sections
 * under headings first, then paragraphs, then sentences, and only then hard cuts inside an over-long
 * sentence. Every character of the document's content is in exactly one chunk, in order; the blank
 * lines between paragraphs are the only thing not carried over.
 */
export function splitDocument(text: string, maxTokens: number): DocumentChunk[] {
  if (maxTokens < 50) throw new RangeError(`maxTokens must be at least 50, got ${maxTokens}`);
  const blocks = toBlocks(text.replace(/\r\n?/g, '\n')).flatMap((block) => splitOversized(block, maxTokens));
  const chunks: DocumentChunk[] = [];
  let current: Block[] = [];
  let currentTokens = 0;
  const flush = () => {
    if (current.length === 0) return;
    const chunkText = current.map((block) => block.text).join('\n\n');
    chunks.push({ index: chunks.length + 1, text: chunkText, headings: current[0]!.headings, tokens: estimateTokens(chunkText) });
    current = [];
    currentTokens = 0;
  };
  for (const block of blocks) {
    const tokens = estimateTokens(block.text);
    // A new section starts a new chunk once the current one is at least half full.
    const sectionBreak = block.startsSection && currentTokens >= maxTokens / 2;
    if (current.length > 0 && (currentTokens + tokens + 1 > maxTokens || sectionBreak)) flush();
    current.push(block);
    currentTokens += tokens + 1;
  }
  flush();
  return chunks;
}

function toBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  const headings: string[] = [];
  for (const paragraph of text.split(/\n[ \t]*\n+/)) {
    const trimmed = paragraph.trim();
    if (trimmed === '') continue;
    const heading = /^(#{1,6})\s+(.+)$/.exec(trimmed.split('\n')[0]!);
    if (heading !== null) {
      const level = heading[1]!.length;
      headings.splice(level - 1);
      headings[level - 1] = heading[2]!.trim();
    }
    blocks.push({ text: trimmed, headings: headings.filter((entry) => entry !== undefined), startsSection: heading !== null });
  }
  return blocks;
}

function splitOversized(block: Block, maxTokens: number): Block[] {
  if (estimateTokens(block.text) <= maxTokens) return [block];
  const pieces: string[] = [];
  let current = '';
  for (const sentence of sentences(block.text)) {
    for (const part of estimateTokens(sentence) <= maxTokens ? [sentence] : hardCut(sentence, maxTokens)) {
      if (current !== '' && estimateTokens(current + part) > maxTokens) {
        pieces.push(current);
        current = '';
      }
      current += part;
    }
  }
  if (current !== '') pieces.push(current);
  return pieces.map((piece, index) => ({ text: piece.trim(), headings: block.headings, startsSection: block.startsSection && index === 0 })).filter((piece) => piece.text !== '');
}

/** Sentences with their trailing space, so that joining them gives the text back. */
function sentences(text: string): string[] {
  return (text.match(/[^.!?\n]*(?:[.!?]+|\n|$)\s*/g) ?? [text]).filter((sentence) => sentence !== '');
}

function hardCut(text: string, maxTokens: number): string[] {
  const parts: string[] = [];
  // Characters per part: the estimate counts at least a token per four characters or per 0.77 words.
  let size = Math.max(20, maxTokens * 3);
  while (size > 20 && estimateTokens(text.slice(0, size)) > maxTokens) size = Math.floor(size * 0.8);
  for (let start = 0; start < text.length; start += size) parts.push(text.slice(start, start + size));
  return parts;
}
