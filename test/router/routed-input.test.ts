import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inputForRoutedRequest } from '../../src/router/routed-input.ts';
import { openNova, type Nova } from '../../src/app/nova.ts';
import { temporaryDirectory } from '../support/temporary-directory.ts';

describe('the input of a routed request', () => {
  let nova: Nova;
  const directory = temporaryDirectory();
  const csv = join(directory.path, 'sales.csv');
  const log = join(directory.path, 'app.log');

  beforeAll(async () => {
    writeFileSync(csv, 'region,amount\nnorth,10\n');
    writeFileSync(log, '2026-01-01T00:00:00Z ERROR boom\n');
    nova = await openNova({ env: { NOVA_HOME: join(directory.path, 'home') } });
  });
  afterAll(async () => {
    await nova.close();
    directory.remove();
  });

  it('gives an agent that reads files the file the request names, shaped to its schema', () => {
    // csv-analyst declares `request`: it reads its group-by and measures from the words.
    expect(inputForRoutedRequest(nova.agents.get('csv-analyst'), `summarise the columns of ${csv}`)).toEqual({ file: csv, request: `summarise the columns of ${csv}` });
    expect(inputForRoutedRequest(nova.agents.get('data-validator'), `check ${csv} against the order schema`)).toEqual({ file: csv, request: `check ${csv} against the order schema` });
    expect(inputForRoutedRequest(nova.agents.get('language-detector'), `which language is ${csv} in`)).toEqual({ file: csv });
    // log-triage takes a file or a text, not both: the request's words are not log lines.
    expect(inputForRoutedRequest(nova.agents.get('log-triage'), `triage errors in "${log}".`)).toEqual({ file: log });
    expect(inputForRoutedRequest(nova.agents.get('translator'), `translate ${csv} to German`)).toEqual({ text: `translate ${csv} to German` });
    expect(inputForRoutedRequest(nova.agents.get('log-triage'), 'group these lines:\nERROR a\nERROR b')).toEqual({ text: 'group these lines:\nERROR a\nERROR b' });
  });

  it('refuses a request about a file that does not exist, instead of reading the request as the content', () => {
    const missing = join(directory.path, 'nightly.log');
    expect(() => inputForRoutedRequest(nova.agents.get('log-triage'), `what are the top failures in ${missing}`)).toThrow(
      expect.objectContaining({ code: 'input_invalid', message: expect.stringContaining(`"${missing}", but there is no such file`) }),
    );
  });
});
