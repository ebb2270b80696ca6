import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL the tests use; unset locally means the PostgreSQL suites are skipped (CI sets it). */
export const testDatabaseUrl = process.env['NOVA_TEST_DATABASE_URL'];

let skipNoticePrinted = false;

/** Prints the one line that says why the PostgreSQL suite did not run. */
export function noticePostgresSkipped(): void {
  if (testDatabaseUrl !== undefined || skipNoticePrinted) return;
  skipNoticePrinted = true;
  process.stdout.write('PostgreSQL suite skipped: set NOVA_TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test)\n');
}

/** A schema name of its own for one test, so tests running in parallel never see each other's rows. */
export function uniqueSchemaName(): string {
  return `nova_test_${randomBytes(6).toString('hex')}`;
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}
