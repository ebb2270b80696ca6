import { NovaError } from '../../core/errors.ts';
import { parseMemoryText } from './intent-grammar.ts';
import { acceptedExamples, memoryActions, type MemoryAction, type MemoryRequest } from './memory-request.ts';
import { extractHashtags, maxNoteLength, maxTagsPerNote, mergeTags, normalizeTags, requireNoteNumber } from './note.ts';

/** The memory agent's input: an action with its fields, or free text (`text` alone) for the grammar. */
export interface MemoryInput {
  action?: MemoryAction;
  /** The note (remember), the search (recall, forget), or, without an action, the whole request. */
  text?: string;
  query?: string;
  id?: string;
  ids?: string[];
  tags?: string[];
  confirm?: boolean;
  limit?: number;
}

export const maxLimit = 100;

/**
 * The request the input asks for. With an `action`, its fields are used as given (`text` stands in for
 * `query` in recall and forget). Without one, `text` is parsed by the intent grammar, and `tags`,
 * `confirm` and `limit` refine what it understood. Anything missing, contradictory or not understood
 * is an `input_invalid` error that says what to write instead.
 */
export function resolveMemoryRequest(input: MemoryInput): MemoryRequest {
  if (input.limit !== undefined && (!Number.isInteger(input.limit) || input.limit < 1 || input.limit > maxLimit)) {
    throw invalid(`limit: ${input.limit} is not a whole number from 1 to ${maxLimit}`, `Ask for at most ${maxLimit} notes at a time.`, 'limit');
  }
  const extraTags = normalizeTags(input.tags ?? []);
  const numbers = [...(input.id === undefined ? [] : [requireNoteNumber(input.id, 'id')]), ...(input.ids ?? []).map((id, index) => requireNoteNumber(id, `ids.${index}`))];
  if (input.action !== undefined) return fromAction(input.action, input, extraTags, unique(numbers));

  if (input.text === undefined) {
    if (input.query !== undefined || extraTags.length > 0) return withLimit({ action: 'recall', query: input.query, tags: extraTags, numbers: [] }, input.limit);
    throw invalid('The memory agent needs a request: free text, or an action with its fields', examplesHint(), 'text');
  }
  if (input.query !== undefined || numbers.length > 0) {
    throw invalid('"query", "id" and "ids" go with an "action"; with free text, put everything in the text', examplesHint(), 'action');
  }
  const parsed = parseMemoryText(input.text);
  if (!parsed.ok) {
    throw new NovaError({
      code: 'input_invalid',
      fault: 'user',
      message: `Not understood as a request to the memory agent: "${abbreviate(input.text)}". ${parsed.reason}`,
      hint: examplesHint(),
      details: { field: 'text', reason: parsed.reason, examples: acceptedExamples },
    });
  }
  const request = parsed.request;
  if (request.action === 'remember') return checkNote({ ...request, tags: mergeTags(request.tags, extraTags) });
  if (request.action === 'forget') {
    if (request.numbers.length > 0 && extraTags.length > 0) throw invalid('forget takes ids or a search ("query", "tags"), not both', 'Forget by id, or by a search and then by the ids it lists.', 'tags');
    return { ...request, tags: mergeTags(request.tags, extraTags), confirm: request.confirm || input.confirm === true };
  }
  return withLimit({ ...request, tags: mergeTags(request.tags, extraTags) }, input.limit);
}

function fromAction(action: MemoryAction, input: MemoryInput, tags: string[], numbers: number[]): MemoryRequest {
  if (!memoryActions.includes(action)) {
    throw invalid(`action: "${String(action)}" is not one of ${memoryActions.join(', ')}`, examplesHint(), 'action');
  }
  const search = nonBlank(input.query) ?? nonBlank(input.text);
  switch (action) {
    case 'remember': {
      const text = nonBlank(input.text);
      if (text === undefined) throw invalid('remember needs the note in "text"', `e.g. --input '{"action":"remember","text":"my passport expires in March","tags":["travel"]}'`, 'text');
      return checkNote({ action, text, tags: mergeTags(tags, extractHashtags(text)) });
    }
    case 'recall':
      if (search === undefined && tags.length === 0 && numbers.length === 0) {
        throw invalid('recall needs a "query", "tags" or an "id"', `e.g. --input '{"action":"recall","query":"passport"}'; to see every note use "action": "list".`, 'query');
      }
      return withLimit({ action, query: search, tags, numbers }, input.limit);
    case 'list':
      return withLimit({ action, tags }, input.limit);
    case 'forget':
      if (numbers.length === 0 && search === undefined && tags.length === 0) {
        throw invalid('forget needs an "id", "ids", a "query" or "tags"', `e.g. --input '{"action":"forget","id":"n12"}' or --input '{"action":"forget","query":"dentist"}'.`, 'id');
      }
      if (numbers.length > 0 && (search !== undefined || tags.length > 0)) {
        throw invalid('forget takes ids or a search ("query", "tags"), not both', 'Forget by id, or by a search and then by the ids it lists.', 'ids');
      }
      return { action, numbers, query: search, tags, confirm: input.confirm === true };
  }
}

function checkNote<Request extends { text: string; tags: string[] }>(request: Request): Request {
  if (request.text.length > maxNoteLength) {
    throw invalid(`text: the note is ${request.text.length} characters long; a note holds at most ${maxNoteLength}`, 'Keep notes to facts worth recalling; split a long text into several notes.', 'text');
  }
  if (request.tags.length > maxTagsPerNote) {
    throw invalid(`tags: ${request.tags.length} tags; a note carries at most ${maxTagsPerNote}`, 'Keep the few tags you will search by.', 'tags');
  }
  return request;
}

function withLimit<Request extends MemoryRequest>(request: Request, limit: number | undefined): Request {
  return limit === undefined ? request : { ...request, limit };
}

function invalid(message: string, hint: string, field: string): NovaError {
  return new NovaError({ code: 'input_invalid', fault: 'user', message, hint, details: { field } });
}

function examplesHint(): string {
  return `Write the request in one of these forms: ${acceptedExamples.map((example) => `"${example}"`).join('; ')}. Or pass the fields: --input '{"action":"recall","query":"passport"}' (actions: ${memoryActions.join(', ')}).`;
}

function nonBlank(text: string | undefined): string | undefined {
  return text === undefined || text.trim() === '' ? undefined : text.trim();
}

function unique(numbers: readonly number[]): number[] {
  return [...new Set(numbers)];
}

function abbreviate(text: string): string {
  const single = text.replace(/\s+/g, ' ').trim();
  return single.length > 80 ? `${single.slice(0, 77)}...` : single;
}
