import { toNovaError } from '../core/errors.ts';
import { emptyUsage } from '../core/usage.ts';
import type { PipelineProgress } from '../pipelines/execution/execution-context.ts';
import type { RunResult } from '../runtime/run-agent.ts';
import { exitCodes, type CliIo } from './cli-io.ts';
import { describeUsage, jsonResult } from './commands/run-command.ts';
import { renderOutput } from './output-renderers/render-output.ts';
import { PipelineProgressView } from './pipeline-progress.ts';
import { exitCodeForThrown, formatError } from './render-error.ts';

/**
 * Runs pipeline work (a run, a resume, an approval that continues a run) with the live display and
 * reports its result as `nova run` does: the output on stdout, or with `--json` the document
 * `{runId, status, output, error, warnings, usage}`. Exit 0 succeeded or waiting, 1 failed, 130
 * cancelled; problems before the run (bad inputs, an invalid pipeline) as `nova run` reports them.
 */
export async function reportPipelineRun(work: (onProgress: (progress: PipelineProgress) => void) => Promise<RunResult>, options: { json: boolean }, io: CliIo): Promise<number> {
  const view = new PipelineProgressView(io, { quiet: options.json });
  let result: RunResult;
  try {
    result = await work(view.onProgress);
  } catch (error) {
    view.finish();
    return reportThrown(error, options, io);
  }
  view.finish();
  return printPipelineResult(result, options, io);
}

/** A problem before (or instead of) a run result, reported as `nova run` reports one; returns the exit code. */
export function reportThrown(error: unknown, options: { json: boolean }, io: CliIo): number {
  const novaError = toNovaError(error);
  if (options.json) io.stdout(`${JSON.stringify(jsonResult(novaError.runId ?? null, 'failed', null, novaError.toJSON(), [], emptyUsage))}\n`);
  else io.stderr(formatError(novaError));
  return exitCodeForThrown(error);
}

/** Prints a pipeline run's result and returns the exit code. */
export function printPipelineResult(result: RunResult, options: { json: boolean }, io: CliIo): number {
  if (options.json) {
    io.stdout(`${JSON.stringify(jsonResult(result.runId, result.status, result.output, result.error, result.warnings, result.usage))}\n`);
  } else {
    if (result.status === 'succeeded') io.stdout(`${renderOutput(result.output)}\n`);
    for (const warning of result.warnings) io.stderr(`warning[${warning.code}]: ${warning.message}\n`);
    if (result.error !== null) io.stderr(formatError(result.error));
    if (result.status === 'waiting') {
      io.stderr(`waiting: the run waits for an approval; see it with \`nova runs show ${result.runId}\`, then \`nova runs approve ${result.runId} <step>\` (or reject)\n`);
    }
    io.stderr(`${result.status}: ${result.runId} · ${describeUsage(result.usage)}\n`);
  }
  if (result.status === 'succeeded' || result.status === 'waiting') return exitCodes.ok;
  return result.status === 'cancelled' ? exitCodes.cancelled : exitCodes.failed;
}
