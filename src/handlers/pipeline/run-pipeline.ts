import type { AgentHandler } from '../../core/agent-spec.ts';
import { NovaError } from '../../core/errors.ts';
import type { PipelineRuntime } from '../../pipelines/execution/execution-context.ts';
import { describeInputs, parseInputText } from '../../pipelines/pipeline-inputs.ts';
import { idsMentioned, pairsMentioned } from '../../pipelines/pipeline-mentions.ts';
import { startPipelineRun } from '../../pipelines/run-pipeline.ts';
import { summarizeSteps } from '../../pipelines/run-summary.ts';
import type { HandlerDependencies } from '../handler-dependencies.ts';
import { withPipelineRuntime } from './pipeline-runtime-access.ts';

interface RunPipelineInput {
  pipeline?: string;
  inputs?: Record<string, unknown>;
  text?: string;
}

/**
 * The pipeline-runner: runs the pipeline a request names (`pipeline`, or an id in `text`) with the
 * inputs given (`inputs`, or `name=value` in `text`), as a child run of its own, and reports each
 * step. A pipeline that fails fails this agent too, with the step, cause and hint; one that waits for
 * an approval is reported as waiting.
 */
export function createRunPipelineHandler(dependencies: HandlerDependencies): AgentHandler {
  return async (rawInput, context) => {
    const input = rawInput as RunPipelineInput;
    return withPipelineRuntime(dependencies, async (runtime) => {
      const pipeline = runtime.pipelines.get(choosePipeline(runtime, input));
      const inputs: Record<string, unknown> = { ...(input.inputs ?? {}) };
      for (const [name, text] of Object.entries(pairsMentioned(input.text ?? ''))) {
        if (inputs[name] === undefined && pipeline.inputs[name] !== undefined) inputs[name] = parseInputText(pipeline, name, text);
      }
      const result = await startPipelineRun({ pipeline, inputs, runtime, parentRunId: context.runId, signal: context.signal });
      const events = await runtime.store.journal.read(result.runId);
      const steps = summarizeSteps(events)
        .filter((step) => step.index === null)
        .map((step) => ({ id: step.stepId, status: step.status, attempts: step.attempts, durationMs: Math.round(step.durationMs), ...(step.error === null ? {} : { error: { code: step.error.code, message: step.error.message } }), ...(step.note === null ? {} : { note: step.note }) }));
      if (result.status === 'failed' || result.status === 'cancelled') {
        const error = result.error;
        throw new NovaError({
          code: error?.code === 'cancelled' ? 'cancelled' : 'step_failed',
          fault: error?.fault ?? 'system',
          message: `Pipeline ${pipeline.id} ${result.status} (run ${result.runId}): ${error?.message ?? 'no error recorded'}`,
          hint: `${error?.hint ?? ''} Inspect it with \`nova runs show ${result.runId}\`; \`nova runs resume ${result.runId}\` continues it.`.trim(),
          details: { pipelineRunId: result.runId, steps },
        });
      }
      for (const warning of result.warnings) await context.warn(warning.code, `${pipeline.id}: ${warning.message}`);
      return { pipeline: pipeline.id, runId: result.runId, status: result.status, output: result.output ?? null, steps };
    });
  };
}

function choosePipeline(runtime: PipelineRuntime, input: RunPipelineInput): string {
  if (input.pipeline !== undefined) return input.pipeline;
  const ids = runtime.pipelines.list().map((pipeline) => pipeline.id);
  const named = idsMentioned(input.text ?? '', ids);
  // "daily-ops-full" also contains "daily-ops": the longest id named is the one meant.
  if (named.length > 0 && named.slice(1).every((id) => named[0]!.includes(id))) return named[0]!;
  if (named.length > 1) {
    throw new NovaError({ code: 'input_invalid', fault: 'user', message: `The request names several pipelines: ${named.join(', ')}`, hint: 'Name one, e.g. "run the airep-daily pipeline".' });
  }
  throw new NovaError({
    code: 'input_invalid',
    fault: 'user',
    message: `The request names no pipeline; the pipelines are: ${runtime.pipelines.list().map((pipeline) => `${pipeline.id} (inputs: ${describeInputs(pipeline)})`).join('; ') || 'none'}`,
    hint: 'Name one, e.g. "run month-end-close month=2024-10".',
  });
}
