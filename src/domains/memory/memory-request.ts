/** What the memory agent is asked to do, once structured input or free text has been understood. */
export type MemoryRequest = RememberRequest | RecallRequest | ListRequest | ForgetRequest;

export interface RememberRequest {
  action: 'remember';
  text: string;
  /** Normalised; includes the text's #hashtags. */
  tags: string[];
}

export interface RecallRequest {
  action: 'recall';
  /** Words to search for (full text, ranked). */
  query?: string;
  /** Only notes carrying every one of these tags. */
  tags: string[];
  /** Particular notes, by number (`recall n12`). */
  numbers: number[];
  limit?: number;
}

export interface ListRequest {
  action: 'list';
  tags: string[];
  limit?: number;
}

export interface ForgetRequest {
  action: 'forget';
  /** Notes to forget by number; each must exist. */
  numbers: number[];
  /** Or forget the notes matching every word of this search (and carrying every tag). */
  query?: string;
  tags: string[];
  /** Needed to forget more than one note found by a search. */
  confirm: boolean;
}

export const memoryActions = ['remember', 'recall', 'forget', 'list'] as const;
export type MemoryAction = (typeof memoryActions)[number];

/** Requests the grammar understands, shown whenever free text is not understood. */
export const acceptedExamples: readonly string[] = [
  'remember that my passport expires in March',
  'note: the wifi password at the cabin is on the fridge #travel',
  'what did I note about the Lisbon trip',
  'what do you remember about the dentist',
  'recall passport',
  'find notes tagged travel',
  'list my notes',
  'show my last 5 notes',
  'show n12',
  'forget n12',
  'forget the note about the dentist',
  'forget all notes about the dentist',
];
