import { describe, expect, it } from 'vitest';
import { configuredSecrets, configuredSecretValues, isSecretName } from '../../src/config/configured-secrets.ts';
import { NovaError } from '../../src/core/errors.ts';
import { urlSecrets } from '../../src/core/masked-url.ts';
import { maskKeyShapes, SecretRedactor } from '../../src/core/secret-redactor.ts';

describe('SecretRedactor', () => {
  const secret = 'pa"ss/wörd-123';
  const redactor = new SecretRedactor([secret, 'tok-abcdef']);

  it('masks a secret as written, JSON-escaped and URL-encoded', () => {
    expect(redactor.text(`key ${secret} here`)).toBe('key *** here');
    expect(redactor.text(JSON.stringify({ said: `bad ${secret}` }))).toBe('{"said":"bad ***"}');
    expect(redactor.text(`https://x.example/?k=${encodeURIComponent(secret)}`)).toBe('https://x.example/?k=***');
    expect(redactor.text('nothing secret')).toBe('nothing secret');
  });

  it('masks the longer of two overlapping secrets whole', () => {
    expect(new SecretRedactor(['abcdef', 'abcdefghij']).text('x abcdefghij y')).toBe('x *** y');
  });

  it('ignores values too short to mask safely', () => {
    const short = new SecretRedactor(['abc', '   ']);
    expect(short.size).toBe(0);
    expect(short.text('abc abc')).toBe('abc abc');
  });

  it('masks every string and key of a value, and returns the value itself when nothing is secret', () => {
    const clean = { list: ['a', { b: 1 }], text: 'fine' };
    expect(redactor.value(clean)).toBe(clean);
    const dirty = { list: ['a', { said: 'tok-abcdef!' }], ['tok-abcdef']: true, count: 3, none: null };
    expect(redactor.value(dirty)).toEqual({ list: ['a', { said: '***!' }], '***': true, count: 3, none: null });
    expect(dirty.list[1]).toEqual({ said: 'tok-abcdef!' });
  });

  it('masks a secret split across streamed pieces, holding back only what may start one', () => {
    const written: string[] = [];
    const stream = redactor.deltas((text) => written.push(text));
    for (const piece of ['the key is to', 'k-ab', 'cdef, and to', 'k is not', ' one; t']) stream.write(piece);
    expect(written.join('')).toBe('the key is ***, and tok is not one; ');
    stream.end();
    expect(written.join('')).toBe('the key is ***, and tok is not one; t');
    expect(written.some((piece) => piece.includes('tok-'))).toBe(false);
  });

  it('masks key shapes only in error text', () => {
    expect(maskKeyShapes('key sk-ant-api03-abcdefgh and Bearer abcdef123456')).toBe('key sk-*** and Bearer ***');
    expect(redactor.text('sku pk-100200')).toBe('sku pk-100200');
    expect(redactor.errorText('got tok-abcdef and sk-proj-123456789')).toBe('got *** and sk-***');
  });
});

describe('NovaError serialisation', () => {
  it('describes the whole cause chain, with key shapes masked', () => {
    const root = new Error('bad key sk-proj-0123456789 rejected');
    const error = new NovaError({ code: 'model_error', fault: 'provider', message: 'rejected', cause: new TypeError('fetch failed', { cause: root }) });
    expect(error.toJSON().cause).toBe('TypeError: fetch failed; caused by Error: bad key sk-*** rejected');
  });
});

describe('configured secrets', () => {
  it('takes variables named like keys, tokens and passwords, and the passwords of URLs', () => {
    const values = configuredSecretValues({
      env: {
        OPENAI_API_KEY: 'sk-openai-123456',
        NOVA_TOKEN: 'server-token-123',
        SMTP_PASSWORD: 'mail-password',
        GOOGLE_KEY_FILE: '/home/me/key.json',
        NOVA_DATABASE_URL: 'postgres://nova:p%40ss-word@db:5432/nova',
        NOVA_OPENAI_COMPATIBLE_BASE_URL: 'https://proxy-token-9@proxy.example/v1',
        NOVA_TEST_DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
        NOVA_HOME: '/home/me/.nova',
        EMPTY_TOKEN: ' ',
      },
    });
    expect(values).toEqual(expect.arrayContaining(['sk-openai-123456', 'server-token-123', 'mail-password', 'p%40ss-word', 'p@ss-word', 'proxy-token-9']));
    expect(values).not.toContain('/home/me/key.json');
    expect(values).not.toContain('postgres');
    expect(values).not.toContain('/home/me/.nova');
  });

  it('takes secret-named values of the config file and the passwords of its URLs', () => {
    const redactor = configuredSecrets({ env: {}, config: { notify: { webhook: { url: 'https://user:hook-secret@hooks.example/x', token: 'config-token-1' }, email: [{ smtpPassword: 'smtp-secret' }] }, models: { default: 'openai:gpt-4o' } } });
    expect(redactor.text('hook-secret config-token-1 smtp-secret openai:gpt-4o')).toBe('*** *** *** openai:gpt-4o');
  });

  it('names secrets by their words, in snake or camel case', () => {
    for (const name of ['OPENAI_API_KEY', 'NOVA_TOKEN', 'apiKey', 'smtpPassword', 'AWS_SECRET_ACCESS_KEY']) expect(isSecretName(name), name).toBe(true);
    for (const name of ['NOVA_HOME', 'monkey', 'GOOGLE_KEY_FILE', 'NOVA_MODEL', 'KEYBOARD']) expect(isSecretName(name), name).toBe(false);
  });

  it('finds the secret parts of URLs', () => {
    expect(urlSecrets('postgres://nova:s3cret@127.0.0.1/test')).toEqual(['s3cret']);
    expect(urlSecrets('https://tok%2Fen@proxy.example')).toEqual(['tok%2Fen', 'tok/en']);
    expect(urlSecrets('postgres://postgres@127.0.0.1/test')).toEqual([]);
    expect(urlSecrets('not a url')).toEqual([]);
  });
});
