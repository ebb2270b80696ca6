import { z } from 'zod';
import type { AgentHandler } from '../../core/agent-spec.ts';
import { schemaFromZod, type ValidationIssue } from '../../core/schema.ts';

interface Proofreading {
  corrected: string;
  corrections: Array<{ original: string; replacement: string; reason: string }>;
}

const proofreadingOutput = schemaFromZod(
  z.object({
    corrected: z.string().min(1),
    corrections: z.array(z.object({ original: z.string().min(1), replacement: z.string(), reason: z.string().min(1) })),
  }),
);

/**
 * Fixes grammar and spelling and lists each correction. Every correction must quote text that is in
 * the original and a replacement that is in the corrected text, and a changed text must list its
 * corrections; otherwise the answer is repaired once, then fails.
 */
export const proofread: AgentHandler = async (rawInput, context) => {
  const { text } = rawInput as { text: string };
  const result = await context.generate({
    prompt: `Proofread the text below. Return it corrected, and list each correction with the original words, their replacement and the reason.\n\n${text}`,
    output: proofreadingOutput,
    check: (value) => checkProofreading(value as Proofreading, text),
  });
  return result.output;
};

export function checkProofreading(answer: Proofreading, original: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  answer.corrections.forEach((correction, index) => {
    if (!original.includes(correction.original)) issues.push({ path: `corrections.${index}.original`, rule: 'quote', message: `"${correction.original}" is not in the original text` });
    if (correction.replacement !== '' && !answer.corrected.includes(correction.replacement)) {
      issues.push({ path: `corrections.${index}.replacement`, rule: 'quote', message: `"${correction.replacement}" is not in the corrected text` });
    }
  });
  if (answer.corrections.length === 0 && normalise(answer.corrected) !== normalise(original)) {
    issues.push({ path: 'corrections', rule: 'listed', message: 'the corrected text differs from the original, but no correction is listed' });
  }
  return issues;
}

function normalise(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}
