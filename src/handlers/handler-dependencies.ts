import type { PipelineRuntime } from '../pipelines/execution/execution-context.ts';
import type { BuiltinDependencies } from '../tools/builtin-dependencies.ts';

/**
 * What built-in handlers may use besides their input: what tools get, and the pipeline runtime of the
 * Nova they belong to. Handlers are made before the agent registry they are part of, so the runtime is
 * asked for when a handler runs (the composition root binds it once, to the same store and agents).
 */
export interface HandlerDependencies extends BuiltinDependencies {
  pipelineRuntime(): Promise<PipelineRuntime>;
}
