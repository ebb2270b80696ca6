import { didYouMean } from '../core/closest-matches.ts';
import { expressionRoots, stepViewFields, templateExpressions, type CompiledExpression, type Template } from './expression.ts';
import { stepBodyTemplates, type PipelineDefinition, type PipelineIssue, type StepDefinition } from './pipeline-definition.ts';
import { inputValueProblem, isRequiredInput } from './pipeline-inputs.ts';
import { findCycle, upstreamSets } from './pipeline-plan.ts';
import { cronProblem } from './schedules/schedule-timing.ts';
import type { FieldPath, SourcePositions } from './source-positions.ts';

/**
 * The checks of a pipeline that need only its own file: unique step ids, `needs` that name steps,
 * no cycle, expressions that read only what exists and is upstream, input defaults, the schedule.
 * `strayTemplates` are a refused file's templates in fields a step's kind does not have, checked too.
 */
export function checkPipelineStructure(pipeline: PipelineDefinition, positions: SourcePositions, strayTemplates: ReadonlyMap<StepDefinition, readonly Template[]> = new Map()): PipelineIssue[] {
  const issues: PipelineIssue[] = [];
  const error = (path: FieldPath, message: string) => issues.push({ ...positions.issue(path, message), severity: 'error', pipelineId: pipeline.id });
  const ids = pipeline.steps.map((step) => step.id);

  const firstIndex = new Map<string, number>();
  pipeline.steps.forEach((step, index) => {
    const earlier = firstIndex.get(step.id);
    if (earlier === undefined) firstIndex.set(step.id, index);
    else error(['steps', index, 'id'], `duplicate step id "${step.id}": step ${earlier + 1} has it too`);
  });

  pipeline.steps.forEach((step, index) => {
    step.needs.forEach((need, needIndex) => {
      // `needs: check` (one id, no list) has no item node: its position falls back to the field itself.
      const path: FieldPath = ['steps', index, 'needs', needIndex];
      if (need === step.id) error(path, `step "${step.id}" needs itself`);
      else if (!firstIndex.has(need)) error(path, `needs unknown step "${need}"${didYouMean(need, ids)}`);
    });
  });

  // A step that needs itself is reported above; the cycle check looks for longer ones.
  const cycle = findCycle(pipeline.steps.map((step) => ({ id: step.id, needs: step.needs.filter((need) => need !== step.id) })));
  if (cycle !== undefined) {
    const index = firstIndex.get(cycle[0]!)!;
    error(['steps', index, 'needs'], `cycle in needs: ${cycle.join(' → ')}`);
  }

  const upstream = upstreamSets(pipeline.steps);
  pipeline.steps.forEach((step) => {
    const check = (expressions: CompiledExpression[], itemAllowed: boolean) => {
      for (const expression of expressions) checkReferences(expression, { pipeline, step, upstream: upstream.get(step.id) ?? new Set(), itemAllowed, ids }, issues);
    };
    check(templateExpressions(step.when), false);
    check(templateExpressions(step.foreach), false);
    const perItem = step.foreach !== undefined;
    check([...stepBodyTemplates(step), ...(strayTemplates.get(step) ?? [])].flatMap((template) => templateExpressions(template)), perItem);
  });
  for (const expression of templateExpressions(pipeline.outputs)) {
    checkReferences(expression, { pipeline, step: undefined, upstream: new Set(ids), itemAllowed: false, ids }, issues);
  }

  for (const [name, declaration] of Object.entries(pipeline.inputs)) {
    if (declaration.default === undefined) continue;
    const problem = inputValueProblem(declaration, declaration.default);
    if (problem !== undefined) error(['inputs', name, 'default'], `the default ${problem}`);
  }

  if (pipeline.schedule !== undefined) {
    const schedule = pipeline.schedule;
    const problem = cronProblem(schedule.cron, schedule.timezone);
    if (problem !== undefined) error(['schedule', problem.startsWith('unknown time zone') ? 'timezone' : 'cron'], problem);
    for (const [name, declaration] of Object.entries(pipeline.inputs)) {
      if (isRequiredInput(declaration) && schedule.inputs[name] === undefined) {
        error(['schedule', 'inputs'], `a scheduled run needs input "${name}": give it under schedule.inputs or give the input a default`);
      }
    }
    for (const [name, value] of Object.entries(schedule.inputs)) {
      const declaration = pipeline.inputs[name];
      if (declaration === undefined) error(['schedule', 'inputs', name], `unknown input "${name}"${didYouMean(name, Object.keys(pipeline.inputs))}`);
      else {
        const valueProblem = inputValueProblem(declaration, value);
        if (valueProblem !== undefined) error(['schedule', 'inputs', name], `input "${name}" ${valueProblem}`);
      }
    }
  }
  return issues;
}

interface ReferenceContext {
  pipeline: PipelineDefinition;
  /** Undefined for the pipeline's outputs. */
  step: StepDefinition | undefined;
  upstream: ReadonlySet<string>;
  itemAllowed: boolean;
  ids: readonly string[];
}

function checkReferences(expression: CompiledExpression, context: ReferenceContext, issues: PipelineIssue[]): void {
  const { pipeline, step } = context;
  for (const reference of expression.references) {
    const report = (message: string) =>
      issues.push({ ...reference.location, path: expression.path, message, severity: 'error', pipelineId: pipeline.id });
    switch (reference.root) {
      case 'inputs':
        if (reference.member !== undefined && pipeline.inputs[reference.member] === undefined) {
          report(`unknown input "${reference.member}"${didYouMean(reference.member, Object.keys(pipeline.inputs))}; the inputs are: ${Object.keys(pipeline.inputs).join(', ') || 'none'}`);
        }
        break;
      case 'env':
        if (reference.member !== undefined && !pipeline.env.includes(reference.member)) {
          report(`env.${reference.member} is not listed under env: expressions see only the variables the file lists (env: [${reference.member}])`);
        }
        break;
      case 'item':
      case 'index':
        if (!context.itemAllowed) {
          report(
            step?.foreach === undefined
              ? `"${reference.root}" exists only in the input of a foreach step`
              : `"${reference.root}" is the current item of the foreach: use it in the step's input, not in its when or foreach`,
          );
        }
        break;
      case 'steps': {
        const id = reference.member;
        if (id === undefined) {
          report('read a step by its id: steps.<id>.output (or .status, .error); use backquotes for ids with a dash: steps.`per-invalid`.output');
        } else if (!context.ids.includes(id)) {
          report(`no step "${id}"${didYouMean(id, context.ids)}`);
        } else if (step !== undefined && id === step.id) {
          report(`step "${id}" cannot read its own result`);
        } else if (!context.upstream.has(id)) {
          report(`step "${id}" is not upstream of "${step?.id ?? ''}": add it to needs (needs: [${[...(step?.needs ?? []), id].join(', ')}])`);
        } else if (reference.field !== undefined && !(stepViewFields as readonly string[]).includes(reference.field)) {
          report(`steps.${id}.${reference.field}: a step has ${stepViewFields.join(', ')} (did you mean steps.${id}.output.${reference.field}?)`);
        }
        break;
      }
      default:
        report(`unknown name "${reference.root}": expressions read ${expressionRoots.join(', ')}${didYouMean(reference.root, [...expressionRoots])}`);
    }
  }
}
