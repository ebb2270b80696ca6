/**
 * How long `nova` takes to start and answer, as its user types it: the built package (`bin/nova.js`
 * running `dist/`), against a bare `node -e 0` on the same machine. Each command runs `--rounds`
 * times (default 20), the commands interleaved in a rotating order so that machine load touches them
 * alike; wall time is from spawn to exit, memory is the process's peak RSS. `NODE_EXTRA_CA_CERTS` is
 * unset (it adds tens of milliseconds to every Node 20 start). Prints a table, then one JSON line:
 *   {"rounds", "commands": [{"name", "wallMedianMs", "wallP99Ms", "overBareMedianMs", "rssMedianMb"}], "targets": {...}}
 *
 * Usage: npm run build && npm run bench:startup [-- --rounds 20]
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { temporaryDirectory } from '../test/support/temporary-directory.ts';

const roundsArgument = process.argv.indexOf('--rounds');
const rounds = roundsArgument === -1 ? 20 : Number(process.argv[roundsArgument + 1]);
const bin = fileURLToPath(new URL('../bin/nova.js', import.meta.url));
const rssReporter = fileURLToPath(new URL('./support/report-rss.mjs', import.meta.url));
if (!existsSync(fileURLToPath(new URL('../dist/cli/main.js', import.meta.url)))) {
  throw new Error('bench:startup measures the build: run `npm run build` first');
}

const home = temporaryDirectory('nova-bench-startup-');
const env: NodeJS.ProcessEnv = { ...process.env, NOVA_HOME: home.path };
delete env['NODE_EXTRA_CA_CERTS'];

interface Measured {
  name: string;
  args: string[];
  /** The budget over bare node's median, in ms, and of peak memory, in MB. */
  budgetMs?: number;
  budgetMb?: number;
  walls: number[];
  rss: number[];
}

const commands: Measured[] = [
  { name: 'node -e 0', args: ['-e', '0'], walls: [], rss: [] },
  { name: 'nova --help', args: [bin, '--help'], budgetMs: 150, budgetMb: 80, walls: [], rss: [] },
  { name: 'nova agents list --json', args: [bin, 'agents', 'list', '--json'], budgetMs: 300, walls: [], rss: [] },
  { name: 'nova route "status of PO-1042" --json', args: [bin, 'route', 'status of PO-1042', '--json'], budgetMs: 300, walls: [], rss: [] },
  { name: 'nova runs list --json', args: [bin, 'runs', 'list', '--json'], budgetMs: 300, walls: [], rss: [] },
];

function once(args: readonly string[]): Promise<{ wallMs: number; rssKb: number }> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--import', rssReporter, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      const rss = /nova-bench-max-rss-kb (\d+)/.exec(stderr);
      if (code !== 0 || rss === null) reject(new Error(`${args.join(' ')} exited ${code}: ${stderr}`));
      else resolve({ wallMs, rssKb: Number(rss[1]) });
    });
  });
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

// One unmeasured round first: it creates and migrates the store, as a user's first command does.
for (const command of commands) await once(command.args);
for (let round = 0; round < rounds; round += 1) {
  for (let index = 0; index < commands.length; index += 1) {
    const command = commands[(index + round) % commands.length]!;
    const { wallMs, rssKb } = await once(command.args);
    command.walls.push(wallMs);
    command.rss.push(rssKb / 1024);
  }
}
home.remove();

const bareMedian = quantile(commands[0]!.walls, 0.5);
const results = commands.map((command) => {
  const wallMedianMs = quantile(command.walls, 0.5);
  const rssMedianMb = quantile(command.rss, 0.5);
  return {
    name: command.name,
    wallMedianMs: round1(wallMedianMs),
    wallP99Ms: round1(quantile(command.walls, 0.99)),
    overBareMedianMs: round1(wallMedianMs - bareMedian),
    rssMedianMb: round1(rssMedianMb),
    ...(command.budgetMs === undefined ? {} : { withinTime: wallMedianMs - bareMedian <= command.budgetMs, budgetMs: command.budgetMs }),
    ...(command.budgetMb === undefined ? {} : { withinMemory: rssMedianMb <= command.budgetMb, budgetMb: command.budgetMb }),
  };
});

for (const result of results) {
  console.log(`${result.name.padEnd(40)} median ${String(result.wallMedianMs).padStart(7)} ms  p99 ${String(result.wallP99Ms).padStart(7)} ms  +${result.overBareMedianMs} ms over bare  ${result.rssMedianMb} MB`);
}
console.log(JSON.stringify({ rounds, commands: results }));

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
