/**
 * For each language and chat agent of the roster: an input, an answer a good model would give, what
 * Nova must make of it, and an answer that fails the agent's output schema or checks.
 */
export interface AgentFixture {
  id: string;
  input: Record<string, unknown>;
  /** The model's answer text for the good case (JSON text for structured agents). */
  goodAnswer: string;
  /** What the run's output must contain. */
  expectedOutput: Record<string, unknown>;
  /** An answer that breaks the output schema or the agent's checks; absent for free-text agents. */
  invalidAnswer?: string;
}

export const agentFixtures: AgentFixture[] = [
  { id: 'chat', input: { text: 'hi, how is it going?' }, goodAnswer: 'All good here, thanks! How can I help?', expectedOutput: { text: 'All good here, thanks! How can I help?' } },
  {
    id: 'explainer',
    input: { text: 'what does ECONNRESET mean', depth: 'brief' },
    goodAnswer: 'ECONNRESET means the other side closed the TCP connection abruptly.',
    expectedOutput: { text: 'ECONNRESET means the other side closed the TCP connection abruptly.' },
  },
  {
    id: 'planner',
    input: { text: 'plan the migration of our invoices to the new ERP' },
    goodAnswer: JSON.stringify({
      goal: 'Migrate all invoices to the new ERP by month end',
      steps: [
        { order: 1, title: 'Export invoices', detail: 'Export open and closed invoices as CSV.', agentId: null },
        { order: 2, title: 'Validate the export', detail: 'No malformed rows remain.', agentId: 'summarizer' },
      ],
    }),
    expectedOutput: { goal: 'Migrate all invoices to the new ERP by month end' },
    invalidAnswer: JSON.stringify({ goal: 'x', steps: [{ order: 1, title: 'Do it', detail: 'All of it.', agentId: 'no-such-agent' }] }),
  },
  {
    id: 'brainstormer',
    input: { text: 'ideas for a team offsite', count: 3 },
    goodAnswer: JSON.stringify({
      problem: 'A one-day offsite for a team of eight',
      options: [
        { rank: 1, title: 'Hike and picnic', description: 'A guided hike with lunch outdoors.', pros: ['cheap'], cons: ['weather'], score: 8 },
        { rank: 2, title: 'Cooking class', description: 'Cook a meal together.', pros: ['teamwork'], cons: ['cost'], score: 7 },
        { rank: 3, title: 'Escape room', description: 'Solve puzzles in teams.', pros: ['fun'], cons: ['short'], score: 6 },
      ],
    }),
    expectedOutput: { problem: 'A one-day offsite for a team of eight' },
    invalidAnswer: JSON.stringify({ problem: 'offsite', options: [{ rank: 1, title: 'Hike' }] }),
  },
  {
    id: 'summarizer',
    input: { text: 'The board approved the 2027 budget of 4.2 million euros. Hiring is frozen until March.' },
    goodAnswer: JSON.stringify({ summary: 'The board approved a 4.2 M EUR budget for 2027 and froze hiring until March.', keyPoints: ['Budget 4.2 M EUR approved', 'Hiring frozen until March'] }),
    expectedOutput: { summary: 'The board approved a 4.2 M EUR budget for 2027 and froze hiring until March.', chunks: 1 },
    invalidAnswer: JSON.stringify({ summary: 'Budget approved.', keyPoints: [] }),
  },
  {
    id: 'translator',
    input: { text: 'Please send the delivery note.', targetLanguage: 'German', glossary: { 'delivery note': 'Lieferschein' } },
    goodAnswer: JSON.stringify({ translation: 'Bitte senden Sie den Lieferschein.', targetLanguage: 'German' }),
    expectedOutput: { translation: 'Bitte senden Sie den Lieferschein.', targetLanguage: 'German' },
    invalidAnswer: JSON.stringify({ translated: 'Bitte senden Sie den Lieferschein.' }),
  },
  {
    id: 'proofreader',
    input: { text: 'She dont like apples.' },
    goodAnswer: JSON.stringify({ corrected: "She doesn't like apples.", corrections: [{ original: 'dont', replacement: "doesn't", reason: 'subject-verb agreement and apostrophe' }] }),
    expectedOutput: { corrected: "She doesn't like apples." },
    invalidAnswer: JSON.stringify({ corrected: "She doesn't like pears.", corrections: [{ original: 'do not', replacement: "doesn't", reason: 'grammar' }] }),
  },
  {
    id: 'tone-rewriter',
    input: { text: 'make this more formal: hey, send me the file asap', tone: 'formal' },
    goodAnswer: 'Could you please send me the file at your earliest convenience?',
    expectedOutput: { text: 'Could you please send me the file at your earliest convenience?' },
  },
  {
    id: 'entity-extractor',
    input: { text: 'Anna Berg of Acme GmbH paid EUR 1,250 on 3 March 2026. Anna Berg confirmed.' },
    goodAnswer: JSON.stringify({
      entities: [
        { type: 'person', text: 'Anna Berg' },
        { type: 'organization', text: 'Acme GmbH' },
        { type: 'amount', text: 'EUR 1,250', normalized: '1250.00 EUR' },
        { type: 'date', text: '3 March 2026', normalized: '2026-03-03' },
      ],
    }),
    expectedOutput: {
      entities: [
        { type: 'person', text: 'Anna Berg', start: 0, end: 9 },
        { type: 'organization', text: 'Acme GmbH', start: 13, end: 22 },
        { type: 'amount', text: 'EUR 1,250', start: 28, end: 37, normalized: '1250.00 EUR' },
        { type: 'date', text: '3 March 2026', start: 41, end: 53, normalized: '2026-03-03' },
        { type: 'person', text: 'Anna Berg', start: 55, end: 64 },
      ],
    },
    invalidAnswer: JSON.stringify({ entities: [{ type: 'person', text: 'Anna Bergmann' }] }),
  },
  {
    id: 'text-classifier',
    input: { text: 'classify these tickets', labels: ['bug', 'question', 'feature'], items: ['The app crashes on save', 'How do I export?'] },
    goodAnswer: JSON.stringify({
      labels: ['bug', 'question', 'feature'],
      items: [
        { text: 'The app crashes on save', label: 'bug', reason: 'It describes a crash.' },
        { text: 'How do I export?', label: 'question', reason: 'It asks how to do something.' },
      ],
    }),
    expectedOutput: { labels: ['bug', 'question', 'feature'] },
    invalidAnswer: JSON.stringify({ labels: ['bug', 'question', 'feature'], items: [{ text: 'The app crashes on save', label: 'urgent', reason: 'Crash.' }, { text: 'How do I export?', label: 'question', reason: 'A question.' }] }),
  },
  {
    id: 'email-drafter',
    input: { text: 'email my landlord about the broken heater', recipient: 'Ms Jansen' },
    goodAnswer: JSON.stringify({ subject: 'Broken heater in flat 3B', body: 'Dear Ms Jansen,\n\nThe heater in my flat has stopped working. Could you arrange a repair this week?\n\nKind regards' }),
    expectedOutput: { subject: 'Broken heater in flat 3B' },
    invalidAnswer: JSON.stringify({ subject: '', body: 'Hello' }),
  },
];
