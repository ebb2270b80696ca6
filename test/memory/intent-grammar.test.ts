import { describe, expect, it } from 'vitest';
import { parseMemoryText, parseNoteIds } from '../../src/domains/memory/intent-grammar.ts';
import type { MemoryRequest } from '../../src/domains/memory/memory-request.ts';

function understood(text: string): MemoryRequest {
  const result = parseMemoryText(text);
  if (!result.ok) throw new Error(`"${text}" was refused: ${result.reason}`);
  return result.request;
}

function refusal(text: string): string {
  const result = parseMemoryText(text);
  if (result.ok) throw new Error(`"${text}" was understood as ${JSON.stringify(result.request)}`);
  return result.reason;
}

describe('the memory intent grammar', () => {
  describe('remember', () => {
    const cases: [string, string, string[]?][] = [
      ['remember that my passport expires in March', 'my passport expires in March'],
      ['Remember that my passport expires in March.', 'my passport expires in March.'],
      ['REMEMBER THAT MY PASSPORT EXPIRES IN MARCH', 'MY PASSPORT EXPIRES IN MARCH'],
      ['please remember that the spare key is under the blue pot', 'the spare key is under the blue pot'],
      ['Can you remember that the wifi code is 1234?', 'the wifi code is 1234'],
      ['could you please remember my locker is number 42', 'my locker is number 42'],
      ['hey nova, remember that Ana likes tulips', 'Ana likes tulips'],
      ['remember: gate code 4455', 'gate code 4455'],
      ['remember my bike lock code is 3141', 'my bike lock code is 3141'],
      ['remember this: the boiler was serviced in May', 'the boiler was serviced in May'],
      ['memorise that the meeting room is 4B', 'the meeting room is 4B'],
      ['keep in mind that Tom is allergic to nuts', 'Tom is allergic to nuts'],
      ['note: call the plumber about the leak', 'call the plumber about the leak'],
      ['Note: buy milk', 'buy milk'],
      ['note - the car is due for its MOT in October', 'the car is due for its MOT in October'],
      ['note that the lease ends on 31 August', 'the lease ends on 31 August'],
      ['note down the plumber number 555-0199', 'the plumber number 555-0199'],
      ['jot down that the printer toner is HP 305', 'the printer toner is HP 305'],
      ['note to self: renew the domain', 'renew the domain'],
      ['make a note that the car is due for service', 'the car is due for service'],
      ['take a note: dentist on Friday at 3pm', 'dentist on Friday at 3pm'],
      ['add a note saying the gutters need cleaning', 'the gutters need cleaning'],
      ['add to my notes: garage code 4455', 'garage code 4455'],
      ['save this to my notes: the vet is Dr Silva', 'the vet is Dr Silva'],
      ["don't forget that mom's birthday is May 3", "mom's birthday is May 3"],
      ['Don’t forget: water the plants on Sunday', 'water the plants on Sunday'],
      ['remember that the shelf is 80 cm wide, please', 'the shelf is 80 cm wide'],
      ['remember that the Lisbon flight is TP 1351 #travel #lisbon', 'the Lisbon flight is TP 1351 #travel #lisbon', ['travel', 'lisbon']],
      ['note: book the hotel (tags: travel, lisbon)', 'book the hotel', ['travel', 'lisbon']],
      ['remember that I owe Ana 20 euros tags: money', 'I owe Ana 20 euros', ['money']],
    ];
    for (const [text, note, tags] of cases) {
      it(`understands "${text}"`, () => {
        expect(understood(text)).toEqual({ action: 'remember', text: note, tags: tags ?? [] });
      });
    }

    it('keeps a note of several lines as written', () => {
      expect(understood('note: packing list\n- passport\n- charger')).toEqual({ action: 'remember', text: 'packing list\n- passport\n- charger', tags: [] });
    });
  });

  describe('recall', () => {
    const cases: [string, string | undefined, string[]?][] = [
      ['what did I note about the Lisbon trip', 'the Lisbon trip'],
      ['What did I note about the Lisbon trip?', 'the Lisbon trip'],
      ['what did i write down about the boiler', 'the boiler'],
      ["did I write anything down about Tom's new address", "Tom's new address"],
      ['have we saved something on the lease', 'the lease'],
      ['what have I saved about taxes', 'taxes'],
      ['what do you remember about my car insurance', 'my car insurance'],
      ['What do you know about Ana?', 'Ana'],
      ['do you remember anything about the dentist', 'the dentist'],
      ['do you remember my locker number', 'my locker number'],
      ['remember what I said about the plumber', 'the plumber'],
      ['recall passport', 'passport'],
      ['Recall the wifi code, please', 'the wifi code'],
      ['can you recall the gate code?', 'the gate code'],
      ['search my notes for dentist', 'dentist'],
      ['search notes: boiler', 'boiler'],
      ['find notes about the lease', 'the lease'],
      ['show me my notes on Lisbon', 'Lisbon'],
      ['any notes on the car?', 'the car'],
      ['do I have any notes about taxes', 'taxes'],
      ['what notes do I have about the boiler', 'the boiler'],
      ["what's my note about the garage", 'the garage'],
      ['look up passport in my notes', 'passport'],
      ['remind me about the gate code', 'the gate code'],
      ['can you tell me what I noted about the dentist?', 'the dentist'],
      ['what did I note about #travel', undefined, ['travel']],
      ['what did I note about hotels #lisbon', 'hotels', ['lisbon']],
      ['find notes about hotels tagged travel', 'hotels', ['travel']],
    ];
    for (const [text, query, tags] of cases) {
      it(`understands "${text}"`, () => {
        const expected: MemoryRequest = { action: 'recall', tags: tags ?? [], numbers: [] };
        if (query !== undefined) expected.query = query;
        expect(understood(text)).toEqual(expected);
      });
    }
  });

  describe('notes by tag', () => {
    const cases: [string, MemoryRequest][] = [
      ['find notes tagged travel', { action: 'recall', tags: ['travel'], numbers: [] }],
      ['Find notes tagged #Travel.', { action: 'recall', tags: ['travel'], numbers: [] }],
      ['show me notes with tag health', { action: 'recall', tags: ['health'], numbers: [] }],
      ['notes tagged travel and lisbon', { action: 'recall', tags: ['travel', 'lisbon'], numbers: [] }],
      ["what's tagged home", { action: 'recall', tags: ['home'], numbers: [] }],
      ['show my #travel notes', { action: 'recall', tags: ['travel'], numbers: [] }],
      ['list my notes tagged work', { action: 'list', tags: ['work'] }],
      ['recall notes tagged travel', { action: 'recall', tags: ['travel'], numbers: [] }],
    ];
    for (const [text, request] of cases) {
      it(`understands "${text}"`, () => {
        expect(understood(text)).toEqual(request);
      });
    }

    it('refuses "or" between tags rather than treat it as "and"', () => {
      expect(refusal('find notes tagged travel or work')).toContain('every tag');
    });
  });

  describe('list', () => {
    const cases: [string, number?][] = [
      ['list my notes'],
      ['List my notes.'],
      ['show me all my notes'],
      ['show my notes'],
      ['my notes'],
      ['notes'],
      ['could you list my notes please?'],
      ['what notes do I have'],
      ['what do you remember?'],
      ['what have I noted so far'],
      ['show me everything you remember'],
      ['show my last 5 notes', 5],
      ['list my 10 most recent notes', 10],
      ['show the latest 3 notes', 3],
    ];
    for (const [text, limit] of cases) {
      it(`understands "${text}"`, () => {
        expect(understood(text)).toEqual(limit === undefined ? { action: 'list', tags: [] } : { action: 'list', tags: [], limit });
      });
    }
  });

  describe('a note by id', () => {
    const cases: [string, number[]][] = [
      ['show n12', [12]],
      ['recall n3', [3]],
      ['show note 12', [12]],
      ['what is n7?', [7]],
      ['open notes n3 and n4', [3, 4]],
    ];
    for (const [text, numbers] of cases) {
      it(`understands "${text}"`, () => {
        expect(understood(text)).toEqual({ action: 'recall', numbers, tags: [] });
      });
    }
  });

  describe('forget', () => {
    const cases: [string, Omit<Extract<MemoryRequest, { action: 'forget' }>, 'action'>][] = [
      ['forget n12', { numbers: [12], tags: [], confirm: false }],
      ['Forget N12.', { numbers: [12], tags: [], confirm: false }],
      ['please forget n3 and n4', { numbers: [3, 4], tags: [], confirm: false }],
      ['delete note 7', { numbers: [7], tags: [], confirm: false }],
      ['remove notes #3, #5', { numbers: [3, 5], tags: [], confirm: false }],
      ['forget about n9', { numbers: [9], tags: [], confirm: false }],
      ['forget the note about the dentist', { numbers: [], query: 'the dentist', tags: [], confirm: false }],
      ['Can you forget the note about the dentist?', { numbers: [], query: 'the dentist', tags: [], confirm: false }],
      ['delete my notes on the old flat', { numbers: [], query: 'the old flat', tags: [], confirm: false }],
      ['forget what I said about the plumber', { numbers: [], query: 'the plumber', tags: [], confirm: false }],
      ['forget that my passport expires in March', { numbers: [], query: 'my passport expires in March', tags: [], confirm: false }],
      ['forget the dentist', { numbers: [], query: 'the dentist', tags: [], confirm: false }],
      ['remove the dentist note', { numbers: [], query: 'the dentist note', tags: [], confirm: false }],
      ['forget all notes about the dentist', { numbers: [], query: 'the dentist', tags: [], confirm: true }],
      ['forget every note mentioning the old flat', { numbers: [], query: 'the old flat', tags: [], confirm: true }],
      ['forget everything about the dentist', { numbers: [], query: 'the dentist', tags: [], confirm: true }],
      ['forget the notes tagged health', { numbers: [], tags: ['health'], confirm: false }],
      ['forget 2024 taxes', { numbers: [], query: '2024 taxes', tags: [], confirm: false }],
    ];
    for (const [text, request] of cases) {
      it(`understands "${text}"`, () => {
        expect(understood(text)).toEqual({ action: 'forget', ...request });
      });
    }
  });

  describe('refusals', () => {
    const refused = [
      'hello',
      'tell me a joke',
      "what's the weather in Lisbon",
      'remind me to call mom at 5',
      'translate this to German',
      'book a table for two',
      '???',
    ];
    for (const text of refused) {
      it(`refuses "${text}"`, () => {
        expect(refusal(text)).toMatch(/matches none of the forms/);
      });
    }

    it('says what is missing when a verb comes alone', () => {
      expect(refusal('remember')).toContain('Say what to remember');
      expect(refusal('Forget.')).toContain('Say which note to forget');
      expect(refusal('recall')).toContain('Say what to look for');
    });

    it('refuses a note with nothing in it', () => {
      expect(refusal('remember that')).toContain('nothing to remember');
      expect(refusal('note: #')).toContain('nothing to remember');
    });

    it('refuses to forget everything, or "it", from free text', () => {
      expect(refusal('forget everything')).toContain('never forgets all notes');
      expect(refusal('delete all my notes')).toContain('never forgets all notes');
      expect(refusal('forget it')).toContain('nothing to look for');
    });

    it('refuses a search with nothing to look for', () => {
      expect(refusal('what did I note about it')).toContain('nothing to search for');
    });

    it('refuses an empty request', () => {
      expect(refusal('   ')).toBe('The request is empty.');
    });
  });

  describe('note ids', () => {
    it('reads ids as people type them, and bare numbers only after "note"', () => {
      expect(parseNoteIds('n12')).toEqual([12]);
      expect(parseNoteIds('N3, n4 and n3')).toEqual([3, 4]);
      expect(parseNoteIds('note 12')).toEqual([12]);
      expect(parseNoteIds('notes #1 & #2')).toEqual([1, 2]);
      expect(parseNoteIds('12')).toBeUndefined();
      expect(parseNoteIds('n12 dentist')).toBeUndefined();
      expect(parseNoteIds('n0')).toBeUndefined();
    });
  });
});
