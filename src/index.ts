/**
 * Nova's public API. Front ends (the CLI, and later the server and workers) and embedding programs use
 * these: the core vocabulary, models, the router, agents, the store, pipelines, sessions and the
 * runtime. Everything else is internal. The scripted model for tests is exported from `nova/testing`.
 */
// What a user's agent or tool file imports: `import { defineAgent, defineTool, z } from 'nova'`.
export { defineAgent } from './agents/define-agent.ts';
export type { DefineAgentOptions } from './agents/define-agent.ts';
export { defineTool } from './tools/define-tool.ts';
export type { DefineToolOptions } from './tools/define-tool.ts';
export { z } from 'zod';

export { NovaError, errorCodes, faults, isNovaError, toNovaError } from './core/errors.ts';
export type { ErrorCode, Fault, NovaErrorOptions, SerializedError } from './core/errors.ts';

export { agentSpecSchema, agentLimitsSchema, agentIdPattern } from './core/agent-spec.ts';
export type { AgentContext, AgentDefinition, AgentHandler, AgentLimits, AgentSpec, AgentSpecInput, AgentSummary, GenerateRequest, GenerateResult } from './core/agent-spec.ts';
export type { ToolContext, ToolDefinition } from './core/tool-spec.ts';
export { schemaFromJsonSchema, schemaFromZod } from './core/schema.ts';
export type { JsonSchema, Schema, ValidationIssue, ValidationResult } from './core/schema.ts';

export { eventSchemaVersion, eventTypes } from './core/events.ts';
export type { EventPayloads, EventType, NewEvent, RunEvent } from './core/events.ts';
export { finalRunStatuses, runKinds, runStatuses } from './core/run.ts';
export type { RunKind, RunOwner, RunRecord, RunStatus } from './core/run.ts';
export { applyRunEvent, reduceRunEvents } from './core/run-state.ts';
export type { RunProjection, RunState, RunWarning } from './core/run-state.ts';
export type { Usage } from './core/usage.ts';
export { handoffEnvelopeSchema, handoffEnvelopeVersion } from './core/handoff-envelope.ts';
export type { HandoffEnvelope, HandoffEnvelopeInput } from './core/handoff-envelope.ts';
export type { RouteCandidate, RouteDecision, RouteMethod } from './core/route-decision.ts';

export { loadConfig, storeLocation } from './config/load-config.ts';
export type { NovaConfig } from './config/config-schema.ts';

export { createModelResolver } from './models/model-resolver.ts';
export type { ModelResolver, ResolvedModel } from './models/model-resolver.ts';

export { createEmbeddingModel, embedTexts } from './models/embedding-model.ts';
export type { ResolvedEmbeddingModel } from './models/embedding-model.ts';

export { Router } from './router/router.ts';
export type { RoutedRequest, RouteOptions, RouterOptions } from './router/router.ts';
export { openRouter } from './router/open-router.ts';
export type { OpenRouterOptions } from './router/open-router.ts';
export { LexicalIndex } from './router/lexical-index.ts';
export type { AgentScore, IndexedAgent, LexicalIndexOptions } from './router/lexical-index.ts';
export { defaultThresholds } from './router/calibration.ts';
export type { RouterThresholds } from './router/calibration.ts';
export { routingOverlap } from './router/agent-overlap.ts';
export type { RoutingOverlap } from './router/agent-overlap.ts';
export { evaluate, fitThresholds, readLabelledRequests, scoreRequests } from './router/routing-eval.ts';
export type { LabelledRequest, RoutingReport } from './router/routing-eval.ts';

export { loadAgentRegistry } from './agents/agent-registry.ts';
export type { AgentDirectory, AgentLoadIssue, AgentRegistry, LoadedAgent } from './agents/agent-registry.ts';

export { openStore } from './store/store.ts';
export type { OpenStoreOptions, Store, StoreDialect } from './store/store.ts';
export type { AppendResult, Journal, TimedEvent } from './store/journal.ts';
export type { RunFilter, RunsRepository } from './store/runs-repository.ts';

export { loadNovaPipelines, loadPipelineRegistry, shippedPipelinesDirectory } from './pipelines/pipeline-registry.ts';
export type { LoadPipelineRegistryOptions, PipelineDirectory, PipelineRegistry } from './pipelines/pipeline-registry.ts';
export { pipelineRuntime } from './pipelines/pipeline-runtime.ts';
export { resumePipelineRun, startPipelineRun } from './pipelines/run-pipeline.ts';
export type { PipelineProgress, PipelineRuntime, ResumePipelineRunOptions, StartPipelineRunOptions } from './pipelines/run-pipeline.ts';
export { decideStep } from './pipelines/approvals.ts';
export { createScheduleRepository } from './pipelines/schedules/schedule-repository.ts';
export { ScheduleService } from './pipelines/schedules/schedule-service.ts';
export type { ScheduleServiceOptions, ServeEvent } from './pipelines/schedules/schedule-service.ts';

export { ChatLoop } from './sessions/chat-loop.ts';
export type { ChatInput, OpenChatOptions } from './sessions/chat-loop.ts';
export { createSessionRepository } from './sessions/session-repository.ts';
export type { SessionRepository } from './sessions/session-repository.ts';
export type { Session, SessionTurn } from './sessions/session.ts';

export { runAgent } from './runtime/run-agent.ts';
export type { RunAgentOptions, RunResult } from './runtime/run-agent.ts';
export { openNova, shippedRosterDirectory } from './app/nova.ts';
export type { Nova, OpenNovaOptions } from './app/nova.ts';
