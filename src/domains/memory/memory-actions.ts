import { NovaError } from '../../core/errors.ts';
import type { MemoryRepository } from './memory-repository.ts';
import type { ForgetRequest, MemoryAction, MemoryRequest, RecallRequest } from './memory-request.ts';
import { noteIdFromNumber, noteNumberFromId, type Note } from './note.ts';
import { buildSearchQuery } from './search-query.ts';

/** The memory agent's output. */
export interface MemoryAnswer {
  action: MemoryAction;
  /** One line for people: what was done or found. */
  message: string;
  /** remember: the note stored (or the one that already held the text); recall and list: what was found. */
  notes: Note[];
  /** The search as understood, when there was one. */
  query?: string;
  /** The tag filter as understood, when there was one. */
  tags?: string[];
  /** remember: false when the text was already noted. */
  created?: boolean;
  /** list (and recall by tags only): how many notes there are in all, beyond the limit. */
  total?: number;
  /** forget: the notes deleted (empty when none). */
  removed?: Note[];
  /** forget by search: how many notes matched. */
  matched?: number;
  /** forget by search matching several notes without `confirm`: what would be removed; nothing was. */
  candidates?: Note[];
  /** True when nothing was removed because the search matched several notes and `confirm` was not given. */
  needsConfirmation?: boolean;
}

export const defaultRecallLimit = 10;
export const defaultListLimit = 20;
/** A forget by search that matches more notes than this is refused: narrow it or forget by id. */
export const maxForgetMatches = 500;
/** How many candidates a forget that needs confirmation shows. */
const maxCandidatesShown = 50;

/** Does what the request asks with the notes in the repository. */
export async function performMemoryRequest(repository: MemoryRepository, request: MemoryRequest): Promise<MemoryAnswer> {
  switch (request.action) {
    case 'remember': {
      const { note, created, addedTags } = await repository.remember(request);
      const message = created
        ? `Noted as ${note.id}${note.tags.length > 0 ? ` (tags: ${note.tags.join(', ')})` : ''}.`
        : `Already noted as ${note.id} on ${day(note.createdAt)}${addedTags.length > 0 ? `; added tags: ${addedTags.join(', ')}` : ''}.`;
      return { action: 'remember', message, notes: [note], created };
    }
    case 'recall':
      return recall(repository, request);
    case 'list': {
      const { notes, total } = await repository.list({ tags: request.tags, limit: request.limit ?? defaultListLimit });
      return { action: 'list', message: describeList(notes.length, total, request.tags), notes, total, ...tagsField(request.tags) };
    }
    case 'forget':
      return forget(repository, request);
  }
}

async function recall(repository: MemoryRepository, request: RecallRequest): Promise<MemoryAnswer> {
  const limit = request.limit ?? defaultRecallLimit;
  if (request.numbers.length > 0) {
    const notes = await repository.get(request.numbers);
    const missing = request.numbers.map(noteIdFromNumber).filter((id) => !notes.some((note) => note.id === id));
    const message = missing.length === 0 ? `${count(notes.length, 'note')}.` : `No note ${missing.join(', ')}${notes.length > 0 ? `; found ${notes.map((note) => note.id).join(', ')}` : ''}.`;
    return { action: 'recall', message, notes };
  }
  if (request.query === undefined) {
    const { notes, total } = await repository.list({ tags: request.tags, limit });
    return { action: 'recall', message: describeList(notes.length, total, request.tags), notes, total, ...tagsField(request.tags) };
  }
  const search = buildSearchQuery(request.query, 'any') ?? requireSearch(request.query);
  const notes = await repository.search(search, { tags: request.tags, limit });
  const tagged = request.tags.length > 0 ? ` tagged ${request.tags.join(' and ')}` : '';
  const message = notes.length === 0 ? `No note${tagged} matches "${request.query}".` : `${count(notes.length, 'note')}${tagged} ${notes.length === 1 ? 'matches' : 'match'} "${request.query}", best first.`;
  return { action: 'recall', message, notes, query: request.query, ...tagsField(request.tags) };
}

