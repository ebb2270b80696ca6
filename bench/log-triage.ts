/**
 * log-triage throughput: generates a realistic application log of 1,000,000 lines (deterministic:
 * a seeded generator; a Java/Python service mix with INFO/DEBUG chatter, warnings, errors from about
 * twenty failure templates with varying ids, IPs, paths, durations, and multi-line Java and Python
 * stack traces), writes it to the OS temp folder, and triages it from the file as the agent does: once
 * with the default levels (FATAL, ERROR) and once with every level (`ALL`, the worst case: every line
 * is masked and clustered). Prints lines/s and peak memory; the last line is one JSON object:
 *   {"lines", "bytes", "defaultSeconds", "defaultLinesPerSecond", "allSeconds", "allLinesPerSecond",
 *    "signatures", "peakRssMb"}
 *
 * Usage: npm run bench:log-triage [-- --lines 1000000]
 */
import { createWriteStream, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { SeededRandom } from '../src/core/seeded-random.ts';
import { triageLogs } from '../src/domains/logs/triage-logs.ts';
import { temporaryDirectory } from '../test/support/temporary-directory.ts';

const linesArgument = process.argv.indexOf('--lines');
const targetLines = linesArgument === -1 ? 1_000_000 : Number(process.argv[linesArgument + 1]);

const generator = new SeededRandom(20240501);
const random = () => generator.next();
const pick = <Item>(items: readonly Item[]): Item => items[Math.floor(random() * items.length)]!;
const integer = (limit: number) => Math.floor(random() * limit);
const hex = (length: number) => Array.from({ length }, () => '0123456789abcdef'[integer(16)]).join('');
const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
const ip = () => `10.${integer(256)}.${integer(256)}.${integer(256)}`;
const users = ['alice', 'bob', 'carla', 'dan', 'eve', 'frank', 'grace', 'heidi'];
const threads = ['main', 'http-nio-8080-exec-1', 'http-nio-8080-exec-7', 'pool-2-thread-3', 'scheduler-1', 'kafka-consumer-4'];

// Each message comes from its own logger, as in a real service.
type Message = readonly [logger: string, text: () => string];
const infoMessages: readonly Message[] = [
  ['c.e.web.RequestLogger', () => `Request ${uuid()} GET /api/orders/${integer(100_000)} completed in ${integer(900)}ms status=200`],
  ['c.e.auth.LoginService', () => `User ${pick(users)}@example.com logged in from ${ip()}`],
  ['c.e.imports.BatchImporter', () => `Processed batch ${integer(10_000)} with ${integer(500)} records in ${(random() * 5).toFixed(3)}s`],
  ['c.e.cache.RegionCache', () => `Cache hit ratio ${random().toFixed(2)} for region orders-${integer(8)}`],
  ['c.e.jobs.Scheduler', () => `Scheduled job reconcile-${integer(40)} started`],
  ['c.e.events.Publisher', () => `Published event OrderCreated id=${integer(1_000_000)} to topic orders.v2 partition ${integer(12)}`],
];
const debugMessages: readonly Message[] = [
  ['c.e.orders.OrderRepository', () => `SQL select * from orders where id = ${integer(100_000)} took ${integer(40)}ms`],
  ['c.e.db.Pool', () => `Acquired connection ${hex(8)} from pool (active=${integer(20)}, idle=${integer(10)})`],
];
const warnMessages: readonly Message[] = [
  ['c.e.http.RetryingClient', () => `Slow response from ${ip()}:8443 after ${1000 + integer(9000)}ms, retrying (attempt ${1 + integer(3)}/3)`],
  ['c.e.ops.DiskMonitor', () => `Disk usage at ${80 + integer(19)}% on /var/lib/postgresql/data`],
  ['c.e.web.DeprecationFilter', () => `Deprecated API /v1/customers/${integer(5000)} called by client ${hex(12)}`],
];
const errorMessages: readonly Message[] = [
  ['c.e.orders.OrderService', () => `Failed to load order ${integer(100_000)} for user ${pick(users)}@example.com`],
  ['c.e.db.Pool', () => `Connection to ${ip()}:5432 refused`],
  ['c.e.payments.PaymentClient', () => `Payment ${uuid()} declined: provider returned 502 after ${integer(30_000)}ms`],
  ['c.e.inventory.StockSync', () => `Timeout waiting for lock on table inventory_${integer(20)} after 30s`],
  ['c.e.imports.BatchImporter', () => `Could not read file /data/imports/batch-${integer(9999)}.csv: permission denied`],
  ['c.e.auth.TokenFilter', () => `Token ${hex(32)} rejected: signature expired at 2024-05-01T0${integer(10)}:${10 + integer(50)}:00Z`],
  ['c.e.events.Consumer', () => `Kafka consumer group orders-${integer(5)} rebalance failed: member ${uuid()} left`],
  ['c.e.payments.PaymentClient', () => `Upstream ${ip()} returned HTTP 503 for POST /api/payments/${integer(100_000)}/capture`],
];

let epoch = Date.UTC(2024, 4, 1, 0, 0, 0);
function line(level: string, [logger, text]: Message): string {
  epoch += integer(40);
  const stamp = new Date(epoch).toISOString().replace('T', ' ').replace('Z', '').replace('.', ',');
  return `${stamp} ${level.padEnd(5)} [${pick(threads)}] ${logger} - ${text()}`;
}

function javaTrace(): string[] {
  const lines = [`java.lang.IllegalStateException: order state ${pick(['NEW', 'PAID', 'SHIPPED'])} is not valid here`];
  const depth = 4 + integer(8);
  for (let frame = 0; frame < depth; frame += 1) lines.push(`\tat com.example.${pick(['orders', 'payments', 'web'])}.${pick(['Service', 'Controller', 'Repository'])}.${pick(['load', 'save', 'handle'])}(${pick(['Service', 'Controller'])}.java:${integer(400)})`);
  if (random() < 0.5) lines.push(`Caused by: java.sql.SQLTimeoutException: query timed out after ${integer(60)}s`, '\tat org.postgresql.jdbc.PgStatement.execute(PgStatement.java:123)', `\t... ${integer(40)} more`);
  return lines;
}

function pythonTrace(): string[] {
  return ['Traceback (most recent call last):', '  File "/app/worker/tasks.py", line 88, in run', '    result = handler(payload)', `  File "/app/worker/handlers.py", line ${integer(300)}, in handle`, "    amount = int(payload['amount'])", `ValueError: invalid literal for int() with base 10: '${hex(4)}'`];
}

const directory = temporaryDirectory('nova-bench-logs-');
const path = join(directory.path, 'app.log');
const out = createWriteStream(path);
let written = 0;
let buffer: string[] = [];
const flush = async () => {
  if (!out.write(`${buffer.join('\n')}\n`)) await once(out, 'drain');
  buffer = [];
};
const generationStart = performance.now();
while (written < targetLines) {
  const roll = random();
  let lines: string[];
  if (roll < 0.62) lines = [line('INFO', pick(infoMessages))];
  else if (roll < 0.77) lines = [line('DEBUG', pick(debugMessages))];
  else if (roll < 0.87) lines = [line('WARN', pick(warnMessages))];
  else if (roll < 0.975) lines = [line('ERROR', pick(errorMessages))];
  else if (roll < 0.99) lines = [line('ERROR', ['c.e.web.DispatcherServlet', () => 'Unhandled exception in request handler']), ...javaTrace()];
  else lines = [line('ERROR', ['worker.tasks', () => 'Task failed']), ...pythonTrace()];
  for (const text of lines) {
    if (written === targetLines) break;
    buffer.push(text);
    written += 1;
  }
  if (buffer.length >= 10_000) await flush();
}
await flush();
out.end();
await once(out, 'finish');
const bytes = statSync(path).size;
process.stdout.write(`generated ${written.toLocaleString('en-US')} lines (${(bytes / 1e6).toFixed(1)} MB) in ${((performance.now() - generationStart) / 1000).toFixed(1)} s\n`);

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);

