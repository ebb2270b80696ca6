import type { ForgetRequest, MemoryRequest, RecallRequest } from './memory-request.ts';
import { extractHashtags, maxNoteLength, noteNumberFromId, normalizeTag, removeHashtags } from './note.ts';
import { hasContentWords } from './search-query.ts';

/**
 * The small grammar that understands free-text requests to the memory agent without a model:
 * "remember that ...", "note: ...", "what did I note about ...", "find notes tagged ...", "list my
 * notes", "forget n12", "forget the note about ...", and their variants (case, punctuation, "please",
 * "can you"). What it cannot parse is refused with a reason, never guessed.
 */
export type ParseResult = { ok: true; request: MemoryRequest } | { ok: false; reason: string };

interface Rule {
  pattern: RegExp;
  /** The request, a refusal reason (a string), or undefined to let the next rule try. */
  build(match: RegExpExecArray): MemoryRequest | string | undefined;
}

// Pieces of the patterns. END lets a request end in punctuation; SEP is what may stand between a verb
// and what follows it ("remember: x", "note - x", "remember x").
const END = String.raw`[\s.!?…]*$`;
const SEP = String.raw`(?:\s*[:\-–—,]\s*|\s+)`;
const THAT = String.raw`(?:\s+(?:that|this)(?=[\s:,]))?`;
const TOPIC = String.raw`(?:about|on|regarding|concerning|re:?|related\s+to|to\s+do\s+with|mentioning|that\s+mentions?|containing|that\s+contains?|on\s+the\s+subject\s+of)`;
const NOTES = String.raw`(?:notes?|memos?|entries|entry)`;
const SHOW_VERB = String.raw`(?:find|show|list|get|give|display|fetch|pull\s+up|look\s+up|search\s+for|look\s+for|search|see|read|view|print|check)`;
const TAGGED = String.raw`(?:tagged|with\s+(?:the\s+)?tags?|under\s+(?:the\s+)?(?:tags?\s+)?|labell?ed|marked)`;
const NOTED = String.raw`(?:note|noted|write|written|wrote|save|saved|jot|jotted|store|stored|record|recorded|say|said|tell\s+you|told\s+you|keep|kept|put|mention|mentioned|remember|ask\s+you\s+to\s+remember|asked\s+you\s+to\s+remember)`;

function rule(source: string, build: Rule['build']): Rule {
  // `s`: a note may span lines; `u`: letters of any script; `i`: case does not matter.
  return { pattern: new RegExp(source, 'isu'), build };
}

