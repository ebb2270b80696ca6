import type { HandlerDependencies } from '../handler-dependencies.ts';
import type { PipelineRuntime } from '../../pipelines/execution/execution-context.ts';

/** Runs a handler's work with the pipeline runtime of its Nova (the same store, agents and tools: never a second Nova). */
export async function withPipelineRuntime<Value>(dependencies: HandlerDependencies, work: (runtime: PipelineRuntime) => Promise<Value>): Promise<Value> {
  return work(await dependencies.pipelineRuntime());
}
