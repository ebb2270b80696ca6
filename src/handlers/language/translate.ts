import { z } from 'zod';
import type { AgentHandler } from '../../core/agent-spec.ts';
import { schemaFromZod } from '../../core/schema.ts';
import { checkGlossary, type Glossary } from '../../domains/language/glossary.ts';

export interface TranslateInput {
  text: string;
  targetLanguage?: string;
  sourceLanguage?: string;
  glossary?: Glossary;
}

const translationOutput = schemaFromZod(
  z.object({
    translation: z.string().min(1),
    targetLanguage: z.string().min(2),
    notes: z.string().optional(),
  }),
);

/**
 * Translates, keeping formatting, with the glossary given to the model as binding; afterwards every
 * glossary term of the source is checked in the translation, and each one not respected is a warning
 * on the run (the translation is still returned: the user decides).
 */
export const translate: AgentHandler = async (rawInput, context) => {
  const input = rawInput as TranslateInput;
  const glossary = input.glossary ?? {};
  const lines = [input.targetLanguage === undefined ? 'Translate the text below into the language the request asks for.' : `Translate the text below into ${input.targetLanguage}.`];
  if (input.sourceLanguage !== undefined) lines.push(`It is written in ${input.sourceLanguage}.`);
  const terms = Object.entries(glossary);
  if (terms.length > 0) lines.push(`Use this glossary; its translations are binding:\n${terms.map(([term, translation]) => `- "${term}" -> "${translation}"`).join('\n')}`);
  const result = await context.generate({ prompt: `${lines.join('\n')}\n\n${input.text}`, output: translationOutput });
  const output = result.output as { translation: string; targetLanguage: string; notes?: string };
  for (const miss of checkGlossary(input.text, output.translation, glossary)) {
    await context.warn(
      'glossary_term_missing',
      miss.problem === 'untranslated'
        ? `Glossary term "${miss.term}" was left untranslated; the glossary says "${miss.expected}"`
        : `Glossary term "${miss.term}" should be translated as "${miss.expected}", which does not appear in the translation`,
    );
  }
  return output;
};
