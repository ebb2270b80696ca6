import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseJsonOutput, runCli } from '../support/cli.ts';
import { temporaryDirectory } from '../support/temporary-directory.ts';

interface NoteJson {
  id: string;
  text: string;
  tags: string[];
  createdAt: string;
  score?: number;
}

interface MemoryOutput {
  action: string;
  message: string;
  notes: NoteJson[];
  removed?: NoteJson[];
  candidates?: NoteJson[];
  needsConfirmation?: boolean;
  created?: boolean;
}

describe('the memory agent through `nova run memory`', () => {
  let home: { path: string; remove: () => void };
  // No model is configured: the memory agent must not need one.
  const env = () => ({ NOVA_HOME: home.path });
  const run = async (...argv: string[]) => {
    const result = await runCli(['run', 'memory', ...argv, '--json'], env());
    return { result, json: parseJsonOutput(result) };
  };
  const output = (json: Record<string, unknown>) => json['output'] as MemoryOutput;

  beforeEach(() => {
    home = temporaryDirectory();
  });
  afterEach(() => home.remove());

  it('remembers, recalls and forgets a note from free text', async () => {
    const stored = await run('remember that my passport expires in March');
    expect(stored.json['error']).toBeNull();
    expect(stored.result.exitCode).toBe(0);
    expect(output(stored.json)).toMatchObject({ action: 'remember', notes: [{ id: 'n1', text: 'my passport expires in March', tags: [] }] });
    expect(output(stored.json).notes[0]?.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    await run('note: dentist on Friday at 3pm #health');
    const recalled = await run('what did I note about my passport');
    expect(recalled.result.exitCode).toBe(0);
    const found = output(recalled.json);
    expect(found.action).toBe('recall');
    expect(found.notes.map((note) => note.id)).toEqual(['n1']);
    expect(found.notes[0]?.score).toBeGreaterThan(0);

    const forgotten = await run('forget the note about my passport');
    expect(forgotten.result.exitCode).toBe(0);
    expect(output(forgotten.json).removed?.map((note) => note.text)).toEqual(['my passport expires in March']);

    const again = await run('what did I note about my passport');
    expect(again.result.exitCode).toBe(0);
    expect(output(again.json)).toMatchObject({ action: 'recall', notes: [] });
    expect(output(again.json).message).toContain('No note matches');

    const listed = await run('list my notes');
    expect(output(listed.json).notes.map((note) => note.id)).toEqual(['n2']);
    expect(output(listed.json).notes[0]?.tags).toEqual(['health']);
  });

  it('asks for confirmation before forgetting several notes found by a search', async () => {
    await run('remember that the dentist is Dr Costa');
    await run('remember that the dentist bill is paid');
    const asked = await run('forget the note about the dentist');
    expect(asked.result.exitCode).toBe(0);
    expect(output(asked.json)).toMatchObject({ needsConfirmation: true, removed: [] });
    expect(output(asked.json).candidates).toHaveLength(2);

    const confirmed = await run('--input', JSON.stringify({ action: 'forget', query: 'dentist', confirm: true }));
    expect(output(confirmed.json).removed).toHaveLength(2);
    expect(output((await run('list my notes')).json).notes).toEqual([]);
  });

  it('forgets by id, and fails with a hint for an id that does not exist', async () => {
    await run('remember that the gate code is 4455');
    const removed = await run('forget n1');
    expect(output(removed.json).removed?.map((note) => note.id)).toEqual(['n1']);

    const missing = await run('forget n1');
    expect(missing.result.exitCode).toBe(1);
    expect(missing.json['status']).toBe('failed');
    expect(missing.json['error']).toMatchObject({ code: 'input_invalid', fault: 'user' });
    expect(JSON.stringify(missing.json['error'])).toContain('list my notes');
  });

  it('takes structured input with tags, and finds notes by tag', async () => {
    await run('--input', JSON.stringify({ action: 'remember', text: 'Hotel in Alfama booked', tags: ['travel', 'lisbon'] }));
    await run('--input', JSON.stringify({ action: 'remember', text: 'Renew the car insurance', tags: ['car'] }));
    const tagged = await run('find notes tagged travel');
    expect(output(tagged.json).notes.map((note) => note.text)).toEqual(['Hotel in Alfama booked']);
  });

  it('keeps one note for the same text with other tags or none, adding the new tags', async () => {
    const answers = [];
    for (const request of ['remember x #a', 'remember x #b', 'remember x']) answers.push(output((await run(request)).json));
    expect(answers.map((answer) => answer.created)).toEqual([true, false, false]);
    expect(answers[2]?.notes).toEqual([expect.objectContaining({ id: 'n1', tags: ['a', 'b'] })]);
    expect(output((await run('list my notes')).json).notes.map((note) => note.id)).toEqual(['n1']);
  });

  it('refuses a request it cannot parse with the forms it accepts, before anything is stored', async () => {
    const refused = await run('book me a flight to Lisbon');
    expect(refused.result.exitCode).toBe(1);
    const error = refused.json['error'] as { code: string; message: string; hint: string };
    expect(error.code).toBe('input_invalid');
    expect(error.message).toContain('book me a flight to Lisbon');
    expect(error.hint).toContain('what did I note about the Lisbon trip');
    expect(output((await run('list my notes')).json).notes).toEqual([]);
  });

  it('prints the answer as indented JSON without --json', async () => {
    const result = await runCli(['run', 'memory', 'remember that the boiler was serviced in May'], env());
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('"message": "Noted as n1."');
  });
});
