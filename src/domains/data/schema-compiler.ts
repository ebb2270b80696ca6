import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { isIP } from 'node:net';
import { NovaError } from '../../core/errors.ts';
import { errorMessage } from '../../core/error-message.ts';

export interface CompiledSchema {
  validate: ValidateFunction;
  /** What Ajv noticed but accepted, e.g. an unknown `format` that is therefore not checked. */
  warnings: string[];
}

/**
 * The `format`s Nova checks (Ajv checks none by itself, and ajv-formats is not a dependency). Other
 * formats are accepted and not checked, with a warning.
 */
const formats: Record<string, RegExp | ((value: string) => boolean)> = {
  date: (value) => isCalendarDate(value),
  time: /^\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[zZ]|[+-]\d{2}:\d{2})?$/,
  'date-time': (value) => {
    const match = /^(\d{4}-\d{2}-\d{2})[tT ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[zZ]|[+-]\d{2}:\d{2})$/.exec(value);
    return match !== null && isCalendarDate(match[1]!) && Number(match[2]) < 24 && Number(match[3]) < 60 && Number(match[4]) < 61;
  },
  email: /^[^\s@"]+@[^\s@.]+(?:\.[^\s@.]+)+$/,
  uri: /^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s]*$/,
  uuid: /^(?:urn:uuid:)?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
  ipv4: (value) => isIP(value) === 4,
  ipv6: (value) => isIP(value) === 6,
  hostname: /^(?=.{1,253}$)[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/,
};

/** Names of the formats Nova checks, for documentation and errors. */
export const checkedFormats = Object.keys(formats);

/**
 * Compiles a JSON Schema once, with every error reported per value (`allErrors`). The dialect follows
 * `$schema`: draft 2020-12 and 2019-09 have their own Ajv classes; anything else (or none) is read as
 * draft-07, which also covers draft-06. A schema that does not compile is the user's to fix, and the
 * error says where.
 */
export function compileSchema(schema: Record<string, unknown>, description: string): CompiledSchema {
  const warnings = new Set<string>();
  const logger = {
    log: () => undefined,
    warn: (...parts: unknown[]) => warnings.add(parts.map(String).join(' ')),
    error: (...parts: unknown[]) => warnings.add(parts.map(String).join(' ')),
  };
  const options = { allErrors: true, strict: false, logger, formats };
  const dialect = typeof schema['$schema'] === 'string' ? schema['$schema'] : '';
  if (/draft-0[34]/.test(dialect)) {
    throw new NovaError({
      code: 'input_invalid',
      fault: 'user',
      message: `The ${description} is written in JSON Schema ${/draft-03/.test(dialect) ? 'draft-03' : 'draft-04'}, which Nova does not read`,
      hint: 'Use draft-07 or later: usually only "$schema", "id" -> "$id" and boolean "exclusiveMinimum"/"exclusiveMaximum" need changing.',
      details: { schemaDialect: dialect },
    });
  }
  const ajv = dialect.includes('2020-12') ? new Ajv2020(options) : dialect.includes('2019-09') ? new Ajv2019(options) : new Ajv(options);
  let validate: ValidateFunction;
  try {
    validate = ajv.compile(schema);
  } catch (error) {
    throw new NovaError({
      code: 'input_invalid',
      fault: 'user',
      message: `The ${description} is not a valid JSON Schema: ${errorMessage(error)}`,
      hint: 'Fix the schema; https://json-schema.org/understanding-json-schema lists the keywords and their values.',
      cause: error,
    });
  }
  return { validate, warnings: [...warnings] };
}

function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (match === null) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}
