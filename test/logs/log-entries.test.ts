import { describe, expect, it } from 'vitest';
import { DrainMiner } from '../../src/domains/logs/drain-miner.ts';
import { EntryAssembler, exceptionsOf, type LogEntry } from '../../src/domains/logs/log-entries.ts';

function assemble(text: string): LogEntry[] {
  const entries: LogEntry[] = [];
  const assembler = new EntryAssembler((entry) => entries.push(entry), { now: Date.UTC(2024, 4, 3) });
  text.split('\n').forEach((line, index) => assembler.push(line, index + 1));
  assembler.end();
  return entries;
}

describe('EntryAssembler', () => {
  it('keeps a Java stack trace with causes and "... more" under its head line', () => {
    const entries = assemble(
      [
        '2024-05-01 10:00:05 ERROR [exec-1] c.e.OrderService - Failed to load order 1234',
        'java.lang.IllegalStateException: Order 1234 not found',
        '\tat com.example.OrderService.load(OrderService.java:42)',
        'Caused by: java.sql.SQLTimeoutException: timeout',
        '\tat org.postgresql.Driver.query(Driver.java:100)',
        '\t... 12 more',
        '2024-05-01 10:00:06 INFO [main] c.e.App - next',
      ].join('\n'),
    );
    expect(entries.map((entry) => [entry.line, entry.trace.length])).toEqual([
      [1, 5],
      [7, 0],
    ]);
    expect(exceptionsOf(entries[0]!)).toEqual({ exception: 'java.lang.IllegalStateException', rootCause: 'java.sql.SQLTimeoutException' });
  });

  it('keeps a chained Python traceback, blank lines and all, and names the last exception', () => {
    const entries = assemble(
      [
        '2024-05-02 08:00:01 ERROR worker.tasks: job 17 failed',
        'Traceback (most recent call last):',
        '  File "/app/tasks.py", line 88, in run',
        '    result = handler(payload)',
        'ValueError: invalid literal',
        '',
        'During handling of the above exception, another exception occurred:',
        '',
        'Traceback (most recent call last):',
        '  File "/app/tasks.py", line 91, in run',
        'worker.errors.JobFailed: 17',
        '2024-05-02 08:05:00 INFO worker.tasks: done',
      ].join('\n'),
    );
    expect(entries).toHaveLength(2);
    expect(entries[0]!.trace).toHaveLength(8);
    expect(exceptionsOf(entries[0]!)).toEqual({ exception: 'worker.errors.JobFailed', rootCause: 'ValueError' });
  });

  it('keeps Node frames under an exception line that has no timestamp', () => {
    const entries = assemble(["TypeError: Cannot read properties of undefined (reading 'id')", '    at handler (/srv/app/index.js:10:5)', '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)'].join('\n'));
    expect(entries).toHaveLength(1);
    expect(entries[0]!.trace).toHaveLength(2);
    expect(exceptionsOf(entries[0]!).exception).toBe('TypeError');
  });

  it('starts a new entry for an indented line with its own timestamp, and for an exception line after a traced entry', () => {
    const entries = assemble(
      [
        '2024-05-01 10:00:00 ERROR first',
        '  wrapped continuation of the first message',
        '  2024-05-01 10:00:01 INFO indented but dated',
        'Error: ENOENT: no such file',
        '    at open (node:fs:1)',
        'TypeError: second uncaught error',
        '    at run (app.js:2)',
      ].join('\n'),
    );
    expect(entries.map((entry) => [entry.line, entry.trace.length])).toEqual([
      [1, 1],
      [3, 0],
      [4, 1],
      [6, 1],
    ]);
  });

  it('keeps at most maxTraceLines continuation lines and counts the rest', () => {
    const entries: LogEntry[] = [];
    const assembler = new EntryAssembler((entry) => entries.push(entry), { now: 0, maxTraceLines: 3 });
    assembler.push('2024-05-01 10:00:00 ERROR deep recursion', 1);
    for (let line = 2; line <= 11; line += 1) assembler.push(`\tat com.example.Recursion.call(Recursion.java:${line})`, line);
    assembler.end();
    expect(entries[0]).toMatchObject({ droppedTraceLines: 7 });
    expect(entries[0]!.trace).toHaveLength(3);
  });
});

describe('DrainMiner', () => {
  const tokens = (text: string) => text.split(' ');

  it('merges messages that differ in a few positions into one template with <*>', () => {
    const miner = new DrainMiner<{ count: number }>();
    for (const message of ['Failed password for root from <IP>', 'Failed password for admin from <IP>', 'Failed password for bob from <IP>']) {
      miner.add('', tokens(message), () => ({ count: 0 }))!.data.count += 1;
    }
    expect(miner.clusters().map((cluster) => [cluster.template.join(' '), cluster.data.count])).toEqual([['Failed password for <*> from <IP>', 3]]);
  });

  it('keeps messages apart by length, group, first tokens and similarity', () => {
    const miner = new DrainMiner<string>();
    const add = (group: string, message: string) => miner.add(group, tokens(message), () => message)!;
    for (const message of ['Connection to <IP> refused', 'Connection to <IP> reset by peer', 'Disk usage at <NUM>% on <PATH>', 'Connection from <IP> accepted']) add('', message);
    expect(miner.clusterCount).toBe(4);
    expect(add('', 'Connection to <IP> refused').data).toBe('Connection to <IP> refused');
    expect(miner.clusterCount).toBe(4);
    add('WARN', 'Connection to <IP> refused');
    expect(miner.clusterCount).toBe(5);
  });

  it('makes no cluster when the caller refuses one', () => {
    const miner = new DrainMiner<number>();
    expect(miner.add('', ['anything'], () => null)).toBeNull();
    expect(miner.clusterCount).toBe(0);
  });

  it('routes tokens with digits down the wildcard branch, so varying ids in first place still merge', () => {
    const miner = new DrainMiner<number>();
    for (const id of ['user17', 'user23', 'user42']) miner.add('', [id, 'logged', 'in', 'from', '<IP>'], () => 0);
    expect(miner.clusters().map((cluster) => cluster.template.join(' '))).toEqual(['<*> logged in from <IP>']);
  });

  it('stays below the threshold for messages with little in common', () => {
    const miner = new DrainMiner<number>({ similarity: 0.5 });
    miner.add('', tokens('Cache miss ratio <NUM> above <NUM>'), () => 0);
    miner.add('', tokens('Cache flush took <NUM>ms for region'), () => 0);
    expect(miner.clusterCount).toBe(2);
  });
});
