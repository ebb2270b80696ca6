import type { AirepIssue } from './airep-issues.ts';

export type AirepMessageType = 'ARP' | 'ARS';

/**
 * What a message says, in fixed units. Absent or unreadable values are null.
 * - `lat`, `lon`: decimal degrees, north and east positive (rounded to 6 decimals).
 * - `fix`: a named significant point (which has no coordinates).
 * - `time`: "HHMM" as reported (UTC).
 * - `level`: hundreds of feet: `F370`/`FL370` is 370; an altitude `A050` (5,000 ft) is 50 on the same
 *   scale; a layer `FL180/210` is its lower level, 180.
 * - `tempC`: degrees Celsius (`MS513` is -51.3). `windDir`: degrees true. `windKt`: knots.
 * - `turbulence`, `icing`: the intensity as written (`MOD`, `SEV`, `LGT-MOD`; turbulence may carry `CAT`
 *   or `INC`). `phenomenon`: the ARS phenomenon (`SEV TURB`, `VA CLD`, ...).
 */
export interface AirepFields {
  callsign: string | null;
  lat: number | null;
  lon: number | null;
  fix: string | null;
  time: string | null;
  level: number | null;
  tempC: number | null;
  windDir: number | null;
  windKt: number | null;
  turbulence: string | null;
  icing: string | null;
  phenomenon: string | null;
}

/** The WMO bulletin a message was found under: its header line and the date it gives. */
export interface AirepBulletin {
  header: string;
  /** Day of the month. */
  day: number;
  /** "HHMM" of the bulletin. */
  time: string;
}

export interface AirepReport {
  /** 1-based line number in the input. */
  line: number;
  raw: string;
  valid: boolean;
  /** Null when the line is not a message of a known type. */
  type: AirepMessageType | null;
  fields: AirepFields;
  issues: AirepIssue[];
  /** The bulletin the message was under, or null. */
  bulletin: AirepBulletin | null;
}

export interface AirepSummary {
  /** Messages checked (every reported line). */
  total: number;
  valid: number;
  invalid: number;
  /** Warning issues over all messages. */
  warnings: number;
}

export interface AirepCheckResult {
  reports: AirepReport[];
  summary: AirepSummary;
}

/** Fields with nothing read yet. */
export function emptyFields(): AirepFields {
  return {
    callsign: null,
    lat: null,
    lon: null,
    fix: null,
    time: null,
    level: null,
    tempC: null,
    windDir: null,
    windKt: null,
    turbulence: null,
    icing: null,
    phenomenon: null,
  };
}
