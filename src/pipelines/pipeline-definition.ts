import type { FileIssue } from '../core/yaml-document.ts';
import type { Template } from './expression.ts';
import type { InputDeclaration, ScheduleSpec } from './pipeline-spec.ts';
import type { SourceLocation } from './source-positions.ts';

export interface RetryPolicy {
  /** Attempts in all, the first included (1: no retry). */
  attempts: number;
  backoff: 'fixed' | 'exponential';
  initialMs: number;
  maxMs: number | undefined;
}

/** What every step has, whatever it runs. */
export interface StepCommon {
  id: string;
  name: string | undefined;
  needs: readonly string[];
  when: Template | undefined;
  foreach: Template | undefined;
  /** Items of a foreach at once; default: the pipeline's concurrency. */
  concurrency: number | undefined;
  retry: RetryPolicy;
  timeoutMs: number | undefined;
  continueOnError: boolean;
  /** Where the step is written (its `id`). */
  location: SourceLocation;
  /** Where its kind is written (`agent: ...`), for problems with the agent, tool or pipeline it names. */
  kindLocation: SourceLocation;
}

export interface AgentStepDefinition extends StepCommon {
  kind: 'agent';
  agentId: string;
  input: Template;
}

export interface ToolStepDefinition extends StepCommon {
  kind: 'tool';
  toolName: string;
  input: Template;
}

export interface PipelineStepDefinition extends StepCommon {
  kind: 'pipeline';
  /** The nested pipeline's id. */
  pipelineId: string;
  /** The nested pipeline's inputs. */
  input: Template;
}

export interface SleepStepDefinition extends StepCommon {
  kind: 'sleep';
  /** A literal number of milliseconds or an expression giving a duration. */
  duration: Template;
}

export interface ApproveStepDefinition extends StepCommon {
  kind: 'approve';
  /** What the person is asked. */
  question: Template;
}

/**
 * One step, ready to run: its expressions compiled, its durations in milliseconds. A union on `kind`,
 * so that each `switch (step.kind)` ends in `const unreachable: never = step` and a new kind makes the
 * compiler list every place that must learn it.
 */
export type StepDefinition = AgentStepDefinition | ToolStepDefinition | PipelineStepDefinition | SleepStepDefinition | ApproveStepDefinition;

/** The templates a step evaluates when it runs, besides its `when` and `foreach`. */
export function stepBodyTemplates(step: StepDefinition): Template[] {
  switch (step.kind) {
    case 'agent':
    case 'tool':
    case 'pipeline':
      return [step.input];
    case 'sleep':
      return [step.duration];
    case 'approve':
      return [step.question];
    default: {
      const unreachable: never = step;
      return unreachable;
    }
  }
}

export type PipelineOrigin = 'shipped' | 'user' | 'file';

/** A loaded pipeline: what `run` executes and `show` draws. */
export interface PipelineDefinition {
  id: string;
  name: string;
  description: string;
  file: string;
  /** The file's text, journalled when a run starts, so that resume runs exactly what started. */
  source: string;
  /** SHA-256 of the source. */
  digest: string;
  origin: PipelineOrigin;
  inputs: Readonly<Record<string, InputDeclaration>>;
  env: readonly string[];
  concurrency: number;
  steps: readonly StepDefinition[];
  /** Undefined: the outputs of the steps nothing needs, by step id. */
  outputs: Template | undefined;
  schedule: ScheduleSpec | undefined;
}

/** A problem in a pipeline file, located as an editor shows it. */
export interface PipelineIssue extends FileIssue {
  severity: 'error' | 'warning';
  /** The pipeline's id when the file got that far. */
  pipelineId: string | null;
}

export type PipelineLoadResult =
  | { ok: true; pipeline: PipelineDefinition; issues: PipelineIssue[] }
  | {
      ok: false;
      pipelineId: string | null;
      issues: PipelineIssue[];
      /** What could be read of the refused file (never run), checked against the agents, tools and pipelines it names so every problem shows at once. */
      readable?: PipelineDefinition;
    };

/** The step with this id. */
export function stepById(pipeline: PipelineDefinition, id: string): StepDefinition | undefined {
  return pipeline.steps.find((step) => step.id === id);
}
