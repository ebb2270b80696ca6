import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NovaError } from '../../src/core/errors.ts';
import { analyseCsv, type AnalyseCsvOptions, type CsvAnalysis } from '../../src/domains/data/analyse-csv.ts';
import { temporaryDirectory } from '../support/temporary-directory.ts';

const sales = fileURLToPath(new URL('../fixtures/data/sales.csv', import.meta.url));

async function analyse(options: Omit<AnalyseCsvOptions, 'file'>, file = sales): Promise<CsvAnalysis> {
  return analyseCsv({ file, ...options });
}

async function rejection(promise: Promise<unknown>): Promise<NovaError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof NovaError)) throw new Error(`expected a NovaError, got ${String(error)}`);
  return error;
}

describe('analyseCsv summary', () => {
  // Hand computations for test/fixtures/data/sales.csv (10 rows; row 1009 has a quoted line break).
  it('infers each type and computes exact statistics', async () => {
    const result = await analyse({});
    if (result.mode !== 'summary') throw new Error('expected a summary');
    expect(result).toMatchObject({ rows: 10, skippedRows: 0, delimiter: ',', problems: [] });
    const byName = Object.fromEntries(result.columns.map((column) => [column.name, column]));
    // amount: 0.10 0.20 19.99 5 100.5 42.42 7.77 -3.5; one empty cell and one "n/a" are missing.
    // sum 172.48; mean 172.48 / 8 = 21.56; sorted -3.5 0.1 0.2 5 7.77 19.99 42.42 100.5:
    // median at h = 3.5: 5 + 0.5 * 2.77 = 6.385; p95 at h = 6.65: 42.42 + 0.65 * 58.08 = 80.172.
    expect(byName['amount']).toEqual({
      name: 'amount',
      type: 'number',
      count: 8,
      missing: 2,
      distinct: 8,
      distinctApprox: false,
      min: -3.5,
      max: 100.5,
      sum: 172.48,
      sumExact: '172.48',
      mean: 21.56,
      median: 6.385,
      p95: 80.172,
    });
    // quantity: 1 2 3 1 2 4 1 5 2 1: sum 22, mean 2.2, sorted 1 1 1 1 2 2 2 3 4 5: median 2, p95 at h = 8.55: 4 + 0.55 = 4.55.
    expect(byName['quantity']).toMatchObject({ type: 'integer', count: 10, distinct: 5, min: 1, max: 5, sum: 22, mean: 2.2, median: 2, p95: 4.55 });
    // order_id 1001..1010: sum 10055, mean = median = 1005.5, p95 at h = 8.55: 1009.55.
    expect(byName['order_id']).toMatchObject({ type: 'integer', sum: 10055, mean: 1005.5, median: 1005.5, p95: 1009.55 });
    expect(byName['order_date']).toEqual({ name: 'order_date', type: 'date', count: 10, missing: 0, distinct: 10, distinctApprox: false, min: '2024-01-05', max: '2024-04-01' });
    // "NA" is North America here: in a text column a marker is text.
    expect(byName['region']).toMatchObject({ type: 'string', count: 9, missing: 1, distinct: 3, min: 'APAC', max: 'NA' });
    // "NULL" in a column of booleans is missing; distinct counts the texts (true, false, TRUE).
    expect(byName['paid']).toMatchObject({ type: 'boolean', count: 9, missing: 1, distinct: 3, trueCount: 6, falseCount: 3, min: null, max: null });
    expect(byName['customer']).toMatchObject({ type: 'string', count: 10, distinct: 8, min: 'Grace, Jr.', max: 'heidi@example.com' });
    expect(byName['status']).toMatchObject({ type: 'string', distinct: 5, min: 'cancelled', max: 'shipped' });
  });

  it('describes only the columns asked for, in that order', async () => {
    const result = await analyse({ columns: ['quantity', 'region'] });
    expect(result.mode === 'summary' && result.columns.map((column) => column.name)).toEqual(['quantity', 'region']);
  });
});

