import { z } from 'zod';
import type { AgentHandler } from '../../core/agent-spec.ts';
import { schemaFromZod } from '../../core/schema.ts';
import { entityTypes, locateEntities, type EntityMention } from '../../domains/language/entity-offsets.ts';

const mentionsOutput = schemaFromZod(
  z.object({
    entities: z.array(
      z.object({
        type: z.enum(entityTypes),
        text: z.string().min(1),
        normalized: z.string().optional(),
      }),
    ),
  }),
);

/**
 * Extracts people, organisations, dates and amounts. The model names each mention as it is written;
 * Nova finds every occurrence and computes the offsets itself (models count characters badly). A
 * mention that is not in the text verbatim is refused: repaired once, then a loud failure.
 */
export const extractEntities: AgentHandler = async (rawInput, context) => {
  const { text } = rawInput as { text: string };
  const result = await context.generate({
    prompt: `Extract every person, organization, date and amount from the text below. Copy each mention exactly as written (same spelling, case and punctuation).\n\n${text}`,
    output: mentionsOutput,
    check: (value) =>
      locateEntities(text, (value as { entities: EntityMention[] }).entities).notFound.map((mention) => ({
        path: 'entities',
        rule: 'verbatim',
        message: `"${mention.text}" (${mention.type}) does not occur in the text as written`,
      })),
  });
  return { entities: locateEntities(text, (result.output as { entities: EntityMention[] }).entities).entities };
};
