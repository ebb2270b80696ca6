import type { PipelineDefinition, StepDefinition } from './pipeline-definition.ts';

/**
 * The DAG of a pipeline's steps, made by `needs`. Steps with no path between them are independent and
 * run concurrently; everything here is pure and works on a pipeline whose `needs` may still be broken
 * (unknown ids are ignored), so validation can use it too.
 */

/** A cycle of steps by `needs`, as step ids (the first repeated at the end), or undefined. */
export function findCycle(steps: readonly Pick<StepDefinition, 'id' | 'needs'>[]): string[] | undefined {
  const byId = new Map(steps.map((step) => [step.id, step]));
  const state = new Map<string, 'visiting' | 'done'>();
  const trail: string[] = [];
  const visit = (id: string): string[] | undefined => {
    const seen = state.get(id);
    if (seen === 'done') return undefined;
    if (seen === 'visiting') return [...trail.slice(trail.indexOf(id)), id];
    state.set(id, 'visiting');
    trail.push(id);
    for (const need of byId.get(id)?.needs ?? []) {
      if (!byId.has(need)) continue;
      const cycle = visit(need);
      if (cycle !== undefined) return cycle;
    }
    trail.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const step of steps) {
    const cycle = visit(step.id);
    if (cycle !== undefined) return cycle;
  }
  return undefined;
}

/** For each step, every step it needs directly or through others. */
export function upstreamSets(steps: readonly Pick<StepDefinition, 'id' | 'needs'>[]): Map<string, Set<string>> {
  const byId = new Map(steps.map((step) => [step.id, step]));
  const result = new Map<string, Set<string>>();
  const collect = (id: string, into: Set<string>, guard: Set<string>) => {
    for (const need of byId.get(id)?.needs ?? []) {
      if (!byId.has(need) || into.has(need) || guard.has(need)) continue;
      into.add(need);
      guard.add(need);
      collect(need, into, guard);
    }
  };
  for (const step of steps) {
    const upstream = new Set<string>();
    collect(step.id, upstream, new Set([step.id]));
    result.set(step.id, upstream);
  }
  return result;
}

/** Steps in levels: each level needs only earlier ones (the steps of a level can run at once). */
export function stepLevels(pipeline: PipelineDefinition): StepDefinition[][] {
  const levelOf = new Map<string, number>();
  const byId = new Map(pipeline.steps.map((step) => [step.id, step]));
  const level = (step: StepDefinition, guard: Set<string>): number => {
    const known = levelOf.get(step.id);
    if (known !== undefined) return known;
    guard.add(step.id);
    let value = 0;
    for (const need of step.needs) {
      const upstream = byId.get(need);
      if (upstream !== undefined && !guard.has(need)) value = Math.max(value, level(upstream, guard) + 1);
    }
    guard.delete(step.id);
    levelOf.set(step.id, value);
    return value;
  };
  const levels: StepDefinition[][] = [];
  for (const step of pipeline.steps) {
    const index = level(step, new Set());
    (levels[index] ??= []).push(step);
  }
  return levels.filter((entries) => entries !== undefined);
}

/** The steps no other step needs: the pipeline's results when it declares no `outputs`. */
export function leafSteps(pipeline: PipelineDefinition): StepDefinition[] {
  const needed = new Set(pipeline.steps.flatMap((step) => step.needs));
  return pipeline.steps.filter((step) => !needed.has(step.id));
}

/** The steps that need this one, directly or through others. */
export function downstreamOf(pipeline: PipelineDefinition, id: string): string[] {
  const upstream = upstreamSets(pipeline.steps);
  return pipeline.steps.filter((step) => upstream.get(step.id)?.has(id) === true).map((step) => step.id);
}
