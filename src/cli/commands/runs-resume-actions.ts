import { decideStep, type DecideStepResult } from '../../pipelines/approvals.ts';
import { pipelineRuntime } from '../../pipelines/pipeline-runtime.ts';
import { resumePipelineRun } from '../../pipelines/run-pipeline.ts';
import type { Nova } from '../../app/nova.ts';
import { exitCodes, type CliIo } from '../cli-io.ts';
import { PipelineProgressView } from '../pipeline-progress.ts';
import { printPipelineResult, reportPipelineRun, reportThrown } from '../pipeline-report.ts';

/** `nova runs resume <id> [--json] [--wait]`: continues an interrupted, failed or cancelled pipeline run in the same journal. */
export async function runsResumeCommand(nova: Nova, options: { id: string; json: boolean; wait: boolean }, io: CliIo): Promise<number> {
  return reportPipelineRun(
    (onProgress) => resumePipelineRun({ runId: options.id, runtime: pipelineRuntime(nova), signal: io.interrupt, onProgress, park: !options.wait }),
    { json: options.json },
    io,
  );
}

/**
 * `nova runs approve|reject <id> <step> [--comment TEXT] [--json]`: decides an approve step that waits.
 * When no process executes the run (it waits on its own), it continues here, shown as `pipeline run`
 * shows it; when one does, that process continues it, and this command says so.
 */
export async function runsDecideCommand(nova: Nova, options: { id: string; step: string; approved: boolean; comment: string | undefined; json: boolean; wait: boolean }, io: CliIo): Promise<number> {
  const view = new PipelineProgressView(io, { quiet: options.json });
  let decision: DecideStepResult;
  try {
    decision = await decideStep({
      runtime: pipelineRuntime(nova),
      runId: options.id,
      stepId: options.step,
      approved: options.approved,
      ...(options.comment === undefined ? {} : { comment: options.comment }),
      signal: io.interrupt,
      onProgress: view.onProgress,
      park: !options.wait,
    });
  } catch (error) {
    view.finish();
    return reportThrown(error, { json: options.json }, io);
  }
  view.finish();
  const { continuation } = decision;
  if (continuation.by === 'this-process') return printPipelineResult(continuation.result, { json: options.json }, io);
  const verb = options.approved ? 'approved' : 'rejected';
  if (options.json) {
    io.stdout(`${JSON.stringify({ runId: decision.runId, step: options.step, approved: options.approved, continuedBy: continuation.by === 'owner' ? continuation.owner : null })}\n`);
  } else if (continuation.by === 'owner') {
    io.stderr(`${verb} ${options.step}; the run goes on in process ${continuation.owner.pid} on ${continuation.owner.host}, which executes it\n`);
  } else {
    io.stderr(`${verb} ${options.step}; continue the run with \`nova runs resume ${decision.runId}\`\n`);
  }
  return exitCodes.ok;
}
