import type { PipelineRuntime } from './execution/execution-context.ts';
import { loadNovaPipelines } from './pipeline-registry.ts';

/** What a pipeline runtime is made of: an open Nova's store, agents, tools, model resolver, files and home. */
export type PipelineRuntimeSources = Pick<PipelineRuntime, 'store' | 'agents' | 'tools' | 'resolveModel' | 'env' | 'files'> & Parameters<typeof loadNovaPipelines>[0];

/** What pipeline runs need, from an open Nova: its store, agents, tools, model resolver, and the pipelines of its home. */
export function pipelineRuntime(nova: PipelineRuntimeSources): PipelineRuntime {
  return {
    store: nova.store,
    agents: nova.agents,
    tools: nova.tools,
    pipelines: loadNovaPipelines(nova),
    resolveModel: nova.resolveModel,
    env: nova.env,
    files: nova.files,
  };
}
