import type { Command } from 'commander';
import type { CommandContext } from '../command-context.ts';
import { loadNovaPipelines } from '../../pipelines/pipeline-registry.ts';
import { pipelineRuntime } from '../../pipelines/pipeline-runtime.ts';
import { formatInZone } from '../../pipelines/schedules/schedule-actions.ts';
import { ScheduleService, type ServeEvent } from '../../pipelines/schedules/schedule-service.ts';
import type { Nova } from '../../app/nova.ts';
import { exitCodes, type CliIo } from '../cli-io.ts';
import { jsonError } from '../render-error.ts';

/** The longest nap between two looks at the schedules (files and schedules may change meanwhile). */
const maxNapMs = 60_000;

/**
 * `nova serve [--no-resume] [--once] [--json]`: in the foreground, resumes pipeline runs whose process
 * died (unless --no-resume), then runs schedules as they come due, until Ctrl-C. `--once` does what
 * is due now, waits for those runs, and exits. The HTTP API comes with a later issue.
 */
export async function serveCommand(nova: Nova, options: { resume: boolean; once: boolean; json: boolean }, io: CliIo): Promise<number> {
  let failures = 0;
  const report = (event: ServeEvent) => {
    if ((event.type === 'run-end' && event.result.status !== 'succeeded' && event.result.status !== 'waiting') || event.type === 'run-error') failures += 1;
    if (options.json) io.stdout(`${JSON.stringify(eventJson(event))}\n`);
    else io.stderr(`[${new Date().toISOString().slice(0, 19)}Z] ${describeEvent(event)}\n`);
  };
  const service = new ScheduleService({ runtime: pipelineRuntime(nova), reloadPipelines: () => loadNovaPipelines(nova), signal: io.interrupt, onEvent: report });
  if (!options.json) io.stderr(`nova serve: runs due pipeline schedules${options.once ? ' once' : ' until Ctrl-C'} (the HTTP API comes in a later issue)\n`);
  if (options.resume) {
    const resumed = await service.resumeInterrupted();
    if (options.json) io.stdout(`${JSON.stringify({ type: 'resume', runIds: resumed })}\n`);
    else if (resumed.length > 0) io.stderr(`resuming ${resumed.length} interrupted run(s): ${resumed.join(', ')}\n`);
  }
  if (options.once) {
    await service.tick();
    await service.idle();
    return failures > 0 ? exitCodes.failed : exitCodes.ok;
  }
  while (!io.interrupt.aborted) {
    await service.tick();
    const next = await service.nextDue();
    const napMs = next === null ? maxNapMs : Math.min(maxNapMs, Math.max(250, next.getTime() - Date.now()));
    await napUnlessAborted(napMs, io.interrupt);
  }
  if (!options.json) io.stderr('stopping: runs in flight are cancelled (`nova runs resume` continues them)\n');
  await service.idle();
  return exitCodes.cancelled;
}

/** Waits, and comes back early (without error) when the signal aborts: stopping is not a failure here. */
function napUnlessAborted(milliseconds: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, milliseconds);
    signal.addEventListener('abort', done, { once: true });
  });
}

function describeEvent(event: ServeEvent): string {
  switch (event.type) {
    case 'schedule-fire':
      return `${event.schedule.id}: running ${event.schedule.pipelineId} for ${formatInZone(event.scheduledFor.toISOString(), event.schedule.timezone)}`;
    case 'schedule-skip':
      return `${event.schedule.id}: skipped ${event.missed.length} time(s) missed while nothing served (catch-up ${event.schedule.catchUp}), the last ${formatInZone(event.missed[event.missed.length - 1]!.toISOString(), event.schedule.timezone)}`;
    case 'run-end':
      return `${event.schedule === null ? 'resumed run' : `${event.schedule.id}:`} ${event.result.runId} ${event.result.status}${event.result.error === null ? '' : ` — ${event.result.error.code}: ${event.result.error.message}`}`;
    case 'run-error':
      return `${event.schedule === null ? `resuming ${event.runId ?? 'a run'}` : `${event.schedule.id}: ${event.schedule.pipelineId}`} could not run — ${event.error.code}: ${event.error.message}${event.error.hint === undefined ? '' : ` (${event.error.hint})`}`;
  }
}

function eventJson(event: ServeEvent): Record<string, unknown> {
  switch (event.type) {
    case 'schedule-fire':
      return { type: event.type, scheduleId: event.schedule.id, pipelineId: event.schedule.pipelineId, scheduledFor: event.scheduledFor.toISOString() };
    case 'schedule-skip':
      return { type: event.type, scheduleId: event.schedule.id, missed: event.missed.map((time) => time.toISOString()) };
    case 'run-end':
      return { type: event.type, scheduleId: event.schedule?.id ?? null, runId: event.result.runId, status: event.result.status, error: event.result.error === null ? null : jsonError(event.result.error) };
    case 'run-error':
      return { type: event.type, scheduleId: event.schedule?.id ?? null, runId: event.runId, error: jsonError(event.error) };
  }
}

/** Registers the command(s) of this file on the program. */
export function registerServeCommand(program: Command, context: CommandContext): void {
  program
    .command('serve')
    .description('run due pipeline schedules and resume interrupted runs, in the foreground (the HTTP API comes in a later issue)')
    .option('--no-resume', 'do not resume pipeline runs whose process died')
    .option('--once', 'run what is due now, wait for those runs, and exit')
    .option('--json', 'print one JSON object per event')
    .action((options: { resume: boolean; once?: boolean; json?: boolean }) =>
      context.withNova((nova) => serveCommand(nova, { resume: options.resume, once: options.once === true, json: options.json === true }, context.io))(),
    );
}
