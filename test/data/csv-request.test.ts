import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readCsvHeader } from '../../src/domains/data/csv-reader.ts';
import { readCsvRequest } from '../../src/domains/data/csv-request.ts';
import { temporaryDirectory } from '../support/temporary-directory.ts';

const columns = ['order_id', 'Order Date', 'region', 'sales_rep', 'order_value', 'quantity'];

describe('readCsvRequest', () => {
  it('reads measures and a group-by named in words, against the column names', () => {
    expect(readCsvRequest('average order value by month in sales.csv', columns).spec).toEqual({ groupBy: ['Order Date:month'], measures: [{ agg: 'mean', column: 'order_value' }] });
    expect(readCsvRequest('total quantities per region and sales rep', columns).spec).toEqual({ groupBy: ['region', 'sales_rep'], measures: [{ agg: 'sum', column: 'quantity' }] });
    expect(readCsvRequest('how many orders by region, monthly', columns).spec).toEqual({ groupBy: ['region', 'Order Date:month'], measures: [{ agg: 'count' }] });
    expect(readCsvRequest('max and min of order value', columns).spec).toEqual({ measures: [{ agg: 'max', column: 'order_value' }, { agg: 'min', column: 'order_value' }] });
    expect(readCsvRequest('order value by quarterly', columns).spec).toEqual({ groupBy: ['Order Date:quarter'] });
  });

  it('takes nothing it cannot tie to a column, and lists what it left', () => {
    expect(readCsvRequest('average revenue by country', columns).unread).toEqual(['"average revenue" (no column named after it)', '"by country" (no column of that name)']);
    expect(readCsvRequest('totals by month', ['region', 'amount']).unread).toEqual(['"totals" (no column named after it)', '"by month" (no column named like a date)']);
    expect(readCsvRequest('average order value by month', columns).unread).toEqual([]);
    expect(readCsvRequest('summarise the columns of data.csv', columns).unread).toEqual([]);
  });

  it('gives the summary for a request it cannot read, not a guess', () => {
    expect(readCsvRequest('summarise the columns of data.csv', columns).spec).toEqual({});
    expect(readCsvRequest('average revenue by country', columns).spec).toEqual({});
    expect(readCsvRequest('totals by month', ['region', 'amount']).spec).toEqual({});
  });
});

describe('readCsvHeader', () => {
  it('reads only the first line, with quoting and the delimiter detected; .gz too', async () => {
    const directory = temporaryDirectory();
    try {
      const plain = join(directory.path, 'a.csv');
      writeFileSync(plain, '"order id";"region, full";amount\n1;"north";2\n');
      expect(await readCsvHeader(plain)).toEqual(['order id', 'region, full', 'amount']);
      const zipped = join(directory.path, 'b.csv.gz');
      writeFileSync(zipped, gzipSync('x,y,x\n1,2,3\n'));
      expect(await readCsvHeader(zipped)).toEqual(['x', 'y', 'x_3']);
    } finally {
      directory.remove();
    }
  });
});
