import { z } from 'zod';
import type { AgentContext, AgentHandler } from '../../core/agent-spec.ts';
import { schemaFromZod } from '../../core/schema.ts';
import { splitDocument } from '../../domains/language/document-chunks.ts';
import { estimateTokens } from '../../core/token-estimate.ts';

const summaryOutput = schemaFromZod(
  z.object({
    summary: z.string().min(1),
    keyPoints: z.array(z.string().min(1)).min(1),
  }),
);

export interface SummarizeInput {
  text: string;
  /** What the reader cares about, e.g. "payment terms". */
  focus?: string;
  /** Token budget of one chunk (estimated); default 3000. */
  chunkTokens?: number;
}

const defaultChunkTokens = 3000;

/**
 * Summarises a document of any length: one request when it fits the chunk budget; otherwise it is
 * split by structure into chunks, each chunk is summarised (one journalled call per chunk, labelled
 * "chunk i of n"), and the partial summaries are merged, in groups and levels when even they do not fit.
 */
export const summarize: AgentHandler = async (rawInput, context) => {
  const input = rawInput as SummarizeInput;
  const budget = input.chunkTokens ?? defaultChunkTokens;
  const focus = input.focus === undefined ? '' : `\nFocus on: ${input.focus}.`;
  if (estimateTokens(input.text) <= budget) {
    const result = await context.generate({ prompt: `Summarise this document.${focus}\n\n${input.text}`, output: summaryOutput, label: 'whole document', tools: false, conversation: [] });
    return { ...(result.output as { summary: string; keyPoints: string[] }), chunks: 1 };
  }

  const chunks = splitDocument(input.text, budget);
  const partials: string[] = [];
  for (const chunk of chunks) {
    const where = chunk.headings.length === 0 ? '' : ` (section: ${chunk.headings.join(' > ')})`;
    const result = await context.generate({
      prompt: `This is part ${chunk.index} of ${chunks.length} of a longer document${where}. Summarise this part in a few sentences, keeping names, figures, dates and decisions.${focus}\n\n${chunk.text}`,
      label: `chunk ${chunk.index} of ${chunks.length}`,
      tools: false,
      conversation: [],
    });
    partials.push(`[Part ${chunk.index}] ${result.text}`);
  }
  const merged = await merge(partials, budget, focus, context);
  return { ...merged, chunks: chunks.length };
};

/** Merges partial summaries into one; when they do not fit one request, merges groups first, level by level. */
async function merge(partials: string[], budget: number, focus: string, context: AgentContext, level = 1): Promise<{ summary: string; keyPoints: string[] }> {
  const all = partials.join('\n\n');
  if (estimateTokens(all) <= budget || partials.length === 1) {
    const result = await context.generate({
      prompt: `These are summaries of consecutive parts of one document, in order. Merge them into one summary of the whole document, with its key points.${focus}\n\n${all}`,
      output: summaryOutput,
      label: level === 1 ? 'merge' : `merge (level ${level})`,
      tools: false,
      conversation: [],
    });
    return result.output as { summary: string; keyPoints: string[] };
  }
  const groups = splitDocument(all, budget);
  const next: string[] = [];
  for (const group of groups) {
    const result = await context.generate({
      prompt: `These are summaries of consecutive parts of one document. Merge them into one summary of this stretch, keeping names, figures, dates and decisions.${focus}\n\n${group.text}`,
      label: `merge level ${level}, group ${group.index} of ${groups.length}`,
      tools: false,
      conversation: [],
    });
    next.push(`[Parts ${group.index}] ${result.text}`);
  }
  return merge(next, budget, focus, context, level + 1);
}
