import { describe, expect, it } from 'vitest';
import { erpFiles } from '../../src/domains/erp/erp-catalogue.ts';
import { checkReadOnlySql, type SqlGuardContext } from '../../src/domains/erp/sql-guard.ts';

const erpTables = new Set<string>(erpFiles.map((spec) => spec.table));
const context = (dialect: 'sqlite' | 'postgres'): SqlGuardContext => ({ dialect, erpTables, otherRelations: new Set(['runs', 'run_events', 'nova_migrations', 'memory_notes']) });

const accepted: Array<[string, string]> = [
  ['a count', "SELECT count(*) AS open_orders FROM erp_sales_orders WHERE status = 'open'"],
  ['a join with aliases, grouping and a trailing semicolon', 'select c.name, sum(i.total_cents) / 100.0 as total from erp_customers c join erp_customer_invoices i on i.customer_id = c.id group by c.name having sum(i.total_cents) > 1000000 order by total desc limit 5;'],
  ['a CTE', "WITH big AS (SELECT customer_id FROM erp_sales_orders WHERE total_cents > 1000000) SELECT name FROM erp_customers WHERE id IN (SELECT customer_id FROM big)"],
  ['a CTE with columns and a recursive CTE', 'WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 3) SELECT x FROM n'],
  ['comma joins and a subquery in FROM', 'SELECT s.name, t.n FROM erp_suppliers s, (SELECT supplier_id, count(*) AS n FROM erp_purchase_orders GROUP BY supplier_id) t WHERE t.supplier_id = s.id'],
  ['LEFT JOIN ... USING and a parenthesised join', 'SELECT * FROM (erp_po_lines LEFT JOIN erp_goods_receipts USING (po_id, line_no))'],
  ['extract(... FROM ...) is no table', 'SELECT extract(year FROM order_date::date) AS y FROM erp_sales_orders'],
  ['window functions, CASE, replace() and coalesce', "SELECT sku, rank() OVER (PARTITION BY warehouse ORDER BY on_hand DESC), CASE WHEN on_hand < 0 THEN 'short' ELSE replace(warehouse, 'M', 'm') END, coalesce(reserved, 0) FROM erp_stock"],
  ['strings and quoted names that only look dangerous', `SELECT "name" FROM "erp_customers" WHERE name = 'DROP TABLE runs; DELETE' -- a comment: DELETE FROM runs`],
];

