import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { temporaryDirectory } from '../support/temporary-directory.ts';

describe('usage errors with --json', () => {
  let home: { path: string; remove: () => void };
  beforeEach(() => {
    home = temporaryDirectory();
  });
  afterEach(() => home.remove());

  const cases: Array<{ argv: string[]; message: string; hint: string }> = [
    { argv: ['runs', 'show', '--json'], message: "missing required argument 'id'", hint: 'Run `nova runs show --help` for usage.' },
    { argv: ['frobnicate', '--json'], message: "unknown command 'frobnicate'", hint: 'Run `nova --help` for usage.' },
    { argv: ['runs', 'list', '--bogus', '--json'], message: "unknown option '--bogus'", hint: 'Run `nova runs list --help` for usage.' },
    { argv: ['run', '--json'], message: "missing required argument 'agent'", hint: 'Run `nova run --help` for usage.' },
    { argv: ['agents', 'list', '--json', '--category'], message: "option '--category <category>' argument missing", hint: 'Run `nova agents list --help` for usage.' },
  ];

  for (const { argv, message, hint } of cases) {
    it(`nova ${argv.join(' ')}: the error as JSON on stdout, exit 2, nothing on stderr`, async () => {
      const result = await runCli(argv, { NOVA_HOME: home.path });
      expect(result.exitCode).toBe(2);
      // Exactly the one shape of every --json error: {"error": {code, message, hint, fault}}.
      expect(JSON.parse(result.stdout)).toEqual({ error: { code: 'input_invalid', message, hint, fault: 'user' } });
      expect(result.stdout.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toBe('');
    });
  }

  it('a bad option value that Nova checks is the same shape', async () => {
    const result = await runCli(['runs', 'list', '--limit', 'many', '--json'], { NOVA_HOME: home.path });
    expect(result.exitCode).toBe(2);
    expect(JSON.parse(result.stdout)).toEqual({ error: { code: 'input_invalid', message: '--limit must be a whole number from 1 to 10000, got "many"', hint: 'For example --limit 20.', fault: 'user' } });
  });

  it('without --json the usage error stays text on stderr, and stdout stays empty', async () => {
    const result = await runCli(['runs', 'show'], { NOVA_HOME: home.path });
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain("error: missing required argument 'id'");
  });

  it('help with --json is still help, exit 0', async () => {
    const result = await runCli(['runs', 'list', '--help', '--json'], { NOVA_HOME: home.path });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('Usage: nova runs list');
  });
});
