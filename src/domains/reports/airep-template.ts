import type { AirepCheckResult, AirepReport } from '../airep/airep-report.ts';
import { isPlainObject } from './compact-value.ts';
import { cell, type ReportBlock, type ReportDocument, type ReportRow } from './report-document.ts';
import type { TableOptions } from './table-builder.ts';

/** True when the value has the shape of the airep-checker's output. */
export function isAirepResult(value: unknown): value is AirepCheckResult {
  if (!isPlainObject(value) || !Array.isArray(value['reports']) || !isPlainObject(value['summary'])) return false;
  const summary = value['summary'];
  const counts = ['total', 'valid', 'invalid', 'warnings'].every((key) => typeof summary[key] === 'number');
  return counts && value['reports'].every((report) => isPlainObject(report) && isPlainObject(report['fields']) && Array.isArray(report['issues']));
}

/**
 * The AIREP check as a report: the counts, one row per message with its decoded fields (invalid rows
 * flagged as errors, rows with warnings as warnings), then every issue with its line and the message.
 */
export function airepDocument(result: AirepCheckResult, title: string, options: TableOptions): ReportDocument {
  const { summary, reports } = result;
  const blocks: ReportBlock[] = [
    { kind: 'heading', level: 2, text: 'Summary' },
    {
      kind: 'facts',
      facts: [
        { label: 'Messages', value: cell(String(summary.total), { numeric: true }) },
        { label: 'Valid', value: cell(String(summary.valid), { numeric: true, tone: 'ok' }) },
        { label: 'Invalid', value: cell(String(summary.invalid), { numeric: true, ...(summary.invalid > 0 ? { tone: 'error' as const } : {}) }) },
        { label: 'Warnings', value: cell(String(summary.warnings), { numeric: true, ...(summary.warnings > 0 ? { tone: 'warning' as const } : {}) }) },
      ],
    },
    summary.invalid > 0
      ? { kind: 'callout', tone: 'error', text: `${summary.invalid} of ${summary.total} messages are invalid.` }
      : summary.warnings > 0
        ? { kind: 'callout', tone: 'warning', text: `All ${summary.total} messages are valid; ${summary.warnings} warning(s) to look at.` }
        : { kind: 'callout', tone: 'ok', text: `All ${summary.total} messages are valid.` },
    { kind: 'heading', level: 2, text: 'Messages' },
  ];
  if (reports.length === 0) blocks.push({ kind: 'paragraph', text: 'No messages.' });
  else {
    blocks.push({
      kind: 'table',
      columns: ['Line', 'Type', 'Callsign', 'Position', 'Time', 'Level (100 ft)', 'Temp (°C)', 'Wind', 'Weather', 'Status', 'Issues'],
      rows: reports.slice(0, options.maxRows).map(messageRow),
      ...(reports.length > options.maxRows ? { note: `Showing the first ${options.maxRows} of ${reports.length} messages.` } : {}),
    });
  }
  const issues = reports.flatMap((report) => report.issues.map((issue) => ({ report, issue })));
  blocks.push({ kind: 'heading', level: 2, text: 'Issues' });
  if (issues.length === 0) blocks.push({ kind: 'callout', tone: 'ok', text: 'No issues.' });
  else {
    blocks.push({
      kind: 'table',
      columns: ['Line', 'Severity', 'Code', 'Message', 'Raw'],
      rows: issues.slice(0, options.maxRows).map(({ report, issue }) => ({
        cells: [cell(String(report.line), { numeric: true }), cell(issue.severity, { tone: issue.severity }), cell(issue.code), cell(issue.message), cell(report.raw)],
        flag: { tone: issue.severity, reason: issue.code },
      })),
      ...(issues.length > options.maxRows ? { note: `Showing the first ${options.maxRows} of ${issues.length} issues.` } : {}),
    });
  }
  return { title, blocks };
}

function messageRow(report: AirepReport): ReportRow {
  const { fields } = report;
  const errors = report.issues.filter((issue) => issue.severity === 'error').length;
  const warnings = report.issues.length - errors;
  const weather = [
    fields.turbulence === null ? '' : `TURB ${fields.turbulence}`,
    fields.icing === null ? '' : `ICE ${fields.icing}`,
    fields.phenomenon ?? '',
  ].filter((part) => part !== '');
  return {
    cells: [
      cell(String(report.line), { numeric: true }),
      cell(report.type ?? '—'),
      cell(fields.callsign ?? '—'),
      cell(position(fields.lat, fields.lon, fields.fix)),
      cell(fields.time ?? '—'),
      cell(fields.level === null ? '—' : String(fields.level).padStart(3, '0'), { numeric: true }),
      cell(fields.tempC === null ? '—' : String(fields.tempC), { numeric: true }),
      cell(fields.windDir === null || fields.windKt === null ? '—' : `${String(fields.windDir).padStart(3, '0')}°/${fields.windKt} kt`),
      cell(weather.length === 0 ? '—' : weather.join(', ')),
      cell(report.valid ? 'valid' : 'invalid', { tone: report.valid ? 'ok' : 'error' }),
      cell(report.issues.map((issue) => `${issue.code}: ${issue.message}`).join('\n')),
    ],
    flag: errors > 0 ? { tone: 'error', reason: `${errors} error(s)` } : warnings > 0 ? { tone: 'warning', reason: `${warnings} warning(s)` } : null,
  };
}

function position(lat: number | null, lon: number | null, fix: string | null): string {
  if (fix !== null) return fix;
  if (lat === null || lon === null) return '—';
  return `${Math.abs(lat).toFixed(4)}° ${lat < 0 ? 'S' : 'N'}, ${Math.abs(lon).toFixed(4)}° ${lon < 0 ? 'W' : 'E'}`;
}
