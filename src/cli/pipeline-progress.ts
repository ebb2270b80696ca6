import type { PipelineProgress } from '../pipelines/execution/execution-context.ts';
import type { PipelineDefinition, StepDefinition } from '../pipelines/pipeline-definition.ts';
import type { CliIo } from './cli-io.ts';
import { clip } from './render-table.ts';
import { formatDuration } from './render-timeline.ts';

type StepState = 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped' | 'waiting' | 'retrying' | 'reused';

interface StepLine {
  id: string;
  kind: string;
  state: StepState;
  startedAt: number | undefined;
  endedAt: number | undefined;
  attempt: number;
  attempts: number;
  detail: string;
  foreach: { done: number; total: number; failed: number } | undefined;
}

const marks: Record<StepState, string> = {
  pending: '·',
  running: '▶',
  succeeded: '✓',
  failed: '✗',
  skipped: '–',
  waiting: '⏸',
  retrying: '↻',
  reused: '✓',
};

/**
 * The live display of a pipeline run: on a terminal, one line per step (state, elapsed time, a bar
 * for foreach items, retries as they happen), redrawn in place; elsewhere, one line per change, on
 * stderr, so stdout keeps only the result.
 */
export class PipelineProgressView {
  readonly #io: CliIo;
  readonly #live: boolean;
  readonly #quiet: boolean;
  readonly #lines = new Map<string, StepLine>();
  #drawn = 0;
  #timer: NodeJS.Timeout | undefined;
  #runId: string | undefined;
  readonly #started = Date.now();

  constructor(io: CliIo, options: { quiet: boolean }) {
    this.#io = io;
    this.#live = io.interactive && !options.quiet;
    this.#quiet = options.quiet;
  }

  /** The callback for `onProgress`. */
  readonly onProgress = (progress: PipelineProgress): void => {
    if (this.#quiet) return;
    if (progress.type === 'run-begin') {
      if (this.#runId !== undefined && progress.runId !== this.#runId) return;
      this.#begin(progress.pipeline, progress.runId, progress.resumed);
      return;
    }
    if (progress.runId !== this.#runId) return;
    if (progress.type === 'step-reuse') {
      const line = this.#lines.get(progress.stepId);
      if (line !== undefined && progress.path === progress.stepId) {
        line.state = progress.status === 'skipped' ? 'skipped' : 'reused';
        line.detail = 'done before the resume';
        this.#changed(`${progress.stepId} was done before the resume`);
      }
      return;
    }
    if (progress.type === 'foreach-progress') {
      const line = this.#lines.get(progress.stepId);
      if (line !== undefined) {
        line.foreach = { done: progress.done, total: progress.total, failed: progress.failed };
        if (line.state === 'pending') line.state = 'running';
        line.startedAt ??= Date.now();
      }
      if (!this.#live && (progress.done === progress.total || progress.done % Math.max(1, Math.ceil(progress.total / 10)) === 0)) {
        this.#changed(`${progress.stepId}: ${progress.done}/${progress.total} items${progress.failed > 0 ? `, ${progress.failed} failed` : ''}`);
      }
      return;
    }
    this.#event(progress.event);
  };

  #begin(pipeline: PipelineDefinition, runId: string, resumed: boolean): void {
    this.#runId = runId;
    for (const step of pipeline.steps) {
      this.#lines.set(step.id, {
        id: step.id,
        kind: stepLabel(step),
        state: 'pending',
        startedAt: undefined,
        endedAt: undefined,
        attempt: 0,
        attempts: step.retry.attempts,
        detail: '',
        foreach: undefined,
      });
    }
    this.#io.stderr(`${resumed ? 'resuming' : 'running'} ${pipeline.id} · ${runId}\n`);
    if (this.#live) {
      this.#timer = setInterval(() => this.#draw(), 100);
      this.#timer.unref();
    }
  }

