import { z } from 'zod';
import type { AgentHandler } from '../../core/agent-spec.ts';
import { schemaFromZod, type ValidationIssue } from '../../core/schema.ts';

export interface ClassifyInput {
  text: string;
  /** The allowed labels; when absent, the request text must name them. */
  labels?: string[];
  /** The items to classify; when absent, the model finds them in the text. */
  items?: string[];
}

interface Classification {
  labels: string[];
  items: Array<{ text: string; label: string; reason: string }>;
}

const classificationOutput = schemaFromZod(
  z.object({
    labels: z.array(z.string().min(1)).min(1),
    items: z.array(z.object({ text: z.string().min(1), label: z.string().min(1), reason: z.string().min(1) })).min(1),
  }),
);

/**
 * Classifies items into labels, each with a reason. Labels come only from the given set (or, when the
 * request names them in its text, from the set the model states it used); an answer with any other
 * label, or that drops or invents items, is repaired once and then fails.
 */
export const classify: AgentHandler = async (rawInput, context) => {
  const input = rawInput as ClassifyInput;
  const parts = [
    input.labels === undefined ? 'Use only the labels the request names, and list them in "labels".' : `Allowed labels (use exactly these, and list them in "labels"): ${input.labels.join(', ')}.`,
    input.items === undefined ? 'Classify each item of the text.' : `Classify each of these ${input.items.length} items, in order, quoting each as "text":\n${input.items.map((item, index) => `${index + 1}. ${item}`).join('\n')}`,
    '',
    input.text,
  ];
  const result = await context.generate({ prompt: parts.join('\n'), output: classificationOutput, check: (value) => checkClassification(value as Classification, input) });
  return result.output;
};

export function checkClassification(answer: Classification, input: ClassifyInput): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const allowed = new Set((input.labels ?? answer.labels).map((label) => label.toLowerCase()));
  answer.labels.forEach((label, index) => {
    if (input.labels !== undefined && !allowed.has(label.toLowerCase())) {
      issues.push({ path: `labels.${index}`, rule: 'label', message: `"${label}" is not one of the given labels ${JSON.stringify(input.labels)}` });
    }
  });
  answer.items.forEach((item, index) => {
    if (!allowed.has(item.label.toLowerCase())) {
      issues.push({ path: `items.${index}.label`, rule: 'label', message: `"${item.label}" is not one of the labels ${JSON.stringify(input.labels ?? answer.labels)}` });
    }
  });
  if (input.items !== undefined) {
    if (answer.items.length !== input.items.length) {
      issues.push({ path: 'items', rule: 'count', message: `classify each of the ${input.items.length} items exactly once (got ${answer.items.length})` });
    } else {
      answer.items.forEach((item, index) => {
        if (item.text.trim() !== input.items![index]!.trim()) issues.push({ path: `items.${index}.text`, rule: 'item', message: `must quote item ${index + 1}: "${input.items![index]}"` });
      });
    }
  }
  return issues;
}
