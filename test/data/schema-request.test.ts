import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { schemaFromRequest } from '../../src/domains/data/schema-request.ts';
import { temporaryDirectory } from '../support/temporary-directory.ts';

describe('schemaFromRequest', () => {
  it('finds a saved schema by name (a plural finds the singular), or a schema file that exists, never the data file', () => {
    const directory = temporaryDirectory();
    try {
      const data = join(directory.path, 'orders.json');
      const schemaFile = join(directory.path, 'order.schema.json');
      writeFileSync(data, '[]');
      writeFileSync(schemaFile, '{}');
      const options = { dataFile: data, availableNames: ['customer', 'order'] };
      expect(schemaFromRequest('validate customers.csv against the customer schema', options)).toEqual({ schemaName: 'customer' });
      expect(schemaFromRequest('check this file with schema customers', options)).toEqual({ schemaName: 'customer' });
      expect(schemaFromRequest(`validate ${data} against ${schemaFile}`, options)).toEqual({ schemaFile });
      expect(schemaFromRequest(`check ${data} for missing fields`, options)).toEqual({});
      expect(schemaFromRequest('validate leads.csv against the lead schema', options)).toEqual({});
    } finally {
      directory.remove();
    }
  });
});
