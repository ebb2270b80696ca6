import { formatDurationMs } from './duration.ts';
import { templateExpressions, type Template } from './expression.ts';
import type { PipelineDefinition, StepDefinition } from './pipeline-definition.ts';
import { describeInputs } from './pipeline-inputs.ts';
import { stepLevels } from './pipeline-plan.ts';

/** What a step runs, in a few words: `agent airep-checker`, `sleep 2s`, `pipeline month-end-close`. */
export function describeStepTarget(step: StepDefinition): string {
  switch (step.kind) {
    case 'agent':
      return `agent ${step.agentId}`;
    case 'tool':
      return `tool ${step.toolName}`;
    case 'pipeline':
      return `pipeline ${step.pipelineId}`;
    case 'sleep':
      return `sleep ${describeTemplate(step.duration, (value) => (typeof value === 'number' ? formatDurationMs(value) : String(value)))}`;
    case 'approve':
      return 'approve';
    default: {
      const unreachable: never = step;
      return unreachable;
    }
  }
}

/** The step's modifiers: needs, when, foreach, retry, timeout, continueOnError. */
export function describeStepOptions(step: StepDefinition): string[] {
  const parts: string[] = [];
  if (step.needs.length > 0) parts.push(`needs ${step.needs.join(', ')}`);
  if (step.when !== undefined) parts.push(`when ${describeTemplate(step.when, String)}`);
  if (step.foreach !== undefined) parts.push(`foreach ${describeTemplate(step.foreach, (value) => `${Array.isArray(value) ? value.length : 1} items`)}${step.concurrency === undefined ? '' : ` (${step.concurrency} at once)`}`);
  if (step.retry.attempts > 1) parts.push(`retry ${step.retry.attempts} attempts, ${step.retry.backoff} from ${formatDurationMs(step.retry.initialMs)}${step.retry.maxMs === undefined ? '' : ` up to ${formatDurationMs(step.retry.maxMs)}`}`);
  if (step.timeoutMs !== undefined) parts.push(`timeout ${formatDurationMs(step.timeoutMs)}`);
  if (step.continueOnError) parts.push('continueOnError');
  return parts;
}

function describeTemplate(template: Template | undefined, literal: (value: unknown) => string): string {
  if (template === undefined) return '';
  if (template.kind === 'literal') return literal(template.value);
  return templateExpressions(template)
    .map((expression) => `\${{ ${expression.source} }}`)
    .join(' ');
}

/** The pipeline as text: its inputs, then its steps in levels (the steps of a level can run at once). */
export function renderPipelineText(pipeline: PipelineDefinition): string {
  const lines: string[] = [];
  lines.push(`${pipeline.id}${pipeline.name === pipeline.id ? '' : ` (${pipeline.name})`} · ${pipeline.origin} · ${pipeline.file}`);
  lines.push(`  ${pipeline.description}`);
  lines.push(`  inputs: ${describeInputs(pipeline)}`);
  if (pipeline.env.length > 0) lines.push(`  env: ${pipeline.env.join(', ')}`);
  lines.push(`  concurrency: ${pipeline.concurrency} steps at once`);
  lines.push('');
  lines.push('  steps, in levels (the steps of a level can run at the same time):');
  const width = Math.max(...pipeline.steps.map((step) => step.id.length));
  const targetWidth = Math.max(...pipeline.steps.map((step) => describeStepTarget(step).length));
  stepLevels(pipeline).forEach((level, index) => {
    level.forEach((step, position) => {
      const options = describeStepOptions(step);
      lines.push(`  ${position === 0 ? String(index + 1).padStart(3) : '   '}  ${step.id.padEnd(width)}  ${describeStepTarget(step).padEnd(targetWidth)}${options.length === 0 ? '' : `  ${options.join(' · ')}`}`.trimEnd());
    });
  });
  lines.push('');
  const outputs = pipeline.outputs;
  lines.push(
    `  outputs: ${outputs === undefined ? 'the outputs of the last steps, by id' : outputs.kind === 'object' ? outputs.entries.map(([name]) => name).join(', ') : describeTemplate(outputs, (value) => JSON.stringify(value))}`,
  );
  if (pipeline.schedule !== undefined) lines.push(`  schedule: ${pipeline.schedule.cron} (${pipeline.schedule.timezone}), catch up ${pipeline.schedule.catchUp}`);
  return `${lines.join('\n')}\n`;
}

/** The DAG as a Mermaid flowchart (paste it into any Markdown that renders Mermaid). */
export function renderPipelineMermaid(pipeline: PipelineDefinition): string {
  const nodeIds = new Map(pipeline.steps.map((step, index) => [step.id, `s${index}_${step.id.replace(/[^A-Za-z0-9_]/g, '_')}`]));
  const lines = ['flowchart TD'];
  for (const step of pipeline.steps) {
    const label = [step.id, describeStepTarget(step), ...(step.when === undefined ? [] : ['when …']), ...(step.foreach === undefined ? [] : ['for each item'])].map(escapeMermaid).join('<br/>');
    const id = nodeIds.get(step.id)!;
    lines.push(`  ${id}${mermaidShape(step, label)}`);
  }
  for (const step of pipeline.steps) {
    for (const need of step.needs) lines.push(`  ${nodeIds.get(need)} --> ${nodeIds.get(step.id)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A diamond for a decision, a stadium for a wait, a subroutine for a nested pipeline, a box for work. */
function mermaidShape(step: StepDefinition, label: string): string {
  switch (step.kind) {
    case 'approve':
      return `{"${label}"}`;
    case 'sleep':
      return `(["${label}"])`;
    case 'pipeline':
      return `[["${label}"]]`;
    case 'agent':
    case 'tool':
      return `["${label}"]`;
    default: {
      const unreachable: never = step;
      return unreachable;
    }
  }
}

function escapeMermaid(text: string): string {
  return text.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}
