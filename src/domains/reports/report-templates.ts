import { airepDocument, isAirepResult } from './airep-template.ts';
import { arAgingDocument, isArAging } from './ar-aging-template.ts';
import { isPlainObject } from './compact-value.ts';
import { genericDocument } from './generic-template.ts';
import type { ReportBlock, ReportDocument } from './report-document.ts';
import type { TableOptions } from './table-builder.ts';

export const templateNames = ['generic', 'airep', 'ar-aging'] as const;
export type TemplateName = (typeof templateNames)[number];

interface Template {
  matches(data: unknown): boolean;
  defaultTitle(data: unknown): string;
  render(data: unknown, title: string, options: TableOptions): ReportDocument;
  /** What the data must look like, for the error when the template is asked for and does not fit. */
  shape: string;
}

export const templates: Record<TemplateName, Template> = {
  airep: {
    matches: isAirepResult,
    defaultTitle: () => 'AIREP check',
    render: (data, title, options) => airepDocument(data as Parameters<typeof airepDocument>[0], title, options),
    shape: 'the airep-checker output {reports: [{line, raw, valid, type, fields, issues}], summary: {total, valid, invalid, warnings}}',
  },
  'ar-aging': {
    matches: isArAging,
    defaultTitle: (data) => `AR aging as of ${(data as { asOf: string }).asOf}`,
    render: (data, title, options) => arAgingDocument(data as Parameters<typeof arAgingDocument>[0], title, options),
    shape: 'the ar-aging output {asOf, buckets, total, customers: [{customer, outstanding, buckets, oldestDaysPastDue}], dunning}',
  },
  generic: {
    matches: () => true,
    defaultTitle: () => 'Report',
    render: genericDocument,
    shape: 'any JSON value',
  },
};

/** The first specific template whose shape the data has, else `generic`. */
export function detectTemplate(data: unknown): TemplateName {
  if (templates.airep.matches(data)) return 'airep';
  if (templates['ar-aging'].matches(data)) return 'ar-aging';
  return 'generic';
}

/** What `nova run <agent> --json` prints around an agent's output. */
export interface RunEnvelope {
  runId: string;
  status: string;
  output: unknown;
  error: { code?: unknown; message?: unknown } | null;
}

/** True for the JSON that `nova run ... --json` prints; the report is then about its `output`. */
export function isRunEnvelope(data: unknown): data is RunEnvelope {
  return isPlainObject(data) && typeof data['runId'] === 'string' && typeof data['status'] === 'string' && 'output' in data && 'error' in data;
}

/** Blocks that say which run the data came from, and its error when it failed. */
export function runBlocks(envelope: RunEnvelope): ReportBlock[] {
  const blocks: ReportBlock[] = [
    {
      kind: 'facts',
      facts: [
        { label: 'Run', value: { text: envelope.runId } },
        { label: 'Status', value: { text: envelope.status, ...(envelope.status === 'succeeded' ? { tone: 'ok' as const } : { tone: 'error' as const }) } },
      ],
    },
  ];
  if (envelope.error !== null && envelope.error !== undefined) {
    blocks.push({ kind: 'callout', tone: 'error', text: `The run failed: ${String(envelope.error.code ?? 'error')}: ${String(envelope.error.message ?? '')}` });
  }
  return blocks;
}
