/**
 * The closed set of problems the AIREP checker reports. Each code has one fixed severity: an `error`
 * makes the message invalid, a `warning` leaves it valid but worth a look.
 */
export const airepIssueSeverities = {
  unknown_designator: 'error',
  callsign_malformed: 'error',
  position_malformed: 'error',
  minutes_out_of_range: 'error',
  latitude_out_of_range: 'error',
  longitude_out_of_range: 'error',
  time_malformed: 'error',
  time_out_of_range: 'error',
  level_malformed: 'error',
  level_out_of_range: 'error',
  temperature_malformed: 'error',
  temperature_out_of_range: 'error',
  temperature_implausible_at_level: 'error',
  wind_malformed: 'error',
  wind_direction_out_of_range: 'error',
  wind_speed_out_of_range: 'error',
  turbulence_malformed: 'error',
  icing_malformed: 'error',
  phenomenon_missing: 'error',
  phenomenon_unknown: 'error',
  duplicate_group: 'error',
  duplicate_message: 'error',
  bulletin_header_invalid: 'error',
  wind_speed_high_low_level: 'warning',
  ground_speed_implausible: 'warning',
  callsign_too_long: 'warning',
  unrecognized_group: 'warning',
} as const satisfies Record<string, AirepSeverity>;

export type AirepSeverity = 'error' | 'warning';
export type AirepIssueCode = keyof typeof airepIssueSeverities;

export interface AirepIssue {
  code: AirepIssueCode;
  severity: AirepSeverity;
  /** Names the offending value, e.g. `latitude 9130N is beyond 90°`. */
  message: string;
}

/** An issue with the severity its code always has. */
export function airepIssue(code: AirepIssueCode, message: string): AirepIssue {
  return { code, severity: airepIssueSeverities[code], message };
}
