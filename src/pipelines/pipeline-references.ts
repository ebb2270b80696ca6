import type { AgentRegistry } from '../agents/agent-registry.ts';
import { closestMatches } from '../core/closest-matches.ts';
import { isNovaError } from '../core/errors.ts';
import type { ToolSet } from '../runtime/tool-execution.ts';
import type { PipelineDefinition, PipelineIssue, PipelineStepDefinition, StepDefinition } from './pipeline-definition.ts';
import { SourcePositions, type FieldPath } from './source-positions.ts';
import { checkInputAgainstDeclarations, checkInputAgainstSchema, type StaticInputProblem } from './static-input-check.ts';

/** The pipelines a pipeline step may name, as validation sees them. */
export interface PipelineLookup {
  /** The pipeline, or undefined when there is none or it was refused. */
  find(id: string): PipelineDefinition | undefined;
  /** Whether a pipeline with this id exists but its file is invalid. */
  isRefused(id: string): boolean;
  ids(): string[];
}

export interface ReferenceTargets {
  agents: AgentRegistry;
  tools: ToolSet;
  pipelines: PipelineLookup;
}

/**
 * Checks what a pipeline names in other files: each agent step's agent exists and loaded, each tool
 * step's tool exists, each nested pipeline exists; and each step's input, where the file settles it,
 * fits the input schema of what it runs.
 */
export function checkPipelineReferences(pipeline: PipelineDefinition, targets: ReferenceTargets): PipelineIssue[] {
  const positions = new SourcePositions(pipeline.file, pipeline.source);
  const issues: PipelineIssue[] = [];
  pipeline.steps.forEach((step, index) => {
    const error = (path: FieldPath, message: string) => issues.push({ ...positions.issue(path, message), severity: 'error', pipelineId: pipeline.id });
    const inputProblems = (problems: StaticInputProblem[]) => {
      for (const problem of problems) {
        if (problem.field === undefined) {
          error(['steps', index, hasWrittenInput(positions, index) ? 'input' : 'id'], problem.message);
          continue;
        }
        const path: FieldPath = ['steps', index, 'input', problem.field];
        const location = problem.atKey === true ? positions.locateKey(path) : positions.locate(path);
        issues.push({ ...location, path: path.join('.'), message: problem.message, severity: 'error', pipelineId: pipeline.id });
      }
    };
    switch (step.kind) {
      case 'agent': {
        const agentId = step.agentId;
        if (!targets.agents.has(agentId)) {
          error(['steps', index, 'agent'], describeMissingAgent(targets.agents, agentId));
          break;
        }
        const agent = targets.agents.get(agentId);
        if (agent.inputSchema !== undefined) inputProblems(checkInputAgainstSchema(step.input, agent.inputSchema.jsonSchema, `agent ${agentId}`));
        break;
      }
      case 'tool': {
        const tool = targets.tools.get(step.toolName);
        if (tool === undefined) {
          const names = [...targets.tools.keys()];
          const closest = closestMatches(step.toolName, names);
          error(['steps', index, 'tool'], `unknown tool "${step.toolName}"${closest.length > 0 ? `; closest: ${closest.join(', ')}` : ''}; the tools are: ${names.join(', ') || 'none'}`);
          break;
        }
        inputProblems(checkInputAgainstSchema(step.input, tool.input.jsonSchema, `tool ${tool.name}`));
        break;
      }
      case 'pipeline': {
        const nestedId = step.pipelineId;
        if (nestedId === pipeline.id) {
          error(['steps', index, 'pipeline'], `pipeline ${pipeline.id} cannot run itself`);
          break;
        }
        const nested = targets.pipelines.find(nestedId);
        if (nested === undefined) {
          error(['steps', index, 'pipeline'], describeMissingPipeline(targets.pipelines, nestedId));
          break;
        }
        inputProblems(checkInputAgainstDeclarations(step.input, nested.inputs, `pipeline ${nestedId}`));
        break;
      }
      case 'sleep':
      case 'approve':
        // They name nothing in another file.
        break;
      default: {
        const unreachable: never = step;
        return unreachable;
      }
    }
  });
  return issues;
}

function hasWrittenInput(positions: SourcePositions, index: number): boolean {
  return positions.offsetOf(['steps', index, 'input']) !== positions.offsetOf(['steps', index]);
}

/** `unknown agent "x"; closest: ...`, or why an agent with that id was refused. */
export function describeMissingAgent(agents: AgentRegistry, agentId: string): string {
  try {
    agents.get(agentId);
  } catch (error) {
    if (isNovaError(error) && error.code === 'agent_invalid') return `agent "${agentId}" is refused because its file is invalid (see \`nova agents lint\`)`;
    if (isNovaError(error) && error.code === 'agent_not_found') {
      const closest = error.detailsOf('agent_not_found')?.closest ?? [];
      return `unknown agent "${agentId}"${closest.length > 0 ? `; closest: ${closest.join(', ')}` : ''} (see \`nova agents list\`)`;
    }
    throw error;
  }
  return `agent "${agentId}" is not available`;
}

function describeMissingPipeline(pipelines: PipelineLookup, id: string): string {
  if (pipelines.isRefused(id)) return `pipeline "${id}" is refused because its file is invalid (see \`nova pipeline validate ${id}\`)`;
  const closest = closestMatches(id, pipelines.ids());
  return `unknown pipeline "${id}"${closest.length > 0 ? `; closest: ${closest.join(', ')}` : ''} (see \`nova pipeline list\`)`;
}

/** The pipeline ids a step list runs as nested pipelines. */
export function nestedPipelineIds(steps: readonly StepDefinition[]): string[] {
  return steps.filter((step): step is PipelineStepDefinition => step.kind === 'pipeline').map((step) => step.pipelineId);
}
