import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { readOnly, type CommandContext } from '../command-context.ts';
import { formatFileIssues } from '../../core/yaml-document.ts';
import { NovaError } from '../../core/errors.ts';
import type { PipelineDefinition, PipelineIssue } from '../../pipelines/pipeline-definition.ts';
import { describeStepOptions, describeStepTarget, renderPipelineMermaid, renderPipelineText } from '../../pipelines/pipeline-diagram.ts';
import { parseInputText } from '../../pipelines/pipeline-inputs.ts';
import { stepLevels } from '../../pipelines/pipeline-plan.ts';
import { invalidPipeline, type PipelineRegistry } from '../../pipelines/pipeline-registry.ts';
import { pipelineRuntime } from '../../pipelines/pipeline-runtime.ts';
import { startPipelineRun } from '../../pipelines/run-pipeline.ts';
import type { Nova } from '../../app/nova.ts';
import { exitCodes, type CliIo } from '../cli-io.ts';
import { reportPipelineRun } from '../pipeline-report.ts';
import { clip, table } from '../render-table.ts';

/** A pipeline named by id, or a file path (anything with a slash or a .yaml/.yml ending that exists). */
function isFileArgument(target: string): boolean {
  return (/\.ya?ml$/i.test(target) || target.includes('/')) && existsSync(target);
}

/** The pipeline to show or run: from the registry by id, or loaded from a file and checked like the others. */
function resolvePipeline(registry: PipelineRegistry, target: string): PipelineDefinition {
  if (!isFileArgument(target)) return registry.get(target);
  const loaded = registry.loadFile(target);
  if (!loaded.ok) throw invalidPipeline(loaded.pipelineId ?? target, loaded.issues);
  return loaded.pipeline;
}

/** `nova pipeline list [--json]` */
export async function pipelineListCommand(nova: Nova, options: { json: boolean }, io: CliIo): Promise<number> {
  const registry = pipelineRuntime(nova).pipelines;
  const pipelines = registry.list();
  const refused = registry.refused();
  if (options.json) {
    io.stdout(`${JSON.stringify({ pipelines: pipelines.map(summary), invalid: refused.map((entry) => ({ id: entry.id, file: entry.file, issues: entry.issues })) })}\n`);
    return exitCodes.ok;
  }
  if (pipelines.length === 0) io.stdout('No pipelines. Yours go in $NOVA_HOME/pipelines/<id>.yaml.\n');
  else {
    const rows = pipelines.map((pipeline) => [pipeline.id, String(pipeline.steps.length), pipeline.origin, pipeline.schedule === undefined ? '-' : `${pipeline.schedule.cron} ${pipeline.schedule.timezone}`, clip(pipeline.description, 70)]);
    io.stdout(table(['ID', 'STEPS', 'FROM', 'SCHEDULE', 'DESCRIPTION'], rows));
  }
  if (refused.length > 0) {
    io.stderr(`${refused.length} pipeline file(s) are invalid and not listed: ${refused.map((entry) => entry.id ?? entry.file).join(', ')}; see \`nova pipeline validate\`.\n`);
  }
  return exitCodes.ok;
}

/** `nova pipeline show <id|file> [--mermaid] [--json]`: the DAG as text, or as Mermaid. */
export async function pipelineShowCommand(nova: Nova, options: { target: string; mermaid: boolean; json: boolean }, io: CliIo): Promise<number> {
  const pipeline = resolvePipeline(pipelineRuntime(nova).pipelines, options.target);
  if (options.json) {
    io.stdout(`${JSON.stringify({ pipeline: { ...summary(pipeline), concurrency: pipeline.concurrency, env: pipeline.env, steps: pipeline.steps.map(describeStep) }, levels: stepLevels(pipeline).map((level) => level.map((step) => step.id)), mermaid: renderPipelineMermaid(pipeline) })}\n`);
    return exitCodes.ok;
  }
  io.stdout(options.mermaid ? renderPipelineMermaid(pipeline) : renderPipelineText(pipeline));
  return exitCodes.ok;
}

/**
 * `nova pipeline validate [file|id] [--json]`: every problem with its file, line and column; all
 * pipelines when none is named. Exit 1 on any error.
 */
export async function pipelineValidateCommand(nova: Nova, options: { target: string | undefined; json: boolean }, io: CliIo): Promise<number> {
  const registry = pipelineRuntime(nova).pipelines;
  let issues: PipelineIssue[];
  let checked: string[];
  if (options.target === undefined) {
    issues = [...registry.issues];
    checked = [...registry.list().map((pipeline) => pipeline.id), ...registry.refused().map((entry) => entry.id ?? entry.file)];
  } else if (isFileArgument(options.target)) {
    const result = registry.loadFile(options.target);
    issues = result.issues;
    checked = [result.ok ? result.pipeline.id : (result.pipelineId ?? options.target)];
  } else {
    const refused = registry.refused().find((entry) => entry.id === options.target);
    if (refused === undefined) registry.get(options.target);
    issues = refused?.issues ?? registry.issues.filter((issue) => issue.pipelineId === options.target);
    checked = [options.target];
  }
  const errors = issues.filter((issue) => issue.severity === 'error').length;
  if (options.json) {
    io.stdout(`${JSON.stringify({ ok: errors === 0, checked, errors, warnings: issues.length - errors, issues })}\n`);
  } else if (issues.length === 0) {
    io.stdout(`${checked.length === 1 ? checked[0] : `${checked.length} pipelines`}: ok\n`);
  } else {
    io.stdout(`${issues.map((issue) => formatFileIssues([issue]).replace(/^(\S+:\d+:\d+) /, `$1 ${issue.severity} `)).join('\n')}\n`);
    io.stderr(`${errors} error(s), ${issues.length - errors} warning(s)\n`);
  }
  return errors > 0 ? exitCodes.failed : exitCodes.ok;
}

