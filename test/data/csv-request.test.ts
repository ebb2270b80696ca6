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
    expect(readCsvRequest('average order value by month in sales.csv', columns)).toEqual({ groupBy: ['Order Date:month'], measures: [{ agg: 'mean', column: 'order_value' }] });
    expect(readCsvRequest('total quantities per region and sales rep', columns)).toEqual({ groupBy: ['region', 'sales_rep'], measures: [{ agg: 'sum', column: 'quantity' }] });
    expect(readCsvRequest('how many orders by region, monthly', columns)).toEqual({ groupBy: ['region', 'Order Date:month'], measures: [{ agg: 'count' }] });
    expect(readCsvRequest('max and min of order value', columns)).toEqual({ measures: [{ agg: 'max', column: 'order_value' }, { agg: 'min', column: 'order_value' }] });
    expect(readCsvRequest('order value by quarterly', columns)).toEqual({ groupBy: ['Order Date:quarter'] });
  });

  it('takes nothing it cannot tie to a column: the summary, not a guess', () => {
    expect(readCsvRequest('summarise the columns of data.csv', columns)).toEqual({});
    expect(readCsvRequest('average revenue by country', columns)).toEqual({});
    expect(readCsvRequest('totals by month', ['region', 'amount'])).toEqual({});
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
