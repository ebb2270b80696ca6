import { createHash } from 'node:crypto';
import { removeHashtags } from './note.ts';
import { foldText } from './search-text.ts';

/**
 * Bumped whenever noteTextKey changes; each note row records the version its `text_key` was made with,
 * so the rows of older versions are found, given the current key and merged with the notes they now
 * equal (see note-rekey.ts). Version 1 kept the hashtags in the key; version 2 leaves them out.
 */
export const textKeyVersion = 2;

/**
 * A note's identity for "remember the same thing twice": its text without the tags, so "x #a", "x #b"
 * and "x" are one note. Case and Latin accents do not count (folded as the search index folds them),
 * runs of whitespace count as one space, and trailing sentence punctuation is dropped ("Buy milk." and
 * "buy  MILK" are one note). Inside the text, punctuation and words other than tags count; a `#`
 * that is not a tag (`issue #12`, `C#`) is part of the text.
 */
export function noteTextKey(text: string): string {
  // A note that is nothing but tags ("#passport #visa") is its tags: it must not equal every other such note.
  return foldedKey(removeHashtags(text)) || foldedKey(text);
}

function foldedKey(text: string): string {
  return foldText(text).replace(/\s+/g, ' ').trim().replace(/[\s.!;,]+$/, '');
}

/** What the `text_key` column holds: the SHA-256 of noteTextKey, so the unique index stays small. */
export function noteTextDigest(text: string): string {
  return createHash('sha256').update(noteTextKey(text)).digest('hex');
}
