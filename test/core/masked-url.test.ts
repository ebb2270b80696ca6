import { describe, expect, it } from 'vitest';
import { maskedUrl } from '../../src/core/masked-url.ts';

describe('maskedUrl', () => {
  it('masks a password and keeps the database user; masks a user name standing alone (a token)', () => {
    expect(maskedUrl('postgres://nova:s3cret@127.0.0.1:5432/test')).toBe('postgres://nova:***@127.0.0.1:5432/test');
    expect(maskedUrl('https://sk-abc123@proxy.example')).toBe('https://***@proxy.example');
    expect(maskedUrl('https://proxy.example/v1/')).toBe('https://proxy.example/v1/');
    expect(maskedUrl('http://127.0.0.1:11434')).toBe('http://127.0.0.1:11434');
  });

  it('masks credentials in text that is not a parseable URL too', () => {
    expect(maskedUrl('postgres://nova:s3cret@ bad host')).toBe('postgres://nova:***@ bad host');
    expect(maskedUrl('not a url')).toBe('not a url');
  });
});
