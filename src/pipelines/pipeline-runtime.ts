import type { Nova } from '../runtime/nova.ts';
import type { PipelineRuntime } from './execution/execution-context.ts';
import { loadNovaPipelines } from './pipeline-registry.ts';

/** What pipeline runs need, from an open Nova: its store, agents, tools, model resolver, and the pipelines of its home. */
export function pipelineRuntime(nova: Pick<Nova, 'store' | 'agents' | 'tools' | 'resolveModel' | 'home' | 'env' | 'files'>): PipelineRuntime {
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
