import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkAireps } from '../../src/domains/airep/check-aireps.ts';
import type { AirepBulletin, AirepFields, AirepSummary } from '../../src/domains/airep/airep-report.ts';

interface ExpectedReport {
  line: number;
  valid: boolean;
  type: 'ARP' | 'ARS' | null;
  codes: string[];
  fields?: Partial<AirepFields>;
  bulletin?: AirepBulletin | null;
}

const corpusUrl = new URL('../fixtures/airep/corpus.txt', import.meta.url);
const expected = JSON.parse(readFileSync(new URL('../fixtures/airep/corpus.expected.json', import.meta.url), 'utf8')) as { summary: AirepSummary; reports: ExpectedReport[] };
const result = checkAireps(readFileSync(corpusUrl, 'utf8'));

describe('the AIREP corpus', () => {
  it('has at least 50 messages, each with an expected result', () => {
    expect(result.reports.length).toBeGreaterThanOrEqual(50);
    expect(result.reports.map((report) => report.line)).toEqual(expected.reports.map((report) => report.line));
  });

  it('has the expected summary', () => {
    expect(result.summary).toEqual(expected.summary);
  });

  it.each(expected.reports.map((report) => [report.line, report] as const))('line %i has its expected result', (line, want) => {
    const report = result.reports.find((candidate) => candidate.line === line)!;
    expect(report.valid).toBe(want.valid);
    expect(report.type).toBe(want.type);
    expect(report.issues.map((issue) => issue.code)).toEqual(want.codes);
    if (want.fields !== undefined) expect(report.fields).toMatchObject(want.fields);
    if (want.bulletin !== undefined) expect(report.bulletin).toEqual(want.bulletin);
    for (const issue of report.issues) expect(issue.message.length).toBeGreaterThan(10);
  });
});