  #event(event: Extract<PipelineProgress, { type: 'event' }>['event']): void {
    if (event.type === 'step-start' && 'stepId' in event.payload) {
      const line = this.#lines.get(event.payload.stepId);
      if (line === undefined) return;
      line.startedAt ??= Date.now();
      if (event.payload.index === undefined) {
        line.attempt = event.payload.attempt;
        line.state = event.payload.kind === 'approve' ? 'waiting' : 'running';
        line.detail = event.payload.kind === 'approve' ? `waiting for approval: ${clip(event.payload.message ?? '', 60)}` : event.payload.attempt > 1 ? `attempt ${event.payload.attempt}/${line.attempts}` : '';
        this.#changed(`${line.id} started${event.payload.attempt > 1 ? ` (attempt ${event.payload.attempt})` : ''}`);
      }
      return;
    }
    if (event.type === 'step-end' && 'stepId' in event.payload) {
      const payload = event.payload;
      const line = this.#lines.get(payload.stepId);
      if (line === undefined) return;
      if (payload.index !== undefined) {
        if (payload.status === 'failed' && payload.retryInMs !== undefined) this.#changed(`${payload.path} failed (${payload.error?.code}); retry in ${formatDuration(payload.retryInMs)}`);
        return;
      }
      if (payload.status === 'failed' && payload.retryInMs !== undefined) {
        line.state = 'retrying';
        line.detail = `retry ${payload.attempt + 1}/${line.attempts} in ${formatDuration(payload.retryInMs)} · ${payload.error?.code}: ${clip(payload.error?.message ?? '', 50)}`;
        this.#changed(`${line.id} failed (${payload.error?.code}: ${payload.error?.message}); retry in ${formatDuration(payload.retryInMs)}`);
        return;
      }
      line.state = payload.status;
      line.endedAt = Date.now();
      line.detail = payload.status === 'skipped' ? (payload.reason ?? '') : payload.status === 'failed' ? `${payload.error?.code}: ${clip(payload.error?.message ?? '', 70)}` : payload.recovered === true ? 'recovered from its finished child run' : '';
      this.#changed(`${line.id} ${payload.status}${line.detail === '' ? '' : `: ${line.detail}`}`);
      return;
    }
    if (event.type === 'run-wait') this.#changed(`waiting: ${event.payload.reason}`);
  }

  #changed(message: string): void {
    if (this.#live) return;
    this.#io.stderr(`  [+${formatDuration(Date.now() - this.#started)}] ${message}\n`);
  }

  #draw(): void {
    const now = Date.now();
    const width = Math.max(...[...this.#lines.values()].map((line) => line.id.length), 4);
    const rows = [...this.#lines.values()].map((line) => {
      const elapsed = line.startedAt === undefined ? '' : formatDuration((line.endedAt ?? now) - line.startedAt);
      const bar = line.foreach === undefined ? '' : ` ${progressBar(line.foreach.done, line.foreach.total)} ${line.foreach.done}/${line.foreach.total}${line.foreach.failed > 0 ? ` (${line.foreach.failed} failed)` : ''}`;
      return `  ${marks[line.state]} ${line.id.padEnd(width)}  ${clip(line.kind, 24).padEnd(24)} ${elapsed.padStart(6)}${bar}${line.detail === '' ? '' : `  ${line.detail}`}`;
    });
    // Move back over the previous drawing and write each line anew.
    const up = this.#drawn > 0 ? `\x1b[${this.#drawn}F` : '';
    this.#io.stderr(`${up}${rows.map((row) => `\x1b[2K${row}`).join('\n')}\n`);
    this.#drawn = rows.length;
  }

  /** Draws the final state and stops redrawing. */
  finish(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    if (this.#live && this.#lines.size > 0) this.#draw();
  }
}

/** What a progress line says the step runs: the agent's id, `tool <name>`, `pipeline <id>`, or the kind. */
function stepLabel(step: StepDefinition): string {
  switch (step.kind) {
    case 'agent':
      return step.agentId;
    case 'tool':
      return `tool ${step.toolName}`;
    case 'pipeline':
      return `pipeline ${step.pipelineId}`;
    case 'sleep':
    case 'approve':
      return step.kind;
    default: {
      const unreachable: never = step;
      return unreachable;
    }
  }
}

function progressBar(done: number, total: number, width = 20): string {
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}
