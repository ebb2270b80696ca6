/**
 * csv-analyst on a big file: generates an orders export of about 1 GB (deterministic: a seeded
 * generator; 15 columns of ids, ISO timestamps, e-mails, countries, SKUs, product names with quoted
 * commas, quantities, decimal prices and amounts, booleans, and some empty cells) in the OS temp
 * folder, then runs, as the agent does, the summary statistics of every column and one group-by
 * (month x region: count, sum, mean and p95 of the amount, max quantity), and deletes the file. Each
 * run happens in a process of its own, so that its peak memory (the process' maximum RSS, and RSS
 * sampled every 50 ms) is its own. Prints time, throughput and peak memory; the last line is one
 * JSON object:
 *   {"bytes", "rows", "generateSeconds", "summarySeconds", "summaryMbPerSecond", "summaryPeakRssMb",
 *    "groupBySeconds", "groupByMbPerSecond", "groupByPeakRssMb"}
 *
 * Usage: npm run bench:csv-analyst [-- --size 200MB]   (sizes: 1GB, 500MB, 64MB, or bytes)
 */
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, statSync } from 'node:fs';
import { join } from 'node:path';
import { SeededRandom } from '../src/core/seeded-random.ts';
import { analyseCsv, type CsvAnalysis } from '../src/domains/data/analyse-csv.ts';
import { temporaryDirectory } from '../test/support/temporary-directory.ts';

function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(gb|mb|kb|b)?$/i.exec(text.trim());
  if (match === null) throw new Error(`--size must look like 1GB, 200MB or a number of bytes, got ${text}`);
  const unit = (match[2] ?? 'b').toLowerCase();
  return Math.round(Number(match[1]) * (unit === 'gb' ? 1e9 : unit === 'mb' ? 1e6 : unit === 'kb' ? 1e3 : 1));
}

const runArgument = process.argv.indexOf('--run');
if (runArgument !== -1) {
  await runOnce(process.argv[runArgument + 1] ?? '', process.argv[process.argv.indexOf('--file') + 1] ?? '');
  process.exit(0);
}

/** The child's part: one analysis, then one JSON line with its time, peak memory and result. */
async function runOnce(mode: string, file: string): Promise<void> {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const started = performance.now();
  const result =
    mode === 'summary'
      ? await analyseCsv({ file })
      : await analyseCsv({
          file,
          groupBy: ['order_date:month', 'region'],
          measures: [{ agg: 'count' }, { column: 'amount', agg: 'sum' }, { column: 'amount', agg: 'mean' }, { column: 'amount', agg: 'p95' }, { column: 'quantity', agg: 'max' }],
        });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
  process.stdout.write(`${JSON.stringify({ seconds, peakMb: Math.round(peak / 1024 / 1024), result })}\n`);
}

const sizeArgument = process.argv.indexOf('--size');
const targetBytes = sizeArgument === -1 ? 1e9 : parseSize(process.argv[sizeArgument + 1] ?? '');

const generator = new SeededRandom(42);
const random = () => generator.next();
const integer = (limit: number) => Math.floor(random() * limit);
const pick = <Item>(items: readonly Item[]): Item => items[integer(items.length)]!;
const countries: ReadonlyArray<readonly [string, string]> = [
  ['DE', 'EU'], ['FR', 'EU'], ['NL', 'EU'], ['ES', 'EU'], ['IT', 'EU'], ['US', 'NA'], ['CA', 'NA'], ['MX', 'LATAM'],
  ['BR', 'LATAM'], ['JP', 'APAC'], ['AU', 'APAC'], ['IN', 'APAC'], ['ZA', 'MEA'], ['AE', 'MEA'],
];
const products = Array.from({ length: 400 }, (_, index) => {
  const name = `${pick(['Steel', 'Oak', 'Glass', 'Linen', 'Copper', 'Stone'])} ${pick(['chair', 'lamp', 'table', 'shelf', 'rug', 'vase'])} ${index}`;
  // Some names need quoting, as real exports do.
  return { sku: `SKU-${String(10_000 + index)}`, name: index % 9 === 0 ? `"${name}, large"` : name, cents: 299 + integer(50_000) };
});
const statuses = ['shipped', 'shipped', 'shipped', 'delivered', 'pending', 'cancelled', 'returned'];
const pad = (value: number) => (value < 10 ? `0${value}` : String(value));