/** `nova pipeline run <id|file> [--input name=value ...] [--json] [--wait]` */
export async function pipelineRunCommand(nova: Nova, options: { target: string; inputs: string[]; allowPaths: string[]; json: boolean; wait: boolean }, io: CliIo): Promise<number> {
  return reportPipelineRun(
    async (onProgress) => {
      const runtime = { ...pipelineRuntime(nova), files: nova.files.withExplicit(options.allowPaths) };
      const pipeline = resolvePipeline(runtime.pipelines, options.target);
      return startPipelineRun({ pipeline, inputs: parseInputs(pipeline, options.inputs), runtime, signal: io.interrupt, onProgress, park: !options.wait });
    },
    { json: options.json },
    io,
  );
}

/** `--input name=value` pairs as the pipeline's inputs, each read as its declared type. */
export function parseInputs(pipeline: PipelineDefinition, pairs: readonly string[]): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const pair of pairs) {
    const equals = pair.indexOf('=');
    if (equals <= 0) {
      throw new NovaError({ code: 'input_invalid', fault: 'user', message: `--input "${pair}" is not name=value`, hint: `e.g. --input ${Object.keys(pipeline.inputs)[0] ?? 'name'}=value` });
    }
    const name = pair.slice(0, equals).trim();
    inputs[name] = parseInputText(pipeline, name, pair.slice(equals + 1));
  }
  return inputs;
}

function summary(pipeline: PipelineDefinition) {
  return {
    id: pipeline.id,
    name: pipeline.name,
    description: pipeline.description,
    origin: pipeline.origin,
    file: pipeline.file,
    inputs: pipeline.inputs,
    steps: pipeline.steps.length,
    schedule: pipeline.schedule ?? null,
  };
}

function describeStep(step: PipelineDefinition['steps'][number]) {
  return {
    id: step.id,
    kind: step.kind,
    target: describeStepTarget(step),
    needs: step.needs,
    foreach: step.foreach !== undefined,
    when: step.when !== undefined,
    retry: step.retry,
    timeoutMs: step.timeoutMs ?? null,
    continueOnError: step.continueOnError,
    options: describeStepOptions(step),
  };
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** Registers the command(s) of this file on the program. */
export function registerPipelineCommands(program: Command, context: CommandContext): void {
  const pipeline = program.command('pipeline').description('pipelines: list, show, validate, run');
  pipeline
    .command('list')
    .description('list the pipelines (shipped, and yours in $NOVA_HOME/pipelines)')
    .option('--json', 'print {pipelines: [...], invalid: [...]}')
    .action((options: { json?: boolean }) => context.withNova((nova) => pipelineListCommand(nova, { json: options.json === true }, context.io), readOnly)());
  pipeline
    .command('show')
    .description("a pipeline's steps as a DAG, as text or Mermaid")
    .argument('<pipeline>', 'pipeline id or file')
    .option('--mermaid', 'print the DAG as a Mermaid flowchart')
    .option('--json', 'print {pipeline, levels, mermaid}')
    .action((target: string, options: { mermaid?: boolean; json?: boolean }) =>
      context.withNova((nova) => pipelineShowCommand(nova, { target, mermaid: options.mermaid === true, json: options.json === true }, context.io), readOnly)(),
    );
  pipeline
    .command('validate')
    .description('check a pipeline file (or all pipelines) against the agents and tools; exit 1 on any error')
    .argument('[pipeline]', 'a file, or a pipeline id; all pipelines when absent')
    .option('--json', 'print {ok, checked, errors, warnings, issues}')
    .action((target: string | undefined, options: { json?: boolean }) => context.withNova((nova) => pipelineValidateCommand(nova, { target, json: options.json === true }, context.io), readOnly)());
  pipeline
    .command('run')
    .description('run a pipeline, showing each step as it goes')
    .argument('<pipeline>', 'pipeline id or file')
    .option('--input <name=value>', 'an input (repeat for more); numbers, booleans, lists and objects as JSON', collect, [])
    .option('--allow-path <path>', 'let the run use this file or folder outside the allowed roots (repeat for more)', collect, [])
    .option('--wait', 'at an approve step, wait here for the decision instead of letting the run wait on its own')
    .option('--json', 'print {runId, status, output, error, warnings, usage} at the end')
    .action((target: string, options: { input: string[]; allowPath: string[]; json?: boolean; wait?: boolean }) =>
      context.withNova((nova) => pipelineRunCommand(nova, { target, inputs: options.input, allowPaths: options.allowPath, json: options.json === true, wait: options.wait === true }, context.io))(),
    );
}
