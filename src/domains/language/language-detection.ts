import type * as TinyldModule from 'tinyld';

/** One language a text may be in, with how strongly it beats its closest rival (0..1). */
export interface LanguageCandidate {
  /** ISO 639-1 code (`pt`), or ISO 639-2/3 for the few languages without one (`ber`, `tlh`). */
  language: string;
  /** English name of the language. */
  name: string;
  confidence: number;
}

/** Why a text got `und`: no letters, too few letters, or no language clearly ahead. */
export type UndeterminedReason = 'no_letters' | 'too_short' | 'unclear';

export interface LanguageDetection {
  /** ISO 639-1 code, or `und` (ISO 639-2 "undetermined") when Nova will not guess. */
  language: string;
  confidence: number;
  candidates: LanguageCandidate[];
  /** Null when a language was decided. */
  reason: UndeterminedReason | null;
}

export interface LanguageDetectionOptions {
  /** Only consider these languages (ISO 639-1 codes), e.g. `['pt', 'es']`. */
  only?: readonly string[];
}

/**
 * When Nova says `und` instead of guessing. A text needs at least `minimumLetters` letters (a Han,
 * kana or Hangul character counts as 3: one carries about as much as a short word), and the best
 * candidate needs a confidence of at least `minimumConfidence`, i.e. a score at least 1.5 times that of
 * its closest rival.
 */
export const detectionThresholds = { minimumLetters: 10, minimumConfidence: 0.6, candidates: 5 } as const;

const undetermined = 'und';
const denseScript = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

type Tinyld = typeof TinyldModule;
let tinyld: Promise<Tinyld> | undefined;

/** Detects languages; see `loadLanguageDetector`. */
export interface LanguageDetector {
  detect(text: string, options?: LanguageDetectionOptions): LanguageDetection;
  /** The ISO 639-1 codes (or 639-2/3 where there is none) the detector can tell apart, sorted. */
  languages(): string[];
  /** The English name of a language code, or the code itself when unknown. */
  name(code: string): string;
}

/**
 * Loads tinyld (offline n-gram profiles of 62 languages). Its profiles take about 100 ms to load, so
 * they are loaded on first use rather than whenever Nova starts.
 */
export async function loadLanguageDetector(): Promise<LanguageDetector> {
  tinyld ??= import('tinyld');
  const library = await tinyld;
  return {
    detect: (text, options = {}) => detectLanguage(library, text, options),
    languages: () => library.supportedLanguages.map((code) => library.toISO2(code)).sort(),
    name: (code) => languageName(library, code),
  };
}

/**
 * Identifies the language of a text.
 *
 * tinyld's scores are not probabilities (a sentence it recognises word by word scores far below one
 * it recognises by a distinctive n-gram), so the confidence is relative: a candidate's score over its
 * own score plus the best rival's, as in a two-way contest. 1 means no rival at all, 0.5 a dead heat.
 *
 * @example (await loadLanguageDetector()).detect('Eu não sei se vou conseguir chegar a tempo.').language // 'pt'
 */
function detectLanguage(library: Tinyld, text: string, options: LanguageDetectionOptions): LanguageDetection {
  const letters = countLetters(text);
  if (letters === 0) return { language: undetermined, confidence: 0, candidates: [], reason: 'no_letters' };
  if (letters < detectionThresholds.minimumLetters) return { language: undetermined, confidence: 0, candidates: [], reason: 'too_short' };

  const scores = library.detectAll(text, options.only === undefined ? {} : { only: [...options.only] }).filter((score) => score.accuracy > 0);
  const candidates = scores.slice(0, detectionThresholds.candidates).map((score, index): LanguageCandidate => {
    const rival = index === 0 ? scores[1]?.accuracy : scores[0]!.accuracy;
    const confidence = rival === undefined ? 1 : score.accuracy / (score.accuracy + rival);
    return { language: score.lang, name: languageName(library, score.lang), confidence: round(confidence) };
  });
  const best = candidates[0];
  if (best === undefined) return { language: undetermined, confidence: 0, candidates: [], reason: 'unclear' };
  const bestConfidence = scores[1] === undefined ? 1 : scores[0]!.accuracy / (scores[0]!.accuracy + scores[1].accuracy);
  if (bestConfidence < detectionThresholds.minimumConfidence) return { language: undetermined, confidence: best.confidence, candidates, reason: 'unclear' };
  return { language: best.language, confidence: best.confidence, candidates, reason: null };
}

/** Letters in the text, with a character of a dense script (Han, kana, Hangul) counting as 3. */
export function countLetters(text: string): number {
  let letters = 0;
  for (const character of text) {
    if (!/\p{L}/u.test(character)) continue;
    letters += denseScript.test(character) ? 3 : 1;
  }
  return letters;
}

function languageName(library: Tinyld, code: string): string {
  if (code === undetermined) return 'Undetermined';
  return library.langName(library.toISO3(code)) || library.langName(code) || code;
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
