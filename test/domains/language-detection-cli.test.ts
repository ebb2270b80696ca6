import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseJsonOutput, runCli } from '../support/cli.ts';
import { temporaryDirectory } from '../support/temporary-directory.ts';

interface Detection {
  language: string;
  confidence: number;
  candidates: Array<{ language: string; confidence: number }>;
  reason: string | null;
  lines?: Array<{ line: number; text: string; language: string; confidence: number; reason: string | null }>;
}

describe('nova run language-detector', () => {
  let home: { path: string; remove: () => void };
  let env: Record<string, string>;

  beforeEach(() => {
    home = temporaryDirectory();
    env = { NOVA_HOME: home.path };
  });
  afterEach(() => home.remove());

  const run = async (argv: string[]) => {
    const result = await runCli(['run', 'language-detector', ...argv, '--json'], env);
    return { result, json: parseJsonOutput(result) };
  };

  it('detects the language of the text argument, with no model configured', async () => {
    const { result, json } = await run(['Eu não sei se vou conseguir chegar a tempo para a reunião de amanhã.']);
    expect(result.exitCode).toBe(0);
    const output = json['output'] as Detection;
    expect(output).toMatchObject({ language: 'pt', reason: null });
    expect(output.confidence).toBeGreaterThanOrEqual(0.6);
  });

  it('detects each line of a file with perLine, skipping blank lines', async () => {
    const file = join(home.path, 'lines.txt');
    writeFileSync(file, 'Je ne sais pas si je vais pouvoir arriver à temps pour la réunion.\n\nNo sé si voy a poder llegar a tiempo para la reunión de mañana.\nok\nIch weiß nicht, ob ich morgen rechtzeitig zur Besprechung kommen kann.\n');
    const { json } = await run(['--file', file, '--input', '{"perLine": true}']);
    const output = json['output'] as Detection;
    expect(output.lines?.map((line) => [line.line, line.language, line.reason])).toEqual([
      [1, 'fr', null],
      [3, 'es', null],
      [4, 'und', 'too_short'],
      [5, 'de', null],
    ]);
    expect(output.lines?.[2]?.text).toBe('ok');
  });

  it('answers und for empty and number-only input instead of failing', async () => {
    for (const text of ['', '42 17 2026']) {
      const { result, json } = await run(['--input', JSON.stringify({ text })]);
      expect(result.exitCode).toBe(0);
      expect(json['output']).toEqual({ language: 'und', confidence: 0, candidates: [], reason: 'no_letters' });
    }
  });

  it('refuses a language code it does not know, suggesting close ones', async () => {
    const { result, json } = await run(['--input', JSON.stringify({ text: 'Obrigado pela ajuda com o relatório.', only: ['pt', 'esp'] })]);
    expect(result.exitCode).toBe(1);
    expect(json['error']).toMatchObject({ code: 'input_invalid', message: expect.stringContaining('"esp"') });
    expect((json['error'] as { message: string }).message).toContain('es');
  });

  it('fails precisely on a missing file and on a file that is not UTF-8', async () => {
    const missing = await run(['--file', join(home.path, 'missing.txt')]);
    expect(missing.json['error']).toMatchObject({ code: 'input_invalid', message: expect.stringContaining('does not exist') });
    const file = join(home.path, 'latin1.txt');
    writeFileSync(file, Buffer.from([0x4f, 0x6c, 0xe1, 0x20, 0x6d, 0x75, 0x6e, 0x64, 0x6f]));
    const invalid = await run(['--file', file]);
    expect(invalid.result.exitCode).toBe(1);
    expect((invalid.json['error'] as { message: string }).message).toContain('is not UTF-8 text at byte 2 (line 1, column 3)');
  });
});