const rules: readonly Rule[] = [
  // A verb alone: say what is missing rather than "not understood".
  rule(String.raw`^(remember|note|memori[sz]e|recall|forget|delete|remove|find|search)${END}`, (match) => {
    const verb = match[1]!.toLowerCase();
    if (['remember', 'note', 'memorise', 'memorize'].includes(verb)) return `Say what to remember, e.g. "remember that my passport expires in March".`;
    if (['forget', 'delete', 'remove'].includes(verb)) return `Say which note to forget, e.g. "forget n12" or "forget the note about the dentist".`;
    return `Say what to look for, e.g. "${verb} passport" or "what did I note about the Lisbon trip".`;
  }),

  // "don't forget that ..." asks to remember, whatever "forget" suggests.
  rule(String.raw`^(?:don['’]?t|do\s+not|never)\s+forget(?:\s+that(?=[\s:,]))?${SEP}(.+)$`, (match) => remember(match[1]!)),

  // Questions that start with "remember" but ask what was remembered.
  rule(String.raw`^(?:remember|recall)\s+what\s+(?:i|we)\s+${NOTED}(?:\s+down)?\s+(?:${TOPIC}|of|for)\s+(.+?)${END}`, (match) => recall(match[1]!)),
  rule(String.raw`^(?:do|did)\s+you\s+(?:still\s+)?(?:remember|recall|know)\s+(?:anything\s+|something\s+|what\s+(?:i|we)\s+${NOTED}\s+)?(?:(?:${TOPIC}|of)\s+)?(.+?)${END}`, (match) =>
    recall(match[1]!),
  ),

  // Remember.
  rule(String.raw`^(?:remember|memori[sz]e|keep\s+in\s+mind|bear\s+in\s+mind)${THAT}${SEP}(.+)$`, (match) => remember(match[1]!)),
  rule(String.raw`^(?:note|jot|write|put)\s+(?:it\s+|this\s+)?down${THAT}${SEP}(.+)$`, (match) => remember(match[1]!)),
  rule(String.raw`^(?:note\s+to\s+self|new\s+note|quick\s+note|memo|fyi)(?:\s*[:\-–—]\s*|\s+)(.+)$`, (match) => remember(match[1]!)),
  rule(String.raw`^(?:add|save|put|store|write|keep)\s+(?:this\s+|that\s+)?(?:in|to|into|on)\s+(?:my\s+|your\s+|the\s+)?(?:notes|memory|notebook)${SEP}(.+)$`, (match) =>
    remember(match[1]!),
  ),
  rule(String.raw`^(?:note|save|store|record|log)(?:\s+(?:that|this)(?=[\s:,])${SEP}|\s*[:\-–—]\s*)(.+)$`, (match) => remember(match[1]!)),
  rule(String.raw`^take\s+note\s+(?:of\s+|that\s+)?(.+)$`, (match) => remember(match[1]!)),
  rule(
    String.raw`^(?:make|take|add|create|save|write|leave|jot\s+down)\s+(?:a\s+|the\s+|this\s+)?(?:new\s+|quick\s+)?(?:note|memo)(?:\s+(?:that|of|saying|to\s+say|about))?(?=[\s:\-–—,])${SEP}(.+)$`,
    (match) => remember(match[1]!),
  ),
  // A bare "note <text>", unless it reads as a question about notes ("note about x", "note n12").
  rule(String.raw`^note\s+(?!(?:about|on|regarding|concerning|tagged|with|for|of|#?n?\d+)\b)(.+)$`, (match) => remember(match[1]!)),

  // A note by id: "show n12", "recall note 12", "what is n3".
  rule(String.raw`^(?:${SHOW_VERB}|recall|open|what\s+is|what['’]s|what\s+was|retrieve)\s+(?:me\s+)?(?:the\s+)?(.+?)${END}`, (match) => {
    const numbers = parseNoteIds(match[1]!);
    return numbers === undefined ? undefined : { action: 'recall', numbers, tags: [] };
  }),

  // Forget.
  rule(
    String.raw`^(?:forget|delete|remove|erase|drop|discard|scrap|trash|wipe|clear|throw\s+(?:away|out)|get\s+rid\s+of|unremember)(?:\s+about)?\s+(.+?)${END}`,
    (match) => forget(match[1]!),
  ),

  // Notes by tag.
  rule(
    String.raw`^(?:(${SHOW_VERB})\s+(?:me\s+)?)?(?:all\s+(?:of\s+)?)?(?:(?:my|the|your)\s+)?(?:${NOTES}|everything|anything|what\s+is|what['’]s|what\s+was|which\s+notes\s+are)\s+(?:are\s+|is\s+|i\s+have\s+)?${TAGGED}\s+(?:as\s+|with\s+)?(.+?)${END}`,
    (match) => byTags(match[2]!, match[1]),
  ),
  rule(String.raw`^(?:(${SHOW_VERB})\s+(?:me\s+)?)?(?:all\s+(?:of\s+)?)?(?:(?:my|the|your)\s+)?((?:#[\p{L}\p{N}_-]+[\s,]*(?:and\s+)?)+)${NOTES}${END}`, (match) =>
    byTags(match[2]!, match[1]),
  ),

  // List.
  rule(
    String.raw`^(?:(?:list|show|display|give|get|print|see|read|view|fetch|pull\s+up|open|what\s+are)\s+(?:me\s+)?)?(?:(?:all|every)\s+(?:of\s+)?)?(?:(?:my|the|your)\s+)?(?:(?:last|latest|most\s+recent|recent|newest)\s+)?(?:(\d{1,3})\s+)?(?:(?:last|latest|most\s+recent|recent|newest)\s+)?(?:saved\s+|stored\s+)?(?:${NOTES}|memories)(?:\s+(?:you\s+have|i\s+have|i\s+made|i\s+took|so\s+far|you\s+remember|you\s+keep|you\s+know))?${END}`,
    (match) => list(match[1]),
  ),
  rule(String.raw`^(?:what|which)\s+notes\s+(?:do|did)\s+(?:i|we|you)\s+have(?:\s+(?:saved|stored|so\s+far))?${END}`, () => list(undefined)),
  rule(String.raw`^what\s+(?:do|did)\s+you\s+(?:remember|know|have(?:\s+noted)?)(?:\s+so\s+far)?${END}`, () => list(undefined)),
  rule(String.raw`^what\s+have\s+(?:i|we|you)\s+(?:noted|saved|remembered|stored|written)(?:\s+(?:down|so\s+far))?${END}`, () => list(undefined)),
  rule(String.raw`^(?:list|show|give)\s+(?:me\s+)?(?:everything|all)(?:\s+(?:you\s+(?:remember|know|have)|i\s+(?:noted|saved)))?${END}`, () => list(undefined)),

  // Recall: questions about what was noted.
  rule(String.raw`^what\s+(?:did|do|have|had)\s+(?:i|we)\s+(?:ever\s+|already\s+)?${NOTED}(?:\s+down)?(?:\s+(?:in\s+(?:my\s+)?notes|to\s+you))?\s+(?:${TOPIC}|for|of)\s+(.+?)${END}`, (match) =>
    recall(match[1]!),
  ),
  rule(String.raw`^what\s+(?:notes\s+)?(?:do|did)\s+(?:i|we|you)\s+have\s+(?:noted\s+|saved\s+|written(?:\s+down)?\s+|in\s+(?:my\s+)?notes\s+)?(?:${TOPIC}|for)\s+(.+?)${END}`, (match) =>
    recall(match[1]!),
  ),
  rule(String.raw`^what\s+(?:do|did|does)\s+(?:you|nova)\s+(?:remember|know|have|recall|keep)(?:\s+(?:noted|saved|written\s+down))?\s+(?:${TOPIC}|of|for)\s+(.+?)${END}`, (match) =>
    recall(match[1]!),
  ),
  rule(String.raw`^(?:do|did)\s+(?:i|we)\s+(?:have|make|take|write|save|keep)\s+(?:any\s+|a\s+)?${NOTES}\s+(?:${TOPIC}|for)\s+(.+?)${END}`, (match) => recall(match[1]!)),
  // "did I write anything down about x", "have we saved something on x"
  rule(String.raw`^(?:do|did|have)\s+(?:i|we)\s+(?:ever\s+)?${NOTED}\s+(?:anything|something)(?:\s+down)?\s+(?:${TOPIC}|for)\s+(.+?)${END}`, (match) => recall(match[1]!)),
  rule(String.raw`^(?:are\s+there\s+|is\s+there\s+)?(?:any\s+|some\s+)?${NOTES}\s+(?:${TOPIC}|for|with)\s+(.+?)${END}`, (match) => recall(match[1]!)),
  rule(
    String.raw`^${SHOW_VERB}\s+(?:me\s+)?(?:all\s+)?(?:(?:my|the|any|your)\s+)?(?:${NOTES}|everything|anything|what\s+(?:i|we|you)\s+(?:noted|wrote|saved|have|know|said))\s+(?:${TOPIC}|for|with)\s+(.+?)${END}`,
    (match) => recall(match[1]!),
  ),
  rule(
    String.raw`^(?:tell|show|remind|give)\s+me\s+(?:what\s+(?:i|we)\s+${NOTED}(?:\s+down)?|what\s+you\s+(?:know|remember|have)|(?:everything|all)\s+(?:i|we|you)\s+(?:noted|know|remember|have|wrote|saved))\s+(?:${TOPIC}|for|of)\s+(.+?)${END}`,
    (match) => recall(match[1]!),
  ),
  rule(String.raw`^what(?:\s+is|['’]s|\s+was)\s+(?:my|the)\s+${NOTES}\s+(?:${TOPIC}|for)\s+(.+?)${END}`, (match) => recall(match[1]!)),
  rule(String.raw`^what\s+(?:was|is)\s+(?:it\s+)?(?:that\s+)?(?:i|we)\s+(?:noted|said|wrote|saved)\s+(?:${TOPIC}|for)\s+(.+?)${END}`, (match) => recall(match[1]!)),
  rule(String.raw`^search(?:\s+(?:in|through))?\s+(?:my\s+|the\s+|your\s+)?(?:notes|memory)(?:\s+for)?${SEP}(.+?)${END}`, (match) => recall(match[1]!)),
  rule(String.raw`^(?:find|search\s+for|search|look\s+up|look\s+for|check)\s+(.+?)\s+in\s+(?:my\s+|the\s+|your\s+)?(?:notes|memory)${END}`, (match) => recall(match[1]!)),
  rule(
    String.raw`^(?:recall|retrieve|remind\s+me\s+(?:of|about)|remind\s+me\s+what\s+(?:i|we)\s+(?:noted|said|wrote|saved)\s+(?:${TOPIC}|for)|search\s+for|look\s+up)\s+(.+?)${END}`,
    (match) => recall(match[1]!),
  ),
];

