import type { Command } from 'commander';
import type { CommandContext } from '../command-context.ts';
import { isNovaError, type NovaError } from '../../core/errors.ts';
import { describeProviders } from '../../models/provider-registry.ts';
import { loadThresholds } from '../../router/router-settings.ts';
import type { Nova } from '../../app/nova.ts';
import { exitCodes, type CliIo } from '../cli-io.ts';
import { jsonError, type JsonError } from '../render-error.ts';

/**
 * `nova doctor [--json]`: what Nova runs on. The store (dialect, where, schema version, and what is
 * wrong with it: corrupt, cannot be written), the model providers (which have keys or URLs; never a
 * secret), the default model, the router (which thresholds, embedding and judge models), and the
 * agents. Doctor runs whatever state the store is in, since every store error sends the user here.
 * Exit 1 when something is broken (the store, agent files with errors, unreadable router settings);
 * no model configured is a warning, not an error, since the code agents work without one.
 */
export async function doctorCommand(nova: Nova, options: { json: boolean }, io: CliIo): Promise<number> {
  const storeProblem = nova.storeProblem ?? nova.store.readOnlyBecause;
  const schemaVersion = nova.storeProblem === null ? await nova.store.schemaVersion() : null;
  let defaultModel: string | null = null;
  let defaultModelProblem: NovaError | null = null;
  try {
    defaultModel = nova.resolveModel('default').modelString;
  } catch (error) {
    if (!isNovaError(error)) throw error;
    defaultModelProblem = error;
  }
  let routerThresholds: ReturnType<typeof loadThresholds> | null = null;
  let routerProblem: NovaError | null = null;
  try {
    routerThresholds = loadThresholds(nova.home);
  } catch (error) {
    if (!isNovaError(error)) throw error;
    routerProblem = error;
  }
  const agents = nova.agents.list();
  const agentErrors = nova.agents.issues.filter((issue) => issue.severity === 'error');
  const report = {
    home: nova.home,
    configFile: nova.configFile,
    store: {
      dialect: nova.store.dialect,
      location: nova.store.location,
      schemaVersion,
      access: nova.storeProblem !== null ? null : nova.store.readOnlyBecause === null ? 'read-write' : 'read-only',
      problem: storeProblem === null ? null : checkProblem(storeProblem, 'error'),
    },
    models: {
      default: defaultModel,
      defaultProblem: defaultModelProblem === null ? null : checkProblem(defaultModelProblem, 'warning'),
      aliases: nova.config.models.aliases,
      providers: describeProviders(nova.env),
    },
    router: {
      thresholds: routerThresholds?.thresholds ?? null,
      thresholdsFrom: routerThresholds?.source ?? null,
      problem: routerProblem === null ? null : checkProblem(routerProblem, 'error'),
      embeddings: nova.config.router.embeddings?.model ?? null,
      judge: nova.config.router.judge?.model ?? null,
    },
    agents: {
      count: agents.length,
      model: agents.filter((agent) => agent.spec.engine === 'model').length,
      code: agents.filter((agent) => agent.spec.engine === 'code').length,
      issues: nova.agents.issues,
    },
  };
  const exitCode = agentErrors.length > 0 || routerProblem !== null || storeProblem !== null ? exitCodes.failed : exitCodes.ok;
  if (options.json) {
    io.stdout(`${JSON.stringify(report)}\n`);
    return exitCode;
  }
  const lines = [
    `home      ${report.home}${report.configFile === null ? ' (no config.yaml: defaults)' : ` (config ${report.configFile})`}`,
    ...storeLines(report.store, storeProblem),
    `model     ${defaultModel ?? 'none configured'}`,
    ...report.models.providers.map(
      (provider) =>
        `  ${provider.configured ? 'set' : '-  '} ${provider.provider.padEnd(18)} ${provider.baseUrl ?? ''}${provider.keySet ? ' · key set' : ''}${provider.problem === undefined ? '' : ` · ${provider.problem}`}${provider.configured ? '' : ` · set ${provider.variables.join(', ')}`}`,
    ),
    '  (providers are not contacted: "set" means Nova has what it needs to call them)',
    routerThresholds === null
      ? `router    broken settings: ${routerProblem?.message ?? ''}`
      : `router    thresholds from ${routerThresholds.source === 'defaults' ? 'the shipped defaults' : routerThresholds.source} (temperature ${routerThresholds.thresholds.temperature}, minimum confidence ${routerThresholds.thresholds.minConfidence}) · embeddings ${report.router.embeddings ?? 'off'} · judge ${report.router.judge ?? 'off'}`,
    `agents    ${report.agents.count} (${report.agents.model} model, ${report.agents.code} code)${agentErrors.length > 0 ? ` · ${agentErrors.length} problem(s) in agent files` : ''}`,
    ...nova.agents.issues.map((issue) => `  ${issue.severity} ${issue.file}:${issue.line}:${issue.column} ${issue.path === '' ? '' : `${issue.path}: `}${issue.message}`),
  ];
  io.stdout(`${lines.join('\n')}\n`);
  if (defaultModelProblem !== null) {
    io.stderr(`warning[${defaultModelProblem.code}]: ${defaultModelProblem.message} (model agents cannot run yet; code agents need no model)\n`);
    if (defaultModelProblem.hint !== undefined) io.stderr(`hint: ${defaultModelProblem.hint}\n`);
  }
  return exitCode;
}

/** A check's problem in `--json`: the error's fields, and whether it breaks Nova (`error`) or limits it (`warning`). */
function checkProblem(error: NovaError, severity: 'error' | 'warning'): JsonError & { severity: 'error' | 'warning' } {
  return { ...jsonError(error), severity };
}

function storeLines(store: { dialect: string; location: string; schemaVersion: number | null; access: string | null }, problem: NovaError | null): string[] {
  const where = `${store.dialect} · ${store.location}`;
  if (problem === null) return [`store     ${where} · schema v${store.schemaVersion ?? '?'}`];
  const state = store.schemaVersion === null ? 'cannot be opened' : `schema v${store.schemaVersion} · opened read-only, commands that write will fail`;
  return [`store     ${where} · ${state}`, `  error[${problem.code}]: ${problem.message}`, ...(problem.hint === undefined ? [] : [`  hint: ${problem.hint}`])];
}

/** Registers the command(s) of this file on the program. */
export function registerDoctorCommand(program: Command, context: CommandContext): void {
  program
    .command('doctor')
    .description('check the store, the model providers and the agents')
    .option('--json', 'print the report as JSON')
    .action((options: { json?: boolean }) =>
      // Doctor only reads, and opens Nova even when the store cannot be opened: it reports why.
      context.withNova((nova) => doctorCommand(nova, { json: options.json === true }, context.io), { storeAccess: 'read', storeFailure: 'report' })(),
    );
}
