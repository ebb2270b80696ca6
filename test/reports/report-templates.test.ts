import { describe, expect, it } from 'vitest';
import { checkAireps } from '../../src/domains/airep/check-aireps.ts';
import { buildReport } from '../../src/domains/reports/build-report.ts';
import { NovaError } from '../../src/core/errors.ts';

const aireps = checkAireps(['ARP BAW123 5130N00100W 1230 F370 MS52 250/045KT TB MOD', 'ARP BAW124 BLUFA 1231 F240 MS30 270/210KT', 'ARS KLM1 SEV TURB OBS AT 1242Z N4510W01030 FL390', 'ARP BAW125 9130N00100W 1240 F370 <b>'].join('\n'));

// The documented shape of the ar-aging agent's output (issue 4), amounts as exact decimal strings.
const aging = {
  asOf: '2026-11-01',
  buckets: { current: '1200.00', '1-30': '300.50', '31-60': '0.00', '61-90': '410.00', '90+': '75.25' },
  total: '1985.75',
  customers: [
    { customer: 'C001', outstanding: '1200.00', buckets: { current: '1200.00', '1-30': '0.00', '31-60': '0.00', '61-90': '0.00', '90+': '0.00' }, oldestDaysPastDue: 0 },
    { customer: 'C002', outstanding: '410.00', buckets: { current: '0.00', '1-30': '0.00', '31-60': '0.00', '61-90': '410.00', '90+': '0.00' }, oldestDaysPastDue: 64 },
    { customer: { id: 'C003', name: 'Acme | Sons' }, outstanding: '375.75', buckets: { current: '0.00', '1-30': '300.50', '31-60': '0.00', '61-90': '0.00', '90+': '75.25' }, oldestDaysPastDue: 118 },
  ],
  dunning: ['C002', 'C003'],
};

const tableLines = (content: string) => content.split('\n').filter((line) => line.startsWith('|'));