// Courtesy around a request: "hey nova,", "please", "can you", "could you please", "I'd like you to".
const leadingCourtesy =
  /^(?:(?:hey|hi|hello|ok(?:ay)?|nova|um+|so)\b[\s,:;!.-]*|(?:please|pls|kindly)\b[\s,]*|(?:can|could|would|will)\s+you\s+(?:please\s+)?|i(?:['’]d|\s+would)\s+like\s+(?:you\s+)?to\s+|i\s+(?:want|need)\s+(?:you\s+)?to\s+)/iu;
// Only "please" may end a request without a comma before it: "remember to say thanks" keeps its thanks.
const trailingCourtesy = /(?:[\s,]+(?:please|pls)|\s*,\s*(?:thanks|thank\s+you|thx))+[\s.!?…]*$/iu;

/** Understands a free-text request; returns the request or why it could not. */
export function parseMemoryText(text: string): ParseResult {
  if (text.trim() === '') return { ok: false, reason: 'The request is empty.' };
  const request = stripCourtesy(text);
  for (const candidate of rules) {
    const match = candidate.pattern.exec(request);
    if (match === null) continue;
    const built = candidate.build(match);
    if (built === undefined) continue;
    if (typeof built === 'string') return { ok: false, reason: built };
    return { ok: true, request: built };
  }
  return { ok: false, reason: 'It matches none of the forms the memory agent understands.' };
}

const questionCourtesy = /^(?:can|could|would|will)\s+you\b/iu;

function stripCourtesy(text: string): string {
  let request = text.trim();
  let asked = false;
  for (;;) {
    asked ||= questionCourtesy.test(request);
    const stripped = request.replace(leadingCourtesy, '').replace(trailingCourtesy, '').trim();
    if (stripped === request) break;
    request = stripped;
  }
  // The question mark of "can you remember that x?" belongs to the question, not to the note.
  return asked ? request.replace(/\s*\?+$/u, '') : request;
}

// "(tags: a, b)" or "tags: a b" at the end of a note.
const tagsClause = /[\s,;]*[([]?\s*tags?\s*[:=]\s*([^()[\]\n]+?)\s*[)\]]?\s*$/iu;

function remember(captured: string): MemoryRequest | string {
  let text = captured.trim();
  let tags: string[] = [];
  const clause = tagsClause.exec(text);
  if (clause !== null) {
    const parsed = parseTagList(clause[1]!);
    if (typeof parsed === 'string') return parsed;
    tags = parsed;
    text = text.slice(0, clause.index).trim();
  }
  if (!hasContentWords(text) && !/\d/.test(text)) return `There is nothing to remember in "${captured.trim()}": say what to remember, e.g. "remember that my passport expires in March".`;
  if (text.length > maxNoteLength) return `The note is ${text.length} characters long; a note holds at most ${maxNoteLength}.`;
  return { action: 'remember', text, tags: [...tags, ...extractHashtags(text).filter((tag) => !tags.includes(tag))] };
}

function recall(captured: string): RecallRequest | string {
  let query = captured.trim().replace(/\s+in\s+(?:my\s+|the\s+|your\s+)?notes$/iu, '');
  let tags = extractHashtags(query);
  query = removeHashtags(query);
  const tagged = /^(.*?)[\s,]+(?:tagged|with\s+(?:the\s+)?tags?)\s+(.+)$/isu.exec(query);
  if (tagged !== null) {
    const parsed = parseTagList(tagged[2]!);
    if (typeof parsed === 'string') return parsed;
    tags = [...tags, ...parsed.filter((tag) => !tags.includes(tag))];
    query = tagged[1]!.trim();
  }
  if (!hasContentWords(query) && !/\d/.test(query)) {
    if (tags.length > 0) return { action: 'recall', tags, numbers: [] };
    return `There is nothing to search for in "${captured.trim()}": say what the note is about, e.g. "what did I note about the Lisbon trip".`;
  }
  return { action: 'recall', query, tags, numbers: [] };
}

function byTags(captured: string, verb: string | undefined): MemoryRequest | string {
  const tags = parseTagList(captured);
  if (typeof tags === 'string') return tags;
  return verb !== undefined && /^list$/i.test(verb) ? { action: 'list', tags } : { action: 'recall', tags, numbers: [] };
}

function list(count: string | undefined): MemoryRequest {
  return count === undefined ? { action: 'list', tags: [] } : { action: 'list', tags: [], limit: Math.max(1, Number(count)) };
}

// What may stand before the topic of a forget: "the note about", "all my notes mentioning", "what I said about".
const forgetSubject = new RegExp(
  String.raw`^(?:the\s+|my\s+|that\s+|this\s+|those\s+|these\s+|a\s+|any\s+)?(?:${NOTES}|(everything)|anything|things?|stuff|what\s+(?:i|we|you)\s+(?:noted|said|wrote|saved|told\s+you|know|remember))(?:\s+(?:i|we)\s+(?:made|wrote|took|have|saved|noted))?(?:\s+(.+))?$`,
  'isu',
);
const allPrefix = /^(?:all|every|each|both)(?:\s+of)?(?:\s+(?:the|my|those|these))?\s+/iu;

function forget(captured: string): ForgetRequest | string {
  let object = captured.trim();
  const numbers = parseNoteIds(object);
  if (numbers !== undefined) return { action: 'forget', numbers, tags: [], confirm: false };
  const all = allPrefix.exec(object);
  if (all !== null) object = object.slice(all[0].length);
  const subject = forgetSubject.exec(object);
  // "forget all notes about x" and "forget everything about x" mean every match: no confirmation asked.
  const confirm = all !== null || subject?.[1] !== undefined;
  if (subject !== null) {
    const rest = subject[2]?.trim();
    if (rest === undefined || rest === '') {
      return 'Say which notes to forget: by id ("forget n12") or by what they say ("forget the note about the dentist"). Free text never forgets all notes at once.';
    }
    const tagged = new RegExp(String.raw`^${TAGGED}\s+(?:as\s+|with\s+)?(.+)$`, 'isu').exec(rest);
    if (tagged !== null) {
      const tags = parseTagList(tagged[1]!);
      if (typeof tags === 'string') return tags;
      return { action: 'forget', numbers: [], tags, confirm };
    }
    const topic = new RegExp(String.raw`^(?:${TOPIC}|saying|that\s+says?|with|for|of)\s+(.+)$`, 'isu').exec(rest);
    object = topic === null ? rest : topic[1]!;
  } else {
    object = object.replace(/^that\s+/iu, '');
  }
  const tags = extractHashtags(object);
  const query = removeHashtags(object);
  if (!hasContentWords(query) && !/\d/.test(query)) {
    if (tags.length > 0) return { action: 'forget', numbers: [], tags, confirm };
    return `There is nothing to look for in "${captured.trim()}": say which note to forget, e.g. "forget n12" or "forget the note about the dentist".`;
  }
  return { action: 'forget', numbers: [], query, tags, confirm };
}

/**
 * Note ids in a phrase such as "n12", "n3 and n4", "note 12", "notes #3, #4", or undefined when the
 * phrase is not a list of ids. Bare numbers count only after the word "note(s)": "forget 2024" is a search.
 */
export function parseNoteIds(phrase: string): number[] | undefined {
  const match = /^(?:(notes?)\s+)?(.+)$/isu.exec(phrase.trim());
  if (match === null) return undefined;
  const afterNoteWord = match[1] !== undefined;
  const tokens = match[2]!.split(/\s*(?:,|&|\band\b|\s)\s*/iu).filter((token) => token !== '');
  if (tokens.length === 0) return undefined;
  const numbers: number[] = [];
  for (const token of tokens) {
    if (!(afterNoteWord ? /^#?n?\d+$/i : /^#?n\d+$/i).test(token)) return undefined;
    const number = noteNumberFromId(token);
    if (number === undefined) return undefined;
    if (!numbers.includes(number)) numbers.push(number);
  }
  return numbers;
}

/** Tags from "travel", "travel, work", "#travel and #work"; "or" is refused (tags combine with and). */
function parseTagList(phrase: string): string[] | string {
  const words = phrase.trim().split(/[\s,;&+]+/u).filter((word) => word !== '' && !/^and$/i.test(word));
  if (words.some((word) => /^or$/i.test(word))) {
    return `Tag searches find the notes that carry every tag given; ask for one tag at a time instead of "${phrase.trim()}".`;
  }
  const tags: string[] = [];
  for (const word of words) {
    const tag = normalizeTag(word);
    if (tag === undefined) return `"${word}" is not a tag: a tag is one word of letters, digits, "-" or "_", with at least one letter.`;
    if (!tags.includes(tag)) tags.push(tag);
  }
  return tags.length === 0 ? `No tag given in "${phrase.trim()}".` : tags;
}