async function timed(levels: string[] | undefined) {
  const started = performance.now();
  const report = await triageLogs({ file: path, ...(levels === undefined ? {} : { levels }) });
  const seconds = (performance.now() - started) / 1000;
  return { report, seconds };
}

const byDefault = await timed(undefined);
const everything = await timed(['ALL']);
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
rmSync(directory.path, { recursive: true, force: true });

const rate = (seconds: number) => Math.round(written / seconds);
process.stdout.write(
  `default levels (FATAL, ERROR): ${byDefault.seconds.toFixed(2)} s, ${rate(byDefault.seconds).toLocaleString('en-US')} lines/s, ${byDefault.report.summary.matched.toLocaleString('en-US')} entries in ${byDefault.report.summary.signatures} signatures\n`,
);
process.stdout.write(
  `all levels: ${everything.seconds.toFixed(2)} s, ${rate(everything.seconds).toLocaleString('en-US')} lines/s, ${everything.report.summary.matched.toLocaleString('en-US')} entries in ${everything.report.summary.signatures} signatures\n`,
);
for (const signature of byDefault.report.signatures.slice(0, 5)) process.stdout.write(`  ${String(signature.count).padStart(7)}  ${signature.level} ${signature.signature}${signature.exception === undefined ? '' : `  [${signature.exception}]`}\n`);
process.stdout.write(`peak RSS ${(peakRss / 1024 / 1024).toFixed(0)} MB, Node ${process.version}\n`);
process.stdout.write(
  `${JSON.stringify({
    lines: written,
    bytes,
    defaultSeconds: Number(byDefault.seconds.toFixed(3)),
    defaultLinesPerSecond: rate(byDefault.seconds),
    allSeconds: Number(everything.seconds.toFixed(3)),
    allLinesPerSecond: rate(everything.seconds),
    signatures: byDefault.report.summary.signatures,
    peakRssMb: Math.round(peakRss / 1024 / 1024),
  })}\n`,
);