describe('report templates', () => {
  describe('AIREP check', () => {
    it('is picked from the shape of the airep-checker output', () => {
      const report = buildReport(aireps, { format: 'markdown' });
      expect(report.template).toBe('airep');
      expect(report.title).toBe('AIREP check');
    });

    it('shows the counts, one row per message with decoded fields, and every issue', () => {
      const { content } = buildReport(aireps, { format: 'markdown' });
      expect(content).toContain('- **Messages:** 4\n- **Valid:** 3\n- **Invalid:** **1**\n- **Warnings:** **2**');
      expect(content).toContain('> **✖ error:** 1 of 4 messages are invalid.');
      const rows = tableLines(content);
      expect(rows[0]).toBe('| Flag | Line | Type | Callsign | Position | Time | Level (100 ft) | Temp (°C) | Wind | Weather | Status | Issues |');
      expect(rows[2]).toBe('|  | 1 | ARP | BAW123 | 51.5000° N, 1.0000° W | 1230 | 370 | -52 | 250°/45 kt | TURB MOD | valid |  |');
      expect(rows[3]).toMatch(/^\| ⚠ warning \| 2 \| ARP \| BAW124 \| BLUFA \| 1231 \| 240 \| -30 \| 270°\/210 kt \| — \| valid \| wind_speed_high_low_level: /);
      expect(rows[4]).toBe('|  | 3 | ARS | KLM1 | 45.1667° N, 10.5000° W | 1242 | 390 | — | — | SEV TURB | valid |  |');
      expect(rows[5]).toMatch(/^\| ✖ error \| 4 \| ARP \| BAW125 \| 91\.5000° N, 1\.0000° W .* \*\*invalid\*\* \| latitude_out_of_range: .*<br>unrecognized_group: /);
      expect(content).toContain('## Issues');
      const issueRows = rows.filter((row) => row.includes('| **error** |') || row.includes('| **warning** |'));
      expect(issueRows.map((row) => row.split('|')[4]!.trim())).toEqual(['wind_speed_high_low_level', 'latitude_out_of_range', 'unrecognized_group']);
      expect(content).toContain('ARP BAW125 9130N00100W 1240 F370 \\<b\\>');
    });

    it('says so when every message is valid, in HTML too', () => {
      const { content } = buildReport(checkAireps('ARP BAW1 5130N00100W 1230 F370'), { format: 'html' });
      expect(content).toContain('All 1 messages are valid.');
      expect(content).toContain('No issues.');
      expect(content).not.toContain('class="flag-error"');
    });
  });

  describe('AR aging', () => {
    it('is picked from the shape {asOf, buckets, total, customers, dunning}', () => {
      const report = buildReport(aging, { format: 'markdown' });
      expect(report.template).toBe('ar-aging');
      expect(report.title).toBe('AR aging as of 2026-11-01');
    });

    it('shows buckets in order, customers with dunning flagged, amounts exactly as given', () => {
      const { content } = buildReport(aging, { format: 'markdown' });
      expect(content).toContain('- **Total outstanding:** 1985.75');
      expect(content).toContain('> **⚠ warning:** 2 customer(s) have an invoice more than 30 days past due: C002, Acme \\| Sons (C003).');
      const rows = tableLines(content);
      expect(rows.slice(0, 7)).toEqual(['| Bucket | Amount |', '| --- | ---: |', '| current | 1200.00 |', '| 1-30 | 300.50 |', '| 31-60 | 0.00 |', '| 61-90 | 410.00 |', '| 90+ | 75.25 |']);
      expect(rows[7]).toBe('| Flag | Customer | Outstanding | current | 1-30 | 31-60 | 61-90 | 90+ | Oldest days past due | Dunning |');
      expect(rows[9]).toBe('|  | C001 | 1200.00 | 1200.00 | 0.00 | 0.00 | 0.00 | 0.00 | 0 | no |');
      expect(rows[10]).toBe('| ⚠ warning | C002 | 410.00 | 0.00 | 0.00 | 0.00 | 410.00 | 0.00 | **64** | **yes** |');
      expect(rows[11]).toBe('| ✖ error | Acme \\| Sons (C003) | 375.75 | 0.00 | 300.50 | 0.00 | 0.00 | 75.25 | **118** | **yes** |');
      expect(content).toContain('## Dunning\n\n- C002\n- Acme \\| Sons (C003)');
    });

    it('reads the ar-aging agent as it ships: numeric amounts, a name beside the id, and open invoices', () => {
      const shipped = {
        asOf: '2026-11-01',
        buckets: { current: 9808.33, '1-30': 0, '31-60': 2310.5, '61-90': 4820, '90+': 0 },
        total: 16938.83,
        customers: [
          {
            customer: 'C-1002',
            name: 'Northwind Traders',
            outstanding: 16938.83,
            buckets: { current: 9808.33, '1-30': 0, '31-60': 2310.5, '61-90': 4820, '90+': 0 },
            oldestDaysPastDue: 74,
            invoices: [
              { invoice: 'CI-6026', dueDate: '2026-11-04', outstanding: 9808.33, daysPastDue: -3 },
              { invoice: 'CI-6101', dueDate: '2026-08-19', outstanding: 4820, daysPastDue: 74 },
              { invoice: 'CI-6102', dueDate: '2026-09-18', outstanding: 2310.5, daysPastDue: 44 },
            ],
          },
        ],
        dunning: ['C-1002'],
      };
      const { content, template } = buildReport(shipped, { format: 'markdown' });
      expect(template).toBe('ar-aging');
      expect(content).toContain('- **Total outstanding:** 16938.83');
      expect(content).toContain('| 31-60 | 2310.50 |');
      expect(content).toContain('| ⚠ warning | Northwind Traders (C-1002) | 16938.83 | 9808.33 | 0.00 | 2310.50 | 4820.00 | 0.00 | **74** | **yes** |');
      expect(content).toContain('## Dunning\n\n- Northwind Traders (C-1002)');
      const invoices = tableLines(content.slice(content.indexOf('## Open invoices')));
      expect(invoices.slice(2)).toEqual([
        '| ⚠ warning | Northwind Traders (C-1002) | CI-6101 | 2026-08-19 | 4820.00 | **74** |',
        '| ⚠ warning | Northwind Traders (C-1002) | CI-6102 | 2026-09-18 | 2310.50 | **44** |',
        '|  | Northwind Traders (C-1002) | CI-6026 | 2026-11-04 | 9808.33 | -3 |',
      ]);
    });

    it('handles numeric amounts and an empty ledger', () => {
      const { content } = buildReport({ asOf: '2026-11-01', buckets: { current: 0, '1-30': 0, '31-60': 0, '61-90': 0, '90+': 0 }, total: 0, customers: [], dunning: [] }, { format: 'html' });
      expect(content).toContain('No customer has an invoice more than 30 days past due.');
      expect(content).toContain('No customer has an outstanding balance.');
      expect(content).toContain('Nobody to remind.');
    });
  });

  it('refuses a template the data does not fit, and falls back to generic otherwise', () => {
    expect(() => buildReport({ rows: [] }, { format: 'markdown', template: 'ar-aging' })).toThrow(NovaError);
    expect(() => buildReport({ rows: [] }, { format: 'markdown', template: 'airep' })).toThrow(/shape the "airep" template needs/);
    expect(buildReport(aireps, { format: 'markdown', template: 'generic' }).template).toBe('generic');
    expect(buildReport({ asOf: '2026-11-01' }, { format: 'markdown' }).template).toBe('generic');
  });

  it('uses the given title over the template title', () => {
    expect(buildReport(aging, { format: 'markdown', title: 'Receivables, week 44' }).content.startsWith('# Receivables, week 44\n')).toBe(true);
  });
});