function row(id: number): string {
  const [country, region] = pick(countries);
  const product = pick(products);
  const quantity = 1 + integer(12);
  const discountPercent = integer(4) === 0 ? 5 * integer(7) : 0;
  const amountCents = Math.round((product.cents * quantity * (100 - discountPercent)) / 100);
  const customer = integer(250_000);
  const date = `2024-${pad(1 + integer(12))}-${pad(1 + integer(28))}T${pad(integer(24))}:${pad(integer(60))}:${pad(integer(60))}Z`;
  const email = integer(40) === 0 ? '' : `customer${customer}@example.com`;
  return `${id},${date},C-${customer},${email},${country},${region},${product.sku},${product.name},${quantity},${(product.cents / 100).toFixed(2)},${(discountPercent / 100).toFixed(2)},${(amountCents / 100).toFixed(2)},EUR,${pick(statuses)},${random() < 0.8}\n`;
}

const directory = temporaryDirectory('nova-bench-csv-');
const path = join(directory.path, 'orders.csv');
try {
  const generationStart = performance.now();
  const out = createWriteStream(path);
  let written = 0;
  let rows = 0;
  let buffer = 'order_id,order_date,customer_id,customer_email,country,region,product_sku,product_name,quantity,unit_price,discount,amount,currency,status,paid\n';
  while (written + buffer.length < targetBytes) {
    rows += 1;
    buffer += row(rows);
    if (buffer.length > 1 << 20) {
      written += buffer.length;
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
  const bytes = statSync(path).size;
  const generateSeconds = (performance.now() - generationStart) / 1000;
  process.stdout.write(`generated ${(bytes / 1e6).toFixed(0)} MB, ${rows.toLocaleString('en-US')} rows of 15 columns in ${generateSeconds.toFixed(1)} s (Node ${process.version})\n`);

  function measure(label: string, mode: 'summary' | 'groupBy') {
    // A fresh process per run: its peak memory is its own, not what the run before left on the heap.
    const output = execFileSync(process.execPath, [...process.execArgv, process.argv[1]!, '--run', mode, '--file', path], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const { seconds, peakMb, result } = JSON.parse(output.trim().split('\n').at(-1)!) as { seconds: number; peakMb: number; result: CsvAnalysis };
    const megabytesPerSecond = bytes / 1e6 / seconds;
    process.stdout.write(`${label}: ${seconds.toFixed(1)} s, ${megabytesPerSecond.toFixed(1)} MB/s, ${Math.round(result.rows / seconds).toLocaleString('en-US')} rows/s, peak RSS ${peakMb} MB\n`);
    return { result, seconds, megabytesPerSecond, peakMb };
  }

  const summary = measure('summary of 15 columns', 'summary');
  if (summary.result.mode === 'summary') {
    for (const column of summary.result.columns.filter((entry) => ['amount', 'quantity', 'customer_id', 'order_date'].includes(entry.name))) {
      process.stdout.write(
        `  ${column.name}: ${column.type}, ${column.count.toLocaleString('en-US')} values, ${column.distinct.toLocaleString('en-US')}${column.distinctApprox ? ' (estimated)' : ''} distinct${column.sumExact === undefined ? '' : `, sum ${column.sumExact}, mean ${column.mean}, median ${column.median}, p95 ${column.p95}`}\n`,
      );
    }
  }
  const groupBy = measure('group-by month x region (count, sum, mean, p95 of amount, max quantity)', 'groupBy');
  if (groupBy.result.mode === 'groupBy') process.stdout.write(`  ${groupBy.result.groups.length} groups; first: ${JSON.stringify(groupBy.result.groups[0])}\n`);

  process.stdout.write(
    `${JSON.stringify({
      bytes,
      rows,
      generateSeconds: Number(generateSeconds.toFixed(2)),
      summarySeconds: Number(summary.seconds.toFixed(2)),
      summaryMbPerSecond: Number(summary.megabytesPerSecond.toFixed(1)),
      summaryPeakRssMb: summary.peakMb,
      groupBySeconds: Number(groupBy.seconds.toFixed(2)),
      groupByMbPerSecond: Number(groupBy.megabytesPerSecond.toFixed(1)),
      groupByPeakRssMb: groupBy.peakMb,
    })}\n`,
  );
} finally {
  directory.remove();
}
