import { beforeAll, describe, expect, it } from 'vitest';
import { countLetters, detectionThresholds, loadLanguageDetector, type LanguageDetector } from '../../src/domains/language/language-detection.ts';

let detector: LanguageDetector;
const detectLanguage: LanguageDetector['detect'] = (text, options) => detector.detect(text, options);

const sentences: Array<[string, string]> = [
  ['en', 'Could you please check whether the server is running before the meeting?'],
  ['en', 'The quick brown fox jumps over the lazy dog near the river bank.'],
  ['pt', 'Eu não sei se vou conseguir chegar a tempo para a reunião de amanhã.'],
  ['pt', 'O gato está dormindo em cima da mesa da cozinha.'],
  ['pt', 'Vamos à praia amanhã à tarde.'],
  ['es', 'No sé si voy a poder llegar a tiempo para la reunión de mañana.'],
  ['es', 'El gato está durmiendo encima de la mesa de la cocina.'],
  ['es', 'Vamos a la playa mañana por la tarde.'],
  ['fr', 'Je ne sais pas si je vais pouvoir arriver à temps pour la réunion de demain.'],
  ['de', 'Ich weiß nicht, ob ich morgen rechtzeitig zur Besprechung kommen kann.'],
  ['it', 'Non so se riuscirò ad arrivare in tempo per la riunione di domani.'],
  ['nl', 'Ik weet niet of ik morgen op tijd voor de vergadering kan komen.'],
  ['pl', 'Dziękuję bardzo za pomoc, to było bardzo pomocne.'],
  ['ru', 'Привет, как дела? Я очень рад тебя видеть.'],
  ['ja', 'これは日本語の文章です。'],
];

describe('language detection', () => {
  beforeAll(async () => {
    detector = await loadLanguageDetector();
  });

  it.each(sentences)('recognises %s: %s', (language, text) => {
    const detection = detectLanguage(text);
    expect(detection.language).toBe(language);
    expect(detection.reason).toBeNull();
    expect(detection.confidence).toBeGreaterThanOrEqual(detectionThresholds.minimumConfidence);
    expect(detection.candidates[0]).toMatchObject({ language, confidence: detection.confidence });
  });

  it('tells Portuguese from Spanish in sentences that share most words', () => {
    expect(detectLanguage('A reunião foi adiada para a próxima semana por causa da chuva.').language).toBe('pt');
    expect(detectLanguage('La reunión se aplazó a la próxima semana por culpa de la lluvia.').language).toBe('es');
  });

  it('names each candidate, best first, with confidences between 0 and 1', () => {
    const detection = detectLanguage('The quick brown fox jumps over the lazy dog near the river bank.');
    expect(detection.candidates.length).toBeGreaterThan(1);
    expect(detection.candidates.length).toBeLessThanOrEqual(detectionThresholds.candidates);
    expect(detection.candidates[0]).toMatchObject({ language: 'en', name: 'English' });
    for (const candidate of detection.candidates) {
      expect(candidate.confidence).toBeGreaterThan(0);
      expect(candidate.confidence).toBeLessThanOrEqual(detection.candidates[0]!.confidence);
    }
  });

  it('limits the contest to the languages asked for', () => {
    const detection = detectLanguage('Obrigado pela ajuda com o relatório de ontem.', { only: ['pt', 'es'] });
    expect(detection.language).toBe('pt');
    expect(detection.candidates.every((candidate) => ['pt', 'es'].includes(candidate.language))).toBe(true);
  });

  it('says und for empty text and text without letters', () => {
    for (const text of ['', '   ', '12345 678', '3.14 + 2 = 5.14', '!!! ??? ...', '2026-03-31 12:00']) {
      expect(detectLanguage(text), JSON.stringify(text)).toEqual({ language: 'und', confidence: 0, candidates: [], reason: 'no_letters' });
    }
  });

  it('says und for text with fewer than 10 letters, rather than guessing', () => {
    for (const text of ['hi', 'Hello', 'gracias', 'obrigado', 'Olá!', 'Bom dia', 'Merci 2x', '日本語']) {
      expect(detectLanguage(text), text).toEqual({ language: 'und', confidence: 0, candidates: [], reason: 'too_short' });
    }
  });

  it('says und when no language is clearly ahead, still listing the candidates', () => {
    const detection = detectLanguage('Hello world');
    expect(detection.language).toBe('und');
    expect(detection.reason).toBe('unclear');
    expect(detection.confidence).toBeLessThan(detectionThresholds.minimumConfidence);
    expect(detection.candidates.length).toBeGreaterThan(1);
  });

  it('counts letters, a Han, kana or Hangul character as three', () => {
    expect(countLetters('abcdefghij')).toBe(10);
    expect(countLetters('ñandú 123 !')).toBe(5);
    expect(countLetters('日本語')).toBe(9);
    expect(countLetters('한국어')).toBe(9);
    expect(countLetters('')).toBe(0);
  });

  it('lists the languages it can tell apart as ISO 639-1 codes', () => {
    const languages = detector.languages();
    expect(languages).toEqual(expect.arrayContaining(['en', 'pt', 'es', 'fr', 'de', 'ja', 'zh', 'ru']));
    expect(languages.length).toBeGreaterThan(50);
    expect(detector.name('pt')).toBe('Portuguese');
    expect(detector.name('und')).toBe('Undetermined');
  });
});
