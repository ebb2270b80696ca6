import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { NovaError } from '../../src/core/errors.ts';
import { triageLogs, type TriageOptions } from '../../src/domains/logs/triage-logs.ts';
import { temporaryDirectory } from '../support/temporary-directory.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/logs/${name}`, import.meta.url));
const now = Date.UTC(2024, 4, 3, 12, 0, 0);
const triage = (options: TriageOptions) => triageLogs({ now, ...options });
/** The fixtures' timestamps have no offset: they are local time. */
const local = (month: number, day: number, hour: number, minute: number, second = 0, millisecond = 0) => new Date(2024, month - 1, day, hour, minute, second, millisecond).toISOString();

describe('triageLogs', () => {
  it('groups the errors of a Java service into signatures, with stack traces and exceptions', async () => {
    const report = await triage({ file: fixture('app.log') });
    expect(report.signatures).toEqual([
      {
        signature: 'c.e.Payments - Connection to <*> refused',
        count: 3,
        level: 'ERROR',
        firstSeen: local(5, 1, 10, 2),
        lastSeen: local(5, 1, 10, 4),
        firstLine: 13,
        lastLine: 16,
        sample: '2024-05-01 10:02:00,000 ERROR [worker-7] c.e.Payments - Connection to 10.0.0.12:5432 refused',
      },
      {
        signature: 'c.e.OrderService - Failed to load order <NUM> for user <EMAIL>',
        count: 2,
        level: 'ERROR',
        exception: 'java.lang.IllegalStateException',
        rootCause: 'java.sql.SQLTimeoutException',
        firstSeen: local(5, 1, 10, 0, 5, 1),
        lastSeen: local(5, 1, 10, 0, 6, 2),
        firstLine: 2,
        lastLine: 9,
        sample: '2024-05-01 10:00:05,001 ERROR [http-nio-8080-exec-1] c.e.OrderService - Failed to load order 1234 for user alice@example.com',
        stackTrace: [
          'java.lang.IllegalStateException: Order 1234 not found',
          '\tat com.example.OrderService.load(OrderService.java:42)',
          '\tat com.example.OrderController.get(OrderController.java:17)',
          'Caused by: java.sql.SQLTimeoutException: timeout after 30000ms',
          '\tat org.postgresql.Driver.query(Driver.java:100)',
          '\t... 12 more',
        ].join('\n'),
      },
      expect.objectContaining({ signature: 'c.e.App - Out of memory: Java heap space', count: 1, level: 'FATAL', firstLine: 17 }),
      // The same message with another exception is another failure.
      expect.objectContaining({ signature: 'c.e.OrderService - Failed to load order <NUM> for user <EMAIL>', count: 1, exception: 'java.lang.IllegalArgumentException', firstLine: 19 }),
    ]);
    expect(report.summary).toEqual({
      lines: 22,
      entries: 11,
      matched: 7,
      signatures: 4,
      shown: 4,
      byLevel: { FATAL: 1, ERROR: 6, WARN: 2, INFO: 2, DEBUG: 0, TRACE: 0, none: 0 },
      beforeSince: 0,
      undated: 0,
      unclustered: 0,
      levels: ['FATAL', 'ERROR'],
      since: null,
    });
  });

  it('keeps chained Python tracebacks and an undated Node error, which takes the time above it', async () => {
    const report = await triage({ file: fixture('worker.log'), levels: ['error', 'warning'] });
    expect(report.signatures.map((signature) => [signature.signature, signature.count, signature.level, signature.exception ?? null, signature.rootCause ?? null, signature.firstSeen])).toEqual([
      ['worker.tasks: job <NUM> failed', 1, 'ERROR', 'worker.errors.JobFailed', 'ValueError', local(5, 2, 8, 0, 1, 500)],
      ['worker.tasks: job <NUM> failed', 1, 'ERROR', 'ValueError', null, local(5, 2, 8, 5)],
      ['worker.tasks: retrying job <NUM> in <NUM>s', 1, 'WARN', null, null, local(5, 2, 8, 6)],
      ["Uncaught TypeError: Cannot read properties of undefined (reading '<STR>')", 1, 'ERROR', 'TypeError', null, local(5, 2, 8, 6)],
    ]);
    expect(report.signatures[0]!.stackTrace?.split('\n')).toHaveLength(11);
    expect(report.summary).toMatchObject({ lines: 23, entries: 5, matched: 4, undated: 0 });
  });

  it('gives access-log requests one signature per endpoint and status', async () => {
    const report = await triage({ file: fixture('access.log'), levels: ['ERROR', 'WARN'] });
    expect(report.signatures.map((signature) => [signature.signature, signature.count, signature.level])).toEqual([
      ['GET /api/orders/<NUM> 503', 2, 'ERROR'],
      ['POST /api/payments 500', 1, 'ERROR'],
      ['GET /favicon.ico 404', 1, 'WARN'],
    ]);
    expect(report.signatures[0]).toMatchObject({ firstSeen: '2024-05-01T10:06:00.000Z', lastSeen: '2024-05-01T10:06:01.000Z' });
  });

  it('reads syslog, taking failures from their words when no level is stated', async () => {
    const report = await triage({ file: fixture('syslog') });
    expect(report.signatures.map((signature) => [signature.signature, signature.count, signature.firstSeen])).toEqual([
      ['web1 sshd[<NUM>]: Failed password for <*> from <IP> port <NUM> ssh2', 2, local(5, 1, 0, 0, 1)],
      ['web1 kernel: [<NUM>] Out of memory: Killed process <NUM> (java)', 1, local(5, 1, 0, 0, 3)],
    ]);
    expect(report.summary.byLevel).toMatchObject({ ERROR: 3, none: 2 });
  });

  it('filters by since, counting what it left out', async () => {
    const report = await triage({ file: fixture('app.log'), since: new Date(2024, 4, 1, 10, 3).toISOString() });
    expect(report.signatures.map((signature) => [signature.signature, signature.count])).toEqual([
      ['c.e.Payments - Connection to <*> refused', 2],
      ['c.e.App - Out of memory: Java heap space', 1],
      ['c.e.OrderService - Failed to load order <NUM> for user <EMAIL>', 1],
    ]);
    expect(report.summary).toMatchObject({ matched: 4, beforeSince: 3, since: new Date(2024, 4, 1, 10, 3).toISOString() });
    expect((await triage({ file: fixture('app.log'), since: '1h' })).summary).toMatchObject({ matched: 0, beforeSince: 7 });
  });

  it('keeps lines without any timestamp whatever since says, and counts them', async () => {
    const report = await triage({ text: 'ERROR sync of shard alpha failed\nERROR sync of shard beta failed\n', since: '1h' });
    expect(report.summary).toMatchObject({ matched: 2, undated: 2, beforeSince: 0 });
    expect(report.signatures).toEqual([expect.objectContaining({ signature: 'sync of shard <*> failed', count: 2, firstSeen: null, lastSeen: null })]);
  });

  it('lists the top signatures only, and every level with ALL', async () => {
    const top = await triage({ file: fixture('app.log'), top: 1 });
    expect(top.signatures).toHaveLength(1);
    expect(top.summary).toMatchObject({ signatures: 4, shown: 1 });
    const all = await triage({ file: fixture('app.log'), levels: ['ALL'] });
    expect(all.summary).toMatchObject({ matched: 11, signatures: 7, levels: ['ALL'] });
  });

  it('reads gzip-compressed logs', async () => {
    const directory = temporaryDirectory();
    try {
      const path = join(directory.path, 'app.log.gz');
      writeFileSync(path, gzipSync('2024-05-01T10:00:00Z ERROR db down\n2024-05-01T10:01:00Z ERROR db down\n'));
      expect((await triage({ file: path })).signatures).toEqual([expect.objectContaining({ signature: 'db down', count: 2, lastSeen: '2024-05-01T10:01:00.000Z' })]);
    } finally {
      directory.remove();
    }
  });

  it('counts entries past the signature limit instead of growing without bound', async () => {
    const text = Array.from({ length: 20 }, (_, index) => `ERROR ${'abcdefghijklmnopqrst'[index]!.repeat(3)} broke`).join('\n');
    const report = await triage({ text, maxSignatures: 5 });
    expect(report.summary).toMatchObject({ matched: 20, signatures: 5, unclustered: 15 });
  });

  it('wants exactly one of file and text', async () => {
    await expect(triage({})).rejects.toThrow(NovaError);
    await expect(triage({ file: fixture('app.log'), text: 'x' })).rejects.toThrow('Give file or text, not both');
  });
});