describe('analyseCsv with exact sums', () => {
  let directory: { path: string; remove: () => void };
  beforeEach(() => {
    directory = temporaryDirectory();
  });
  afterEach(() => directory.remove());

  it('sums a thousand 0.1 to exactly 100, and keeps digits past a double', async () => {
    const path = join(directory.path, 'tenths.csv');
    writeFileSync(path, `value,big\n${Array.from({ length: 1000 }, () => '0.1,12345678901234567.89').join('\n')}\n`);
    const result = await analyse({}, path);
    if (result.mode !== 'summary') throw new Error('expected a summary');
    expect(result.columns[0]).toMatchObject({ sum: 100, sumExact: '100', mean: 0.1, median: 0.1, p95: 0.1 });
    expect(result.columns[1]).toMatchObject({ sumExact: '12345678901234567890', mean: Number('12345678901234567.89') });
  });

  it('keeps codes with leading zeros as text and reads semicolon files', async () => {
    const path = join(directory.path, 'codes.csv');
    writeFileSync(path, 'zip;amount\n01234;1.5\n98765;2\n');
    const result = await analyse({}, path);
    if (result.mode !== 'summary') throw new Error('expected a summary');
    expect(result.delimiter).toBe(';');
    expect(result.columns.map((column) => column.type)).toEqual(['string', 'number']);
  });

  it('skips rows with the wrong number of fields or bad quotes, and lists them', async () => {
    const path = join(directory.path, 'ragged.csv');
    writeFileSync(path, 'a,b\n1,2\n3\n4,5,6\n7,x"y\n8,9\n');
    const result = await analyse({}, path);
    expect(result).toMatchObject({ rows: 2, skippedRows: 3 });
    expect(result.problems).toEqual([
      { code: 'column_count', count: 2, firstLine: 3, message: "rows whose number of fields differs from the header's 2 were skipped (the first has 1)" },
      { code: 'csv_syntax', count: 1, firstLine: 5, message: expect.stringContaining('INVALID_OPENING_QUOTE') },
    ]);
  });

  it('names the first bad quote when it leaves the rest of the file unreadable', async () => {
    const path = join(directory.path, 'closing.csv');
    writeFileSync(path, 'a,b\n1,2\n7,"x"y\n8,9\n');
    const error = await rejection(analyse({}, path));
    expect(error.message).toMatch(/the first quoting problem is at line 3: Invalid Closing Quote/);
    expect(error.details).toMatchObject({ line: 3 });
  });

  it('fails on an unclosed quote, which would swallow the rest of the file', async () => {
    const path = join(directory.path, 'unclosed.csv');
    writeFileSync(path, 'a,b\n1,"open\n2,3\n');
    const error = await rejection(analyse({}, path));
    expect(error.code).toBe('input_invalid');
    expect(error.message).toMatch(/quoted field is never closed/);
  });

  it('totals a file with a header and no rows as one row of count 0', async () => {
    const path = join(directory.path, 'header-only.csv');
    writeFileSync(path, 'region,amount\n');
    const result = await analyse({ measures: [{ agg: 'count' }, { column: 'amount', agg: 'sum' }] }, path);
    expect(result.mode === 'groupBy' && result.groups).toEqual([{ key: {}, rows: 0, values: { count: 0, 'sum(amount)': null } }]);
  });

  it('fails on an empty file', async () => {
    const path = join(directory.path, 'empty.csv');
    writeFileSync(path, '');
    expect((await rejection(analyse({}, path))).message).toBe(`${path} is empty: it has no header row`);
  });
});