async function forget(repository: MemoryRepository, request: ForgetRequest): Promise<MemoryAnswer> {
  if (request.numbers.length > 0) {
    const removed = await repository.forget(request.numbers, { requireAll: true });
    return { action: 'forget', message: `Forgot ${removed.map((note) => note.id).join(', ')}.`, notes: [], removed };
  }
  // A search that deletes must match every word ("the note about the dentist appointment" is not
  // every note that mentions an appointment).
  const matches =
    request.query === undefined
      ? (await repository.list({ tags: request.tags, limit: maxForgetMatches + 1 })).notes
      : await repository.search(buildSearchQuery(request.query, 'all') ?? requireSearch(request.query), { tags: request.tags, limit: maxForgetMatches + 1 });
  const described = describeSearch(request);
  const fields = { ...(request.query === undefined ? {} : { query: request.query }), ...tagsField(request.tags) };
  if (matches.length > maxForgetMatches) {
    throw new NovaError({
      code: 'input_invalid',
      fault: 'user',
      message: `More than ${maxForgetMatches} notes match ${described}; nothing was forgotten`,
      hint: 'Narrow the search with more words or tags, or forget by id.',
      details: { matched: matches.length },
    });
  }
  if (matches.length === 0) {
    return { action: 'forget', message: `No note matches ${described}; nothing was forgotten.`, notes: [], removed: [], matched: 0, ...fields };
  }
  if (matches.length > 1 && !request.confirm) {
    const shown = matches.slice(0, maxCandidatesShown);
    const more = matches.length > shown.length ? ` (the first ${shown.length} are listed)` : '';
    return {
      action: 'forget',
      message:
        `${matches.length} notes match ${described}${more}; nothing was forgotten. ` +
        `To forget all of them, ${confirmationPhrase(request)}; to forget some, forget them by id (e.g. "forget ${shown[0]!.id}").`,
      notes: [],
      removed: [],
      matched: matches.length,
      candidates: shown,
      needsConfirmation: true,
      ...fields,
    };
  }
  const removed = await repository.forget(matches.map((note) => noteNumberFromId(note.id)!), { requireAll: false });
  return { action: 'forget', message: `Forgot ${removed.map((note) => note.id).join(', ')} (matching ${described}).`, notes: [], removed, matched: matches.length, ...fields };
}

function requireSearch(query: string): never {
  throw new NovaError({
    code: 'input_invalid',
    fault: 'user',
    message: `query: "${query}" has no words to search for`,
    hint: 'Search with words from the note, e.g. "passport" or "lisbon trip".',
    details: { field: 'query' },
  });
}

/** How to say "yes, all of them" for this request: in words when the grammar has a form for it. */
function confirmationPhrase(request: ForgetRequest): string {
  if (request.query !== undefined && request.tags.length === 0) return `say "forget all notes about ${request.query}" or add "confirm": true`;
  if (request.query === undefined) return `say "forget all notes tagged ${request.tags.join(' and ')}" or add "confirm": true`;
  return 'repeat the request with "confirm": true';
}

function describeSearch(request: ForgetRequest): string {
  const tags = request.tags.length > 0 ? `the tag${request.tags.length > 1 ? 's' : ''} ${request.tags.join(' and ')}` : '';
  if (request.query === undefined) return tags;
  return tags === '' ? `"${request.query}"` : `"${request.query}" with ${tags}`;
}

function describeList(shown: number, total: number, tags: readonly string[]): string {
  const tagged = tags.length > 0 ? ` tagged ${tags.join(' and ')}` : '';
  if (total === 0) return tags.length > 0 ? `No note is${tagged}.` : 'No notes yet.';
  if (shown === total) return `${count(total, 'note')}${tagged}, newest first.`;
  return `The ${shown} newest of ${count(total, 'note')}${tagged}.`;
}

function tagsField(tags: readonly string[]): { tags?: string[] } {
  return tags.length > 0 ? { tags: [...tags] } : {};
}

function count(number: number, noun: string): string {
  return `${number} ${noun}${number === 1 ? '' : 's'}`;
}

function day(iso: string): string {
  return iso.slice(0, 10);
}
