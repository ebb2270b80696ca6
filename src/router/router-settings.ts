import { existsSync } from 'node:fs';
import { writeFileAtomically } from '../core/atomic-file.ts';
import { readUtf8TextFile } from '../core/utf8-text.ts';
import { join } from 'node:path';
import { z } from 'zod';
import { NovaError } from '../core/errors.ts';
import { formatIssues, issuesFromZod } from '../core/schema.ts';
import { defaultThresholds, type RouterThresholds } from './calibration.ts';
import { errorMessage } from '../core/error-message.ts';

const settingsSchema = z
  .object({
    version: z.literal(1),
    thresholds: z
      .object({
        temperature: z.number().positive(),
        minConfidence: z.number().min(0).max(1),
        chatMinConfidence: z.number().min(0).max(1),
        judgeMargin: z.number().min(0).max(1),
        // Files fitted before the embedding stage existed have none: the defaults apply.
        embeddingTemperature: z.number().positive().default(defaultThresholds.embeddingTemperature),
        embeddingMinConfidence: z.number().min(0).max(1).default(defaultThresholds.embeddingMinConfidence),
      })
      .strict(),
    fittedOn: z.object({ file: z.string(), requests: z.number().int().min(0), at: z.string() }).strict(),
  })
  .strict();

export type RouterSettings = z.output<typeof settingsSchema>;

export function routerSettingsPath(home: string): string {
  return join(home, 'router.json');
}

/** The thresholds fitted with `nova eval routing --fit`, or the shipped defaults when none were. */
export function loadThresholds(home: string): { thresholds: RouterThresholds; source: string } {
  const file = routerSettingsPath(home);
  if (!existsSync(file)) return { thresholds: defaultThresholds, source: 'defaults' };
  const text = readUtf8TextFile(file, { label: 'router settings file', code: 'config_invalid' });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw invalid(file, errorMessage(error));
  }
  const parsed = settingsSchema.safeParse(value);
  if (!parsed.success) throw invalid(file, formatIssues(issuesFromZod(parsed.error)));
  return { thresholds: parsed.data.thresholds, source: file };
}

export function saveThresholds(home: string, thresholds: RouterThresholds, fittedOn: { file: string; requests: number }): string {
  const file = routerSettingsPath(home);
  const settings: RouterSettings = { version: 1, thresholds, fittedOn: { ...fittedOn, at: new Date().toISOString() } };
  // Atomically: a crash mid-write must not leave a half file that the next start refuses.
  writeFileAtomically(file, `${JSON.stringify(settings, null, 2)}\n`, { overwrite: true, what: 'the router settings' });
  return file;
}

function invalid(file: string, problem: string): NovaError {
  return new NovaError({
    code: 'config_invalid',
    fault: 'user',
    message: `Invalid router settings in ${file}: ${problem}`,
    hint: `Fit them again with \`nova eval routing --fit\`, or delete ${file} to use the defaults.`,
  });
}