describe('analyseCsv group-by', () => {
  it('aggregates per group, sorted by key, missing keys last', async () => {
    const result = await analyse({
      groupBy: ['region'],
      measures: [
        { column: 'amount', agg: 'sum' },
        { column: 'amount', agg: 'mean' },
        { agg: 'count' },
        { column: 'quantity', agg: 'median' },
        { column: 'customer', agg: 'distinct', name: 'customers' },
      ],
    });
    if (result.mode !== 'groupBy') throw new Error('expected a group-by');
    expect(result.measures.map((measure) => measure.name)).toEqual(['sum(amount)', 'mean(amount)', 'count', 'median(quantity)', 'customers']);
    // EU: 0.10 + 0.20 + 100.5 + 7.77 = 108.57, mean 27.1425, quantities 1 2 4 2 -> median 2.
    // NA: 19.99 + 5 + 42.42 = 67.41, mean 22.47, quantities 3 1 5 -> 3. APAC has no amounts.
    expect(result.groups).toEqual([
      { key: { region: 'APAC' }, rows: 2, values: { 'sum(amount)': null, 'mean(amount)': null, count: 2, 'median(quantity)': 1.5, customers: 2 } },
      { key: { region: 'EU' }, rows: 4, values: { 'sum(amount)': 108.57, 'mean(amount)': 27.1425, count: 4, 'median(quantity)': 2, customers: 3 } },
      { key: { region: 'NA' }, rows: 3, values: { 'sum(amount)': 67.41, 'mean(amount)': 22.47, count: 3, 'median(quantity)': 3, customers: 3 } },
      { key: { region: null }, rows: 1, values: { 'sum(amount)': -3.5, 'mean(amount)': -3.5, count: 1, 'median(quantity)': 1, customers: 1 } },
    ]);
  });

  it('buckets a date column by month and by quarter', async () => {
    const result = await analyse({ groupBy: ['order_date:quarter', 'region'], measures: [{ column: 'amount', agg: 'max' }] });
    if (result.mode !== 'groupBy') throw new Error('expected a group-by');
    expect(result.groups.map((group) => [group.key['order_date:quarter'], group.key['region'], group.values['max(amount)']])).toEqual([
      ['2024-Q1', 'APAC', null],
      ['2024-Q1', 'EU', 100.5],
      ['2024-Q1', 'NA', 42.42],
      ['2024-Q2', null, -3.5],
    ]);
    const months = await analyse({ groupBy: ['order_date:month'] });
    expect(months.mode === 'groupBy' && months.groups.map((group) => [group.key['order_date:month'], group.rows])).toEqual([
      ['2024-01', 3],
      ['2024-02', 3],
      ['2024-03', 3],
      ['2024-04', 1],
    ]);
  });

  it('totals the whole file when measures come without groupBy', async () => {
    const result = await analyse({ measures: [{ column: 'amount', agg: 'sum' }, { column: 'amount', agg: 'p95' }, { column: 'order_date', agg: 'min' }] });
    expect(result.mode === 'groupBy' && result.groups).toEqual([{ key: {}, rows: 10, values: { 'sum(amount)': 172.48, 'p95(amount)': 80.172, 'min(order_date)': '2024-01-05' } }]);
  });

  it('leaves values that are not numbers out of sums, and says so', async () => {
    const result = await analyse({ groupBy: ['paid'], measures: [{ column: 'status', agg: 'sum' }] });
    expect(result.problems).toEqual([{ code: 'not_a_number', column: 'status', count: 10, firstLine: 2, example: 'shipped', message: 'values that are not numbers were left out of sum(status)' }]);
  });

  it('names an unknown column with the closest one and lists the columns', async () => {
    const error = await rejection(analyse({ groupBy: ['regoin'] }));
    expect(error.message).toBe(`${sales} has no column "regoin" (in groupBy); did you mean "region"?`);
    expect(error.hint).toContain('"order_id", "order_date", "region", "customer", "amount", "quantity", "paid", "status"');
    expect((await rejection(analyse({ measures: [{ column: 'amont', agg: 'sum' }] }))).message).toMatch(/no column "amont" \(in measures\[0\]\); did you mean "amount"\?/);
    expect((await rejection(analyse({ columns: ['nope'] }))).details).toMatchObject({ column: 'nope', askedIn: 'columns[0]' });
  });

  it('refuses inputs that do not go together', async () => {
    expect((await rejection(analyse({ groupBy: ['region'], pivot: { rows: 'region', columns: 'paid' } }))).message).toBe('Ask for a pivot or for a group-by, not both');
    expect((await rejection(analyse({ columns: ['amount'], groupBy: ['region'] }))).message).toMatch(/"columns" chooses the columns of the summary/);
    expect((await rejection(analyse({ groupBy: ['region'], measures: [{ agg: 'sum' }] }))).message).toBe('measures[0] asks for sum without a column; only count works without one');
  });

  it('stops at the group limit with a hint', async () => {
    const error = await rejection(analyse({ groupBy: ['order_id'], maxGroups: 5 }));
    expect(error).toMatchObject({ code: 'limit_exceeded', fault: 'user' });
    expect(error.message).toBe('The analysis would make more than 5 groups');
  });
});

describe('analyseCsv pivot', () => {
  it('builds the table with row, column and grand totals', async () => {
    const result = await analyse({ pivot: { rows: 'region', columns: 'order_date:quarter', value: 'amount', agg: 'sum' } });
    if (result.mode !== 'pivot') throw new Error('expected a pivot');
    expect(result.pivot).toEqual({ rows: 'region', columns: 'order_date:quarter', value: 'amount', agg: 'sum' });
    expect(result.columnKeys).toEqual(['2024-Q1', '2024-Q2']);
    expect(result.table).toEqual([
      { key: 'APAC', values: [null, null], total: null },
      { key: 'EU', values: [108.57, null], total: 108.57 },
      { key: 'NA', values: [67.41, null], total: 67.41 },
      { key: null, values: [null, -3.5], total: -3.5 },
    ]);
    // 108.57 + 67.41 = 175.98 in Q1; all: 172.48.
    expect(result.columnTotals).toEqual([175.98, -3.5]);
    expect(result.grandTotal).toBe(172.48);
  });

  it('counts rows when no value column is given, with zeros for empty cells', async () => {
    const result = await analyse({ pivot: { rows: 'region', columns: 'paid' } });
    if (result.mode !== 'pivot') throw new Error('expected a pivot');
    expect(result.pivot.agg).toBe('count');
    expect(result.columnKeys).toEqual(['NULL', 'TRUE', 'false', 'true']);
    expect(result.table).toEqual([
      { key: 'APAC', values: [0, 0, 1, 1], total: 2 },
      { key: 'EU', values: [0, 0, 1, 3], total: 4 },
      { key: 'NA', values: [0, 1, 1, 1], total: 3 },
      { key: null, values: [1, 0, 0, 0], total: 1 },
    ]);
    expect(result.grandTotal).toBe(10);
  });

  it('takes means of all the values for the totals, not means of means', async () => {
    const result = await analyse({ pivot: { rows: 'region', columns: 'order_date:year', value: 'quantity', agg: 'mean' } });
    if (result.mode !== 'pivot') throw new Error('expected a pivot');
    expect(result.table.map((row) => row.total)).toEqual([1.5, 2.25, 3, 1]);
    expect(result.grandTotal).toBe(2.2);
  });
});
