import { main } from '../../src/cli/main.ts';

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs the `nova` command line in this process with its own environment and captured output. */
export async function runCli(
  argv: string[],
  env: Record<string, string | undefined>,
  options: { interactive?: boolean; interrupt?: AbortSignal } = {},
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const exitCode = await main(argv, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env,
    interactive: options.interactive ?? false,
    interrupt: options.interrupt ?? new AbortController().signal,
  });
  return { exitCode, stdout, stderr };
}

/** The JSON document a `--json` command printed. */
export function parseJsonOutput(result: CliResult): Record<string, unknown> {
  try {
    return JSON.parse(result.stdout) as Record<string, unknown>;
  } catch {
    throw new Error(`stdout is not one JSON document (exit ${result.exitCode}):\n${result.stdout}\nstderr:\n${result.stderr}`);
  }
}
