import type { RunEvent } from '../core/events.ts';
import type { RunRecord } from '../core/run.ts';
import { describeUsage } from './commands/run-command.ts';
import { formatError } from './render-error.ts';
import { clip } from './render-table.ts';

/**
 * A readable timeline of a run's journal: one line per event with its offset from the start, model
 * calls with finish reason, tokens and duration, tool calls with their outcome and duration, warnings,
 * and the error with its hint.
 */
export function renderTimeline(run: RunRecord, events: readonly RunEvent[]): string {
  const lines: string[] = [];
  const start = Date.parse(events[0]?.at ?? run.createdAt);
  lines.push(`${run.id}  ${run.target ?? run.agentId ?? '-'} (${run.kind})  ${run.status.toUpperCase()}`);
  lines.push(`  created ${run.createdAt}${run.endedAt === null ? '' : ` · ended ${run.endedAt} · ${formatDuration(Date.parse(run.endedAt) - start)}`}`);
  lines.push(`  usage ${describeUsage(run.usage)}${run.warningCount > 0 ? ` · ${run.warningCount} warning(s)` : ''}`);
  if (run.status === 'interrupted' && run.owner !== null) {
    const last = events[events.length - 1];
    lines.push(
      `  interrupted: its process (pid ${run.owner.pid} on ${run.owner.host}) ended before the run did; the last event was ${last === undefined ? 'none' : `#${last.seq} ${last.type}`}`,
    );
  }
  if (run.status === 'superseded' && run.supersededBy !== null) {
    lines.push(`  superseded by ${run.supersededBy}: it was cut off by a crash, and that run does its work again (\`nova runs show ${run.supersededBy}\`)`);
  }
  lines.push('');
  for (const event of events) {
    const offset = `+${formatDuration(Date.parse(event.at) - start)}`.padEnd(9);
    lines.push(`  ${offset} ${event.type.padEnd(13)} ${describeEvent(event)}`.trimEnd());
  }
  if (run.error !== null) {
    lines.push('');
    lines.push(formatError(run.error).trimEnd());
  }
  return `${lines.join('\n')}\n`;
}

function describeEvent(event: RunEvent): string {
  switch (event.type) {
    case 'run-start':
      return `input ${clip(JSON.stringify(event.payload.input), 100)}`;
    case 'agent-start':
      return `${event.payload.agentId} · ${event.payload.engine}${event.payload.model === null ? '' : ` · ${event.payload.model}`}`;
    case 'model-call':
      return `step ${event.payload.step} · ${event.payload.model}${event.payload.repair ? ' · repair' : ''}`;
    case 'model-result': {
      const { step, finishReason, usage, durationMs, text, toolCalls } = event.payload;
      const asked = toolCalls.length > 0 ? ` · calls ${toolCalls.map((call) => call.toolName).join(', ')}` : '';
      return `step ${step} · ${finishReason} · ${formatDuration(durationMs)} · ${usage.inputTokens}→${usage.outputTokens} tokens${asked}${text === '' ? '' : ` · ${clip(JSON.stringify(text), 80)}`}`;
    }
    case 'tool-call':
      return `step ${event.payload.step} · ${event.payload.toolName} ${clip(JSON.stringify(event.payload.input), 80)}`;
    case 'tool-result':
      return `step ${event.payload.step} · ${event.payload.toolName} · ${event.payload.ok ? 'ok' : `FAILED ${event.payload.error?.code}: ${event.payload.error?.message}`} · ${formatDuration(event.payload.durationMs)}`;
    case 'warning':
      return `${event.payload.code}: ${event.payload.message}`;
    case 'error':
      return `${event.payload.error.code}: ${event.payload.error.message}`;
    case 'run-end':
      return event.payload.status;
    case 'run-wait':
      return event.payload.reason;
    case 'handoff-send':
      return `${event.payload.envelope.from} -> ${event.payload.envelope.to} (transfer): ${clip(JSON.stringify(event.payload.envelope.task), 80)}`;
    case 'handoff-accept':
      return `${event.payload.envelope.to} takes over in run ${event.payload.childRunId}`;
    case 'handoff-reject':
      return `${event.payload.mode} to ${event.payload.targetId} REFUSED (${event.payload.reason}): ${event.payload.error.message}`;
    case 'delegate-start':
      return `${event.payload.envelope.from} -> ${event.payload.envelope.to} (delegate, run ${event.payload.childRunId}): ${clip(JSON.stringify(event.payload.envelope.task), 80)}`;
    case 'delegate-end':
      return `${event.payload.targetId} ${event.payload.status === 'succeeded' ? 'returned' : `FAILED ${event.payload.error?.code}: ${event.payload.error?.message}`}`;
    case 'step-start':
      if ('handler' in event.payload) return `handler ${event.payload.handler}`;
      return `${event.payload.path} · ${event.payload.kind} · attempt ${event.payload.attempt}${event.payload.supersedes === undefined ? '' : ` · supersedes run ${event.payload.supersedes}`}`;
    case 'step-end': {
      if ('handler' in event.payload) return `handler ${event.payload.handler}`;
      const { path, status, attempt, durationMs, error, reason, retryInMs, childRunId } = event.payload;
      const detail = status === 'failed' ? ` ${error?.code}: ${error?.message}${retryInMs === undefined ? '' : ` (retry in ${formatDuration(retryInMs)})`}` : status === 'skipped' ? ` (${reason ?? 'skipped'})` : '';
      return `${path} · ${status.toUpperCase()}${detail} · attempt ${attempt} · ${formatDuration(durationMs)}${childRunId === undefined ? '' : ` · run ${childRunId}`}`;
    }
    case 'pipeline-start':
      return `pipeline ${event.payload.pipelineId} (${event.payload.file})`;
    case 'run-resume':
      return `resumed from ${event.payload.resumedFrom} by pid ${event.payload.owner.pid} on ${event.payload.owner.host}: ${event.payload.reason}`;
    case 'run-supersede':
      return `superseded by ${event.payload.by}: ${event.payload.reason}`;
    case 'step-approve':
    case 'step-reject':
      return `${event.payload.stepId} by ${event.payload.by}${event.payload.comment === undefined ? '' : `: ${event.payload.comment}`}`;
    case 'route-decide':
      return `${event.payload.agentId ?? 'no agent'} · ${event.payload.method} · confidence ${event.payload.confidence.toFixed(2)}`;
    default:
      // Events of a newer Nova (or without a description yet) still show their payload.
      return clip(JSON.stringify((event as RunEvent).payload), 100);
  }
}

export function formatDuration(milliseconds: number): string {
  if (!Number.isFinite(milliseconds) || milliseconds < 0) return '?';
  if (milliseconds > 0 && milliseconds < 1) return `${Math.round(milliseconds * 1000)}µs`;
  if (milliseconds < 1000) return `${Math.round(milliseconds)}ms`;
  if (milliseconds < 60_000) return `${(milliseconds / 1000).toFixed(1)}s`;
  return `${Math.floor(milliseconds / 60_000)}m${Math.round((milliseconds % 60_000) / 1000)}s`;
}
