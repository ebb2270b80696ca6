import { describe, expect, it } from 'vitest';
import { isNovaError, type NovaError } from '../../src/core/errors.ts';
import { resolveMemoryRequest, type MemoryInput } from '../../src/domains/memory/memory-input.ts';
import { extractHashtags, normalizeTag } from '../../src/domains/memory/note.ts';

function failure(input: MemoryInput): NovaError {
  try {
    resolveMemoryRequest(input);
  } catch (error) {
    if (isNovaError(error)) return error;
    throw error;
  }
  throw new Error(`${JSON.stringify(input)} was accepted`);
}

describe('the memory agent input', () => {
  it('takes an action with its fields, adding the hashtags of a note to its tags', () => {
    expect(resolveMemoryRequest({ action: 'remember', text: 'Flight TP 1351 #Travel', tags: ['Lisbon', '#travel'] })).toEqual({
      action: 'remember',
      text: 'Flight TP 1351 #Travel',
      tags: ['lisbon', 'travel'],
    });
    expect(resolveMemoryRequest({ action: 'recall', query: 'passport', tags: ['travel'], limit: 3 })).toEqual({ action: 'recall', query: 'passport', tags: ['travel'], numbers: [], limit: 3 });
    expect(resolveMemoryRequest({ action: 'recall', text: 'passport' })).toMatchObject({ action: 'recall', query: 'passport' });
    expect(resolveMemoryRequest({ action: 'recall', id: 'N12' })).toEqual({ action: 'recall', tags: [], numbers: [12] });
    expect(resolveMemoryRequest({ action: 'list' })).toEqual({ action: 'list', tags: [] });
    expect(resolveMemoryRequest({ action: 'forget', ids: ['n3', '4', 'n3'] })).toEqual({ action: 'forget', numbers: [3, 4], tags: [], confirm: false });
    expect(resolveMemoryRequest({ action: 'forget', query: 'dentist', confirm: true })).toEqual({ action: 'forget', numbers: [], query: 'dentist', tags: [], confirm: true });
  });

  it('parses free text, refined by tags, confirm and limit', () => {
    expect(resolveMemoryRequest({ text: 'remember that the gate code is 4455', tags: ['home'] })).toEqual({ action: 'remember', text: 'the gate code is 4455', tags: ['home'] });
    expect(resolveMemoryRequest({ text: 'forget the note about the dentist', confirm: true })).toMatchObject({ action: 'forget', query: 'the dentist', confirm: true });
    expect(resolveMemoryRequest({ text: 'list my notes', limit: 5 })).toEqual({ action: 'list', tags: [], limit: 5 });
    expect(resolveMemoryRequest({ query: 'passport' })).toEqual({ action: 'recall', query: 'passport', tags: [], numbers: [] });
  });

  it('refuses free text it does not understand, with the accepted forms in the hint', () => {
    const error = failure({ text: 'book me a flight to Lisbon' });
    expect(error.code).toBe('input_invalid');
    expect(error.fault).toBe('user');
    expect(error.message).toContain('book me a flight to Lisbon');
    expect(error.hint).toContain('"remember that my passport expires in March"');
    expect(error.hint).toContain('"forget n12"');
    expect(error.details).toMatchObject({ field: 'text' });
  });

  it('says precisely what is missing or wrong in structured input', () => {
    expect(failure({ action: 'remember' }).message).toBe('remember needs the note in "text"');
    expect(failure({ action: 'recall' }).message).toContain('recall needs');
    expect(failure({ action: 'forget' }).message).toContain('forget needs');
    expect(failure({ action: 'forget', id: 'n1', query: 'dentist' }).message).toContain('not both');
    expect(failure({ text: 'forget n1', tags: ['health'] }).message).toContain('not both');
    expect(failure({ action: 'forget', id: 'dentist' }).message).toBe('id: "dentist" is not a note id');
    expect(failure({ action: 'recall', ids: ['n1', 'x'] }).message).toBe('ids.1: "x" is not a note id');
    expect(failure({ action: 'remember', text: 'x', tags: ['ok', 'two words'] }).message).toBe('tags.1: "two words" is not a tag');
    expect(failure({ action: 'list', limit: 0 }).message).toContain('limit');
    expect(failure({ action: 'remember', text: 'x'.repeat(10_001) }).message).toContain('at most 10000');
    expect(failure({}).message).toContain('needs a request');
    expect(failure({ text: 'list my notes', query: 'x' }).message).toContain('go with an "action"');
  });
});

describe('tags', () => {
  it('are single words, lower-cased, without the #', () => {
    expect(normalizeTag('#Travel')).toBe('travel');
    expect(normalizeTag('tax-2025')).toBe('tax-2025');
    expect(normalizeTag('Zürich')).toBe('zürich');
    expect(normalizeTag('2025')).toBeUndefined();
    expect(normalizeTag('two words')).toBeUndefined();
    expect(normalizeTag('')).toBeUndefined();
  });

  it('come from hashtags, but not from C#, URLs or issue numbers', () => {
    expect(extractHashtags('Flight #travel #Lisbon, see #travel again')).toEqual(['travel', 'lisbon']);
    expect(extractHashtags('I code in C# and read https://example.com/page#section about issue #12')).toEqual([]);
  });
});
