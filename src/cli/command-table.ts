import type { Command } from 'commander';
import type { CommandContext } from './command-context.ts';

type Register = (program: Command, context: CommandContext) => void;

/**
 * One top-level command of `nova`: how `nova --help` lists it, and the modules that register it for
 * real. The modules are imported only when their command is used, so `nova --help` (and a mistyped
 * command) loads none of them, and `nova runs list` loads only what `runs` needs.
 * `test/cli/command-table.test.ts` checks that `term` and `description` match what the modules register.
 */
export interface CommandEntry {
  name: string;
  /** The command as the overall help lists it, e.g. `run [options] <agent> [text...]`. */
  term: string;
  description: string;
  load(): Promise<Register[]>;
}

export const commandTable: readonly CommandEntry[] = [
  {
    name: 'run',
    term: 'run [options] <agent> [text...]',
    description: 'run one agent and print its output',
    load: async () => [(await import('./commands/run-command.ts')).registerRunCommand],
  },
  {
    name: 'runs',
    term: 'runs',
    description: 'inspect runs and their journals',
    load: async () => [(await import('./commands/runs-command.ts')).registerRunsCommands, (await import('./commands/runs-resume-command.ts')).registerRunsResumeCommands],
  },
  {
    name: 'pipeline',
    term: 'pipeline',
    description: 'pipelines: list, show, validate, run',
    load: async () => [(await import('./commands/pipeline-command.ts')).registerPipelineCommands],
  },
  {
    name: 'schedules',
    term: 'schedules',
    description: 'recurring pipeline runs (`nova serve` runs them)',
    load: async () => [(await import('./commands/schedules-command.ts')).registerSchedulesCommands],
  },
  {
    name: 'serve',
    term: 'serve [options]',
    description: 'run due pipeline schedules and resume interrupted runs, in the foreground (the HTTP API comes in a later issue)',
    load: async () => [(await import('./commands/serve-command.ts')).registerServeCommand],
  },
  {
    name: 'agents',
    term: 'agents',
    description: 'the agents: list, show, create, lint',
    load: async () => [(await import('./commands/agents-command.ts')).registerAgentsCommands],
  },
  {
    name: 'tools',
    term: 'tools',
    description: 'the tools agents may allow: built-in and yours ($NOVA_HOME/tools)',
    load: async () => [(await import('./commands/tools-command.ts')).registerToolsCommands],
  },
  {
    name: 'doctor',
    term: 'doctor [options]',
    description: 'check the store, the model providers and the agents',
    load: async () => [(await import('./commands/doctor-command.ts')).registerDoctorCommand],
  },
  ...['route', 'ask', 'eval'].map((name) => routeCommands(name)),
  {
    name: 'chat',
    term: 'chat [options]',
    description: 'talk with Nova: each message goes to the right agent, which stays active for follow-ups (also `nova` alone)',
    load: async () => [(await import('./commands/chat-command.ts')).registerChatCommand],
  },
  {
    name: 'sessions',
    term: 'sessions',
    description: 'conversations kept by `nova chat`',
    load: async () => [(await import('./commands/sessions-command.ts')).registerSessionsCommands],
  },
  {
    name: 'erp',
    term: 'erp',
    description: 'the ERP store: import CSV exports, load the demo company',
    load: async () => [(await import('./commands/erp-command.ts')).registerErpCommands],
  },
];

/** `route`, `ask` and `eval` are registered by one module. */
function routeCommands(name: string): CommandEntry {
  const listed: Record<string, { term: string; description: string }> = {
    route: { term: 'route [options] <request...>', description: 'which agent would take a request, and why' },
    ask: { term: 'ask [options] <request...>', description: 'route a request to the right agent and run it' },
    eval: { term: 'eval', description: 'measure Nova' },
  };
  const entry = listed[name] ?? { term: name, description: '' };
  return { name, ...entry, load: async () => [(await import('./commands/route-command.ts')).registerRouteCommands] };
}

/**
 * The entries whose modules `argv` needs: the one its command word names (`nova runs list`, `nova help
 * runs`), or none, when it asks for the overall help or names no command (commander then lists the
 * commands, or says which one was meant).
 */
export function entriesFor(argv: readonly string[]): CommandEntry[] {
  const words = argv.filter((word) => !word.startsWith('-'));
  const word = words[0] === 'help' ? words[1] : words[0];
  const entry = commandTable.find((candidate) => candidate.name === word);
  return entry === undefined ? [] : [entry];
}
