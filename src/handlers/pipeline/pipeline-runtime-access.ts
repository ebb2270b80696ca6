import type { HandlerDependencies } from '../handler-dependencies.ts';
import type { PipelineRuntime } from '../../pipelines/execution/execution-context.ts';

/**
 * The pipeline runtime for a handler: handlers are built before the agent registry they are part of,
 * so the agents that run pipelines open Nova (the same store file, shared within the process) when
 * they are called, and close it when done.
 */
export async function withPipelineRuntime<Value>(dependencies: HandlerDependencies, work: (runtime: PipelineRuntime) => Promise<Value>): Promise<Value> {
  // Loaded when called: runtime/nova.ts itself loads the handlers.
  const { openNova } = await import('../../runtime/nova.ts');
  const { pipelineRuntime } = await import('../../pipelines/pipeline-runtime.ts');
  const nova = await openNova({ env: { ...dependencies.env, NOVA_HOME: dependencies.home } });
  try {
    return await work(pipelineRuntime(nova));
  } finally {
    await nova.close();
  }
}
