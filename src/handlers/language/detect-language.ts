import type { AgentHandler } from '../../core/agent-spec.ts';
import { closestMatches } from '../../core/closest-matches.ts';
import { NovaError } from '../../core/errors.ts';
import { loadLanguageDetector, type LanguageDetection, type UndeterminedReason } from '../../domains/language/language-detection.ts';
import { readAgentText, type TextOrFileInput } from '../pipeline/agent-text-input.ts';

interface DetectLanguageInput extends TextOrFileInput {
  perLine?: boolean;
  only?: string[];
}

export interface LineLanguage {
  line: number;
  text: string;
  language: string;
  confidence: number;
  reason: UndeterminedReason | null;
}

/**
 * The language-detector: the language of the whole text and, with `perLine`, of each non-blank line
 * (numbered from 1). `only` limits the contest to some languages ("is this Portuguese or Spanish").
 */
export const detectLanguageHandler: AgentHandler = async (rawInput) => {
  const input = rawInput as DetectLanguageInput;
  const detector = await loadLanguageDetector();
  const only = input.only === undefined ? undefined : checkedLanguages(input.only, detector.languages());
  const { text } = await readAgentText(input, 'language-detector');
  const options = only === undefined ? {} : { only };
  const whole: LanguageDetection & { lines?: LineLanguage[] } = detector.detect(text, options);
  if (input.perLine === true) {
    whole.lines = text.split(/\r\n|\r|\n/).flatMap((lineText, index) => {
      if (lineText.trim() === '') return [];
      const detection = detector.detect(lineText, options);
      return [{ line: index + 1, text: lineText, language: detection.language, confidence: detection.confidence, reason: detection.reason }];
    });
  }
  return whole;
};

function checkedLanguages(only: readonly string[], known: readonly string[]): string[] {
  const codes = only.map((code) => code.trim().toLowerCase());
  for (const code of codes) {
    if (known.includes(code)) continue;
    const suggestions = closestMatches(code, known);
    throw new NovaError({
      code: 'input_invalid',
      fault: 'user',
      message: `"only" names ${JSON.stringify(code)}, which is not a language code the detector knows${suggestions.length > 0 ? ` (did you mean ${suggestions.join(', ')}?)` : ''}`,
      hint: `Use ISO 639-1 codes such as "pt" or "es"; the detector knows: ${known.join(', ')}.`,
      details: { field: 'only', value: code },
    });
  }
  return codes;
}
