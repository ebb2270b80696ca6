import { describe, expect, it } from 'vitest';
import { NovaError } from '../../src/core/errors.ts';
import { findLevel, parseLevels, soundsLikeFailure } from '../../src/domains/logs/log-level.ts';
import { findTimestamp, parseSince } from '../../src/domains/logs/log-timestamp.ts';
import { maskVariables } from '../../src/domains/logs/variable-masking.ts';

const now = Date.UTC(2024, 4, 3, 12, 0, 0);

describe('maskVariables', () => {
  it.each([
    ['Connection to 10.0.0.12:5432 refused after 3 retries (250ms)', 'Connection to <IP> refused after <NUM> retries (<NUM>ms)'],
    ['User "alice" not found in /var/lib/app/users.db', 'User "<STR>" not found in <PATH>'],
    ["can't open file 'report.pdf' for bob@example.com", "can't open file '<STR>' for <EMAIL>"],
    ['request 3f2b9c1e-8a7d-4c3b-9f00-1234567890ab: GET https://api.example.com/v1/orders?id=7 returned 503', 'request <UUID>: GET <URL> returned <NUM>'],
    ['crashed at 0x7ffe1234, object deadbeef12 at 12:00:01.123 on 2024-05-01', 'crashed at <HEX>, object <HEX> at <TIME> on <TIME>'],
    ['peer fe80::1ff:fe23:4567:890a and 2001:db8::8a2e:370:7334 at version 1.2.3', 'peer <IP> and <IP> at version <NUM>'],
    ['wrote C:\\Users\\ada\\file.txt and ./relative/dir/file.txt', 'wrote <PATH> and <PATH>'],
    ['retry id=42 for user42 in pool-3', 'retry id=<NUM> for user42 in pool-<NUM>'],
    ['at 2024-05-01T10:00:00.123Z took 1.5s', 'at <TIME> took <NUM>s'],
  ])('%s', (line, expected) => {
    expect(maskVariables(line)).toBe(expected);
  });
});

describe('findTimestamp', () => {
  it('reads ISO-8601 with an offset as that instant, and without one as local time', () => {
    expect(findTimestamp('2024-05-01T10:00:05.250Z INFO up', now)).toEqual({ start: 0, end: 24, time: Date.UTC(2024, 4, 1, 10, 0, 5, 250) });
    expect(findTimestamp('[2024-05-01 12:00:00 +02:00] x', now)?.time).toBe(Date.UTC(2024, 4, 1, 10, 0, 0));
    expect(findTimestamp('2024-05-01 10:00:05,001 ERROR x', now)?.time).toBe(new Date(2024, 4, 1, 10, 0, 5, 1).getTime());
    expect(findTimestamp('{"time":"2024/05/01 10:00:00","msg":"x"}', now)?.time).toBe(new Date(2024, 4, 1, 10, 0, 0).getTime());
  });

  it('gives syslog lines the year of now, or the year before for a date in the future', () => {
    expect(findTimestamp('May  1 00:00:01 web1 sshd[124]: Failed', now)?.time).toBe(new Date(2024, 4, 1, 0, 0, 1).getTime());
    expect(findTimestamp('Dec 31 23:59:59 web1 cron: x', now)?.time).toBe(new Date(2023, 11, 31, 23, 59, 59).getTime());
    expect(findTimestamp('<34>Oct 11 22:14:15 host su: x', now)?.time).toBe(new Date(2023, 9, 11, 22, 14, 15).getTime());
  });

  it('reads the common log format of access logs', () => {
    const line = '10.0.0.1 - - [01/May/2024:10:06:00 -0700] "GET / HTTP/1.1" 200 12';
    expect(findTimestamp(line, now)).toEqual({ start: 13, end: 41, time: Date.UTC(2024, 4, 1, 17, 6, 0) });
  });

  it('ignores lines without one, and impossible dates', () => {
    expect(findTimestamp('    at com.example.Foo(Foo.java:1)', now)).toBeNull();
    expect(findTimestamp('2024-02-30 10:00:00 nope', now)).toBeNull();
  });
});

describe('parseSince', () => {
  it('reads dates, date-times and durations before now', () => {
    expect(parseSince('2024-05-01T08:00:00Z', now)).toBe(Date.UTC(2024, 4, 1, 8));
    expect(parseSince('2024-05-01', now)).toBe(new Date(2024, 4, 1).getTime());
    expect(parseSince('2h', now)).toBe(now - 2 * 3_600_000);
    expect(parseSince('30m', now)).toBe(now - 30 * 60_000);
    expect(parseSince('7d', now)).toBe(now - 7 * 86_400_000);
    expect(parseSince('3 days ago', now)).toBe(now - 3 * 86_400_000);
  });

  it('refuses anything else with examples', () => {
    const error = (() => {
      try {
        parseSince('yesterday', now);
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(NovaError);
    expect((error as NovaError).message).toBe('since must be an ISO-8601 date or date-time, or a duration; got "yesterday"');
    expect((error as NovaError).hint).toMatch(/"2h"/);
  });
});

describe('findLevel', () => {
  it.each([
    ['2024-05-01 10:00:00,123 ERROR [main] c.e.App - boom', 'ERROR'],
    ['2024-05-01 10:00:00 WARNING worker.tasks: retry', 'WARN'],
    ['ERROR:root:something broke', 'ERROR'],
    ['time=2024-05-01T10:00:00Z level=error msg="db down"', 'ERROR'],
    ['{"level":"warn","msg":"slow"}', 'WARN'],
    ['[Wed May 01 10:00:00 2024] [core:crit] [pid 12] AH00052: child pid exit signal', 'FATAL'],
    ['2024/05/01 10:00:00 [error] 123#0: *1 connect() failed', 'ERROR'],
    ['E0501 10:00:00.123456 1 server.go:42] failed', 'ERROR'],
    ['10.0.0.1 - - [01/May/2024:10:06:00 +0000] "GET / HTTP/1.1" 502 12', 'ERROR'],
    ['10.0.0.1 - - [01/May/2024:10:06:00 +0000] "GET /x HTTP/1.1" 404 0', 'WARN'],
    ['2024-05-01 SEVERE: Servlet failed', 'ERROR'],
    ['2024-05-01 CRITICAL disk full', 'FATAL'],
  ])('%s', (line, level) => {
    expect(findLevel(line)?.level).toBe(level);
  });

  it('does not take an ordinary word for a level', () => {
    expect(findLevel('Processed 3 errors-free batches in worker-error-queue')).toBeNull();
    expect(findLevel('user info updated')).toBeNull();
  });

  it('reads unlevelled failures from their words', () => {
    expect(soundsLikeFailure('Connection refused by upstream')).toBe(true);
    expect(soundsLikeFailure('kernel: Out of memory: Killed process 4321')).toBe(true);
    expect(soundsLikeFailure('Accepted publickey for deploy')).toBe(false);
  });

  it('reads requested levels in any case, with synonyms and ALL, and refuses unknown ones', () => {
    expect([...parseLevels(['error', 'Warning', 'critical']).levels]).toEqual(['ERROR', 'WARN', 'FATAL']);
    expect(parseLevels(['ALL']).all).toBe(true);
    expect(() => parseLevels(['ERROR', 'LOUD'])).toThrow('Unknown log level "LOUD" in levels');
  });
});
