import { parseFieldByField } from '../config/field-by-field.ts';
import { inputDeclarationSchema, pipelineSpecSchema, stepSchema, type InputDeclaration, type PipelineSpec, type StepSpec } from './pipeline-spec.ts';

/** A step as read from its file, with its index there (issues point at `steps.<index>`). */
export interface IndexedStep {
  step: StepSpec;
  index: number;
}

/** What can be read of a pipeline file, whether or not the schema accepts it all. */
export interface ReadablePipeline {
  spec: Omit<PipelineSpec, 'steps'>;
  steps: IndexedStep[];
}

/**
 * What can still be read of a pipeline file the schema refused, so that the checks after the schema
 * (expressions, needs, agents, tools, nested pipelines) still run and every problem is reported in
 * one pass: each field that passes its own schema; each step field by field (a step without a usable
 * id is left out); an input whose declaration is refused stays known by name, so that expressions
 * reading it are not blamed too. Never run: a pipeline with any schema issue is refused.
 */
export function readRefusedPipeline(data: unknown, fallbackId: string): ReadablePipeline {
  const fields = parseFieldByField(pipelineSpecSchema, data);
  const raw = isRecord(data) ? data : {};
  const inputs: Record<string, InputDeclaration> = {};
  for (const [name, declaration] of Object.entries(isRecord(raw['inputs']) ? raw['inputs'] : {})) {
    const parsed = inputDeclarationSchema.safeParse(declaration);
    inputs[name] = parsed.success ? parsed.data : { type: 'string', required: false };
  }
  const steps: IndexedStep[] = [];
  (Array.isArray(raw['steps']) ? raw['steps'] : []).forEach((value: unknown, index) => {
    const parsed = stepSchema.safeParse(value);
    if (parsed.success) {
      steps.push({ step: parsed.data, index });
      return;
    }
    const step = parseFieldByField(stepSchema, value);
    if (step.id !== undefined) steps.push({ step: { ...step, id: step.id, needs: step.needs ?? [], continueOnError: step.continueOnError ?? false }, index });
  });
  return {
    spec: {
      id: fields.id ?? fallbackId,
      name: fields.name,
      description: fields.description ?? '',
      inputs: fields.inputs ?? inputs,
      env: fields.env ?? (Array.isArray(raw['env']) ? raw['env'].filter((name): name is string => typeof name === 'string') : []),
      concurrency: fields.concurrency ?? 4,
      outputs: fields.outputs,
      schedule: fields.schedule,
    },
    steps,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