const refused: Array<[string, string, RegExp]> = [
  ['DELETE', 'DELETE FROM erp_customers', /only SELECT .* not "DELETE"/],
  ['a second statement', 'SELECT 1; DROP TABLE runs', /only one statement/],
  ['a write in a CTE', 'WITH gone AS (DELETE FROM erp_customers RETURNING *) SELECT * FROM gone', /"DELETE" is not allowed/],
  ['INSERT ... SELECT', 'WITH x AS (SELECT 1) INSERT INTO erp_customers SELECT * FROM erp_customers', /"INSERT" is not allowed/],
  ['SELECT INTO', 'SELECT * INTO stolen FROM erp_customers', /"INTO" is not allowed/],
  ['UPDATE', "UPDATE erp_customers SET name = 'x'", /not "UPDATE"/],
  ["Nova's runs", 'SELECT * FROM runs', /"runs" is not an ERP table/],
  ["Nova's journal in a subquery", 'SELECT * FROM erp_items WHERE sku IN (SELECT run_id FROM run_events)', /"run_events" is not an ERP table/],
  ['a quoted name of another table', 'SELECT * FROM "Runs"', /"runs" is not an ERP table/],
  ['a table that does not exist', 'SELECT * FROM customers', /"customers" is not an ERP table/],
  ['a table in a JOIN', 'SELECT * FROM erp_items JOIN nova_migrations ON 1 = 1', /"nova_migrations" is not an ERP table/],
  ['a table after a comma', 'SELECT * FROM erp_items, memory_notes', /"memory_notes" is not an ERP table/],
  ['sqlite_master', 'SELECT name FROM sqlite_master', /"sqlite_master" belongs to the database's own catalog/],
  ['a schema-qualified table', 'SELECT * FROM main.erp_items', /"main" belongs to the database's own catalog/],
  ['an unknown schema', 'SELECT * FROM other.erp_items', /name ERP tables without a schema/],
  ['pg_catalog', 'SELECT * FROM pg_catalog.pg_tables', /"pg_catalog" belongs/],
  ['information_schema', 'SELECT table_name FROM information_schema.tables', /"information_schema" belongs/],
  ['PRAGMA', 'PRAGMA table_info(runs)', /not "PRAGMA"/],
  ['a pragma table function', "SELECT * FROM erp_items, pragma_table_info('runs')", /"pragma_table_info" belongs/],
  ['ATTACH', "ATTACH DATABASE '/tmp/other.db' AS other", /not "ATTACH"/],
  ['a table-valued function', "SELECT * FROM erp_items, json_each('[1]')", /reads from a function/],
  ['load_extension', "SELECT load_extension('/tmp/evil.so')", /function "load_extension" is not allowed/],
  ['a CTE named after a function', "WITH load_extension(x) AS (SELECT 1) SELECT load_extension('/tmp/evil.so') FROM load_extension", /function "load_extension" is not allowed/],
  ['pg_sleep', 'SELECT pg_sleep(60)', /"pg_sleep" belongs/],
  ['pg_read_file', "SELECT pg_read_file('/etc/passwd')", /"pg_read_file" belongs/],
  ['an unknown function', "SELECT query_to_xml('select * from runs', true, true, '')", /function "query_to_xml" is not allowed/],
  ['the session user', 'SELECT current_user', /"current_user" belongs/],
  ['SET', "SET statement_timeout = 0", /not "SET"/],
  ['FOR UPDATE', 'SELECT * FROM erp_items FOR UPDATE', /"UPDATE" is not allowed/],
  ['a dollar-quoted string', 'SELECT $$x$$', /dollar quoting|parameters/],
  ['an escape string', "SELECT E'\\x41'", /prefixed strings|backslashes/],
  ['a parameter', 'SELECT * FROM erp_items WHERE sku = ?', /parameters/],
  ['backticks', 'SELECT * FROM `runs`', /double quotes/],
  ['an unclosed comment', 'SELECT 1 /* DELETE', /comment is never closed/],
  ['TABLE shorthand', 'WITH x AS (TABLE runs) SELECT * FROM x', /"TABLE" is not allowed|"runs" is not an ERP table/],
  ['nothing at all', '  ;  ', /the query is empty/],
  ['unbalanced parentheses', 'SELECT (1 FROM erp_items', /never closed/],
];

describe('the read-only SQL check of erp_sql', () => {
  for (const [name, sql] of accepted) {
    it(`accepts ${name}`, () => {
      const result = checkReadOnlySql(sql, context('postgres'));
      // The statement that runs ends with the query's last token: no semicolon, no trailing comment.
      expect(result).toEqual({ ok: true, statement: sql.replace(/;\s*$/, '').replace(/\s*--[^\n]*$/, '') });
    });
  }
  for (const [name, sql, reason] of refused) {
    it(`refuses ${name}`, () => {
      const result = checkReadOnlySql(sql, context('sqlite'));
      expect(result.ok).toBe(false);
      expect(result.ok ? '' : result.reason).toMatch(reason);
    });
  }

  it('refuses backslashes in PostgreSQL strings only (their meaning depends on a server setting)', () => {
    expect(checkReadOnlySql("SELECT 'a\\b'", context('postgres'))).toMatchObject({ ok: false, reason: expect.stringMatching(/backslashes/) });
    expect(checkReadOnlySql("SELECT 'a\\b'", context('sqlite'))).toMatchObject({ ok: true });
  });
});
