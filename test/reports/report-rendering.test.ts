import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/domains/reports/build-report.ts';
import { compactValue } from '../../src/domains/reports/compact-value.ts';
import { inline } from '../../src/domains/reports/markdown-renderer.ts';

const markdown = (data: unknown, title?: string) => buildReport(data, { format: 'markdown', ...(title === undefined ? {} : { title }) }).content;
const html = (data: unknown, title?: string) => buildReport(data, { format: 'html', ...(title === undefined ? {} : { title }) }).content;

/** The table rows of a Markdown report (lines starting with a pipe), header and separator included. */
const tableLines = (content: string) => content.split('\n').filter((line) => line.startsWith('|'));

describe('report rendering', () => {
  describe('Markdown', () => {
    it('has a title, a summary with the counts and the summary object, and a table per array of objects', () => {
      const content = markdown({ summary: { checked: 2, failed: 1 }, items: [{ id: 'a', ok: true }, { id: 'b', ok: false }] }, 'Nightly check');
      expect(content.startsWith('# Nightly check\n\n## Summary\n')).toBe(true);
      expect(content).toContain('- **items (items):** 2');
      expect(content).toContain('- **checked:** 2');
      expect(content).toContain('- **failed:** 1');
      expect(content).toContain('## items');
      expect(tableLines(content)).toEqual(['| Flag | id | ok |', '| --- | --- | --- |', '|  | a | true |', '| ✖ error | b | false |']);
      expect(content).toContain('> **✖ error:** 1 of 2 items flagged: 1 with errors.');
    });

    it('escapes | and line breaks so a value cannot break its table', () => {
      const content = markdown({ rows: [{ name: 'left | right', note: 'first line\nsecond line\r\nthird' }] });
      const rows = tableLines(content);
      expect(rows).toHaveLength(3);
      expect(rows[2]).toBe('| left \\| right | first line<br>second line<br>third |');
      // Every row has as many unescaped pipes as the header.
      const cellCount = (line: string) => line.replace(/\\\|/g, '').split('|').length;
      expect(new Set(rows.map(cellCount)).size).toBe(1);
    });

    it('escapes HTML and Markdown syntax in the data, keeping snake_case readable', () => {
      const content = markdown({ rows: [{ code: 'unknown_designator', text: '<script>alert(1)</script> *bold* [link](x) `code` _under_' }] }, '<b>Title</b>');
      expect(content).not.toContain('<script>');
      expect(content).not.toContain('<b>');
      expect(content).toContain('\\<script\\>alert(1)\\</script\\>');
      expect(content).toContain('\\*bold\\* \\[link\\](x) \\`code\\` \\_under\\_');
      expect(content).toContain('| unknown_designator |');
      expect(inline('a & b')).toBe('a \\& b');
    });

    it('keeps a paragraph from turning into a heading or a list', () => {
      const content = markdown({ rows: [] , note: '# not a heading' });
      expect(content).toContain('- **note:** # not a heading');
    });

    it('renders arrays of primitives as lists and empty arrays as a note', () => {
      const content = markdown({ tags: ['red', 'green', 3, null, true], nothing: [] });
      expect(content).toContain('## tags\n\n- red\n- green\n- 3\n- —\n- true');
      expect(content).toContain('## nothing\n\nNo items.');
    });

    it('renders a top-level array, and a top-level scalar', () => {
      expect(tableLines(markdown([{ a: 1 }, { b: 2 }]))).toEqual(['| a | b |', '| ---: | ---: |', '| 1 |  |', '|  | 2 |']);
      expect(markdown(42)).toContain('- **value:** 42');
    });

    it('takes the union of keys as columns and shows nested values compactly', () => {
      const rows = tableLines(markdown({ rows: [{ id: 1, tags: ['x', 'y'] }, { id: 2, owner: { name: 'Ada', roles: ['admin'] } }] }));
      expect(rows[0]).toBe('| id | tags | owner |');
      expect(rows[2]).toBe('| 1 | \\[x, y\\] |  |');
      expect(rows[3]).toBe('| 2 |  | {name: Ada, roles: \\[admin\\]} |');
    });

    it('survives deep nesting: sections stop at level 4, deeper values are compacted', () => {
      let deep: Record<string, unknown> = { leaf: 'bottom' };
      for (let level = 0; level < 200; level += 1) deep = { [`level${level}`]: deep };
      const content = markdown({ deep });
      expect(content).not.toMatch(/^#####/m);
      expect(content).toMatch(/^#### /m);
      expect(content).toContain('{1 field}');
      expect(content.length).toBeLessThan(2000);
    });

    it('flags items by severity, error, valid or status, and counts them', () => {
      const content = markdown({
        findings: [
          { id: 1, severity: 'warning' },
          { id: 2, severity: 'error' },
          { id: 3, error: { code: 'x' } },
          { id: 4, status: 'failed' },
          { id: 5, issues: [{ severity: 'warning' }] },
          { id: 6, status: 'ordered' },
        ],
      });
      const flags = tableLines(content).slice(2).map((line) => line.split('|')[1]!.trim());
      expect(flags).toEqual(['⚠ warning', '✖ error', '✖ error', '✖ error', '⚠ warning', '']);
      expect(content).toContain('5 of 6 items flagged: 3 with errors, 2 with warnings.');
    });

    it('shows at most maxRows rows and says how many there were', () => {
      const rows = Array.from({ length: 30 }, (_, index) => ({ index }));
      const content = buildReport({ rows }, { format: 'markdown', maxRows: 10 }).content;
      expect(tableLines(content)).toHaveLength(12);
      expect(content).toContain('Showing the first 10 of 30 rows.');
    });

    it('reports on what nova run --json printed: the output, with the run and its status', () => {
      const content = markdown({ runId: 'run_1', status: 'succeeded', output: { rows: [{ a: 1 }] }, error: null, warnings: [], usage: {} });
      expect(content).toContain('- **Run:** run_1');
      expect(content).toContain('## rows');
      expect(content).not.toContain('usage');
      const failed = markdown({ runId: 'run_2', status: 'failed', output: null, error: { code: 'input_invalid', message: 'File /x does not exist' }, warnings: [], usage: {} });
      expect(failed).toContain('> **✖ error:** The run failed: input_invalid: File /x does not exist');
      expect(failed).not.toContain('## Value');
    });
  });

  describe('HTML', () => {
    it('is one self-contained page: inline CSS, no script, nothing loaded from elsewhere', () => {
      const content = html({ rows: [{ site: 'https://example.com/logo.png', name: 'x' }] });
      expect(content.startsWith('<!DOCTYPE html>')).toBe(true);
      expect(content).toContain('<style>');
      expect(content).toContain("default-src 'none'");
      expect(content).not.toMatch(/<script|<link|<img|<iframe|@import|url\(|\bsrc=|\bhref=/i);
      expect(content).toContain('<td>https://example.com/logo.png</td>');
    });

    it('escapes every text from the data, including the title', () => {
      const content = html({ rows: [{ name: '<script>alert("x")</script>', "key<'>": 'a & b' }] }, '<img src=x onerror=alert(1)>');
      expect(content).not.toContain('<script>');
      expect(content).not.toContain('<img');
      expect(content).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
      expect(content).toContain('<th>key&lt;&#39;&gt;</th>');
      expect(content).toContain('a &amp; b');
      expect(content).toContain('<title>&lt;img src=x onerror=alert(1)&gt;</title>');
    });

    it('highlights flagged rows and right-aligns numbers', () => {
      const content = html({ rows: [{ amount: 12, valid: false }, { amount: 7, valid: true }] });
      expect(content).toContain('<tr class="flag-error" title="valid is false"><td><span class="badge error">error</span></td><td class="num">12</td>');
      expect(content).toContain('<tr><td></td><td class="num">7</td>');
    });
  });

  it('compacts values at most three levels deep and cuts long ones', () => {
    expect(compactValue({ a: 1, b: [1, 2], c: { d: { e: { f: 1 } } } })).toBe('{a: 1, b: [1, 2], c: {d: {e: {1 field}}}}');
    expect(compactValue(Array.from({ length: 12 }, (_, index) => index))).toBe('[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, … +2 more]');
    expect(compactValue('x'.repeat(400))).toHaveLength(300);
    expect(compactValue({ text: 'a, b', empty: '' })).toBe('{text: "a, b", empty: ""}');
  });
});
