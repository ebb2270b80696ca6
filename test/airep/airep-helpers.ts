import { checkAireps } from '../../src/domains/airep/check-aireps.ts';
import type { AirepReport } from '../../src/domains/airep/airep-report.ts';

/** The one report of a one-message text. */
export function only(text: string): AirepReport {
  const { reports } = checkAireps(text);
  if (reports.length !== 1) throw new Error(`expected one report, got ${reports.length}`);
  return reports[0]!;
}

/** The issue codes of a report, in order. */
export function codes(report: AirepReport): string[] {
  return report.issues.map((issue) => issue.code);
}

/** The report of a given line. */
export function atLine(reports: readonly AirepReport[], line: number): AirepReport {
  const report = reports.find((candidate) => candidate.line === line);
  if (report === undefined) throw new Error(`no report for line ${line}`);
  return report;
}
