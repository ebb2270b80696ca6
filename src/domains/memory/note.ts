import { NovaError } from '../../core/errors.ts';

/** A note as the memory agent shows it. Times are ISO-8601 UTC strings. */
export interface Note {
  /** `n` and a number that is never reused (`n12`), short enough to type. */
  id: string;
  text: string;
  /** Lower-case, in the order they were first given. */
  tags: string[];
  createdAt: string;
  /** Set when the note changed after it was made (a repeated `remember` that added tags). */
  updatedAt?: string;
  /** Relevance of a full-text match, higher is better; only comparable within one answer. */
  score?: number;
}

/** Longest note text accepted, in characters: notes are facts to recall, not documents. */
export const maxNoteLength = 10_000;
export const maxTagsPerNote = 20;
export const maxTagLength = 64;

const noteIdPattern = /^#?n?0*(\d{1,15})$/i;

/** The id of the note with this number: `n12`. */
export function noteIdFromNumber(number: number): string {
  return `n${number}`;
}

/** The number of a note id as users type it (`n12`, `N12`, `#12`, `12`), or undefined if it is not one. */
export function noteNumberFromId(id: string): number | undefined {
  const match = noteIdPattern.exec(id.trim());
  if (match === null) return undefined;
  const number = Number(match[1]);
  return Number.isSafeInteger(number) && number > 0 ? number : undefined;
}

/** Like noteNumberFromId, but a malformed id is an `input_invalid` error naming the field. */
export function requireNoteNumber(id: string, field: string): number {
  const number = noteNumberFromId(id);
  if (number === undefined) {
    throw new NovaError({
      code: 'input_invalid',
      fault: 'user',
      message: `${field}: "${id}" is not a note id`,
      hint: 'Note ids look like n12 (the number is enough too); `list my notes` shows them.',
      details: { field, value: id },
    });
  }
  return number;
}

// A tag is a word: letters, digits, `_` and `-`, starting with a letter or digit and holding at least one
// letter (so `#1` in "issue #1" is not a tag).
const tagPattern = /^[\p{L}\p{N}][\p{L}\p{N}\p{M}_-]*$/u;
const hasLetter = /\p{L}/u;

/** The tag as stored (lower-case, NFC, without a leading `#`), or undefined when it is not a valid tag. */
export function normalizeTag(raw: string): string | undefined {
  const tag = raw.trim().replace(/^#/, '').replace(/[-_]+$/, '').normalize('NFC').toLowerCase();
  if (tag.length === 0 || tag.length > maxTagLength || !tagPattern.test(tag) || !hasLetter.test(tag)) return undefined;
  return tag;
}

/**
 * The tags given for a note, normalised and without duplicates; a tag that is not a word is an
 * `input_invalid` error naming its position (`tags.2`).
 */
export function normalizeTags(raw: readonly string[], field = 'tags'): string[] {
  const tags: string[] = [];
  raw.forEach((value, index) => {
    const tag = normalizeTag(value);
    if (tag === undefined) {
      throw new NovaError({
        code: 'input_invalid',
        fault: 'user',
        message: `${field}.${index}: "${value}" is not a tag`,
        hint: `A tag is one word of letters, digits, "-" or "_" (at most ${maxTagLength} characters, at least one letter), e.g. travel or tax-2025.`,
        details: { field: `${field}.${index}`, value },
      });
    }
    if (!tags.includes(tag)) tags.push(tag);
  });
  return tags;
}

// `#word` not glued to a word or a path before it: `C#`, `page#section` and `&#39;` are not hashtags.
const hashtagPattern = /(?<![\p{L}\p{N}_&/#])#([\p{L}\p{N}][\p{L}\p{N}\p{M}_-]*)/gu;

/** The `#hashtags` of a text, normalised, in order of appearance, without duplicates. */
export function extractHashtags(text: string): string[] {
  const tags: string[] = [];
  for (const match of text.matchAll(hashtagPattern)) {
    const tag = normalizeTag(match[1]!);
    if (tag !== undefined && !tags.includes(tag)) tags.push(tag);
  }
  return tags;
}

/**
 * The text without the hashtags that extractHashtags takes as tags (`#12` and `C#` are not tags, and
 * stay), whitespace collapsed to single spaces.
 */
export function removeHashtags(text: string): string {
  return text
    .replace(hashtagPattern, (hashtag, word: string) => (normalizeTag(word) === undefined ? hashtag : ''))
    .replace(/\s+/g, ' ')
    .trim();
}

/** Merges tag lists keeping the first occurrence of each. */
export function mergeTags(...lists: readonly (readonly string[])[]): string[] {
  const merged: string[] = [];
  for (const list of lists) for (const tag of list) if (!merged.includes(tag)) merged.push(tag);
  return merged;
}
