import { z } from 'zod';
import { isCountryCode } from './countries.ts';

/**
 * The checks of a pattern a client words in its own language, by name (issueParams `pattern`). A pattern's issue
 * says only that the value does not match it, which a client cannot turn into a sentence saying what to write; the
 * name says which rule it is (a phone number, a date, a p-code...). A name stands for every pattern registered
 * under it; one pattern has one name.
 */
export const PATTERN_NAMES = [
  'phone',
  'date',
  'time',
  'pcode',
  'country',
  'currency',
  'language',
  'auth_code',
  'amount',
  'period',
  'quarter',
] as const;
export type PatternName = (typeof PATTERN_NAMES)[number];
const patternNames = new Map<string, PatternName>();

/** Registers a pattern under its name (see PATTERN_NAMES) and returns it, for `z.string().regex(...)`. */
export function namedPattern(pattern: RegExp, name: PatternName): RegExp {
  const key = String(pattern);
  const known = patternNames.get(key);
  if (known !== undefined && known !== name) throw new Error(`pattern ${key} is named ${known} already`);
  patternNames.set(key, name);
  return pattern;
}

/** The name of a pattern as a zod issue gives it (its `pattern`, the expression as text), if it has one. */
export const patternName = (pattern: string): PatternName | undefined => patternNames.get(pattern);

/** An opaque identifier (UUID v4) of any record. */
export const Id = z.uuid().toLowerCase().meta({ id: 'Id', description: 'Opaque record identifier (UUID).' });

/**
 * ISO 3166-1 alpha-3 country code, as used across Corridor (HXL #country+code): a known one (countries.ts), so that
 * a slip ("SUD", "QQQ") is refused instead of becoming a country of its own in every table and figure.
 */
export const THREE_CAPITALS = namedPattern(/^[A-Z]{3}$/, 'country');
/** The same shape for a currency, named apart (the `u` flag changes nothing of what it matches, only its name). */
const CURRENCY_SHAPE = namedPattern(/^[A-Z]{3}$/u, 'currency');

export const CountryCode = z
  .string()
  .regex(THREE_CAPITALS, 'must be an ISO 3166-1 alpha-3 code in capitals, e.g. "SDN"')
  // (Only a code of the right shape is looked up, so that a malformed one gets one issue; an aborting check would
  // also stop the checks of the object around it, and a request is told every problem at once.)
  .refine((c) => !THREE_CAPITALS.test(c) || isCountryCode(c), {
    message: 'is not an ISO 3166-1 alpha-3 country code (e.g. "SDN", "SSD"; Kosovo is "XKX")',
    params: { rule: 'known_country' },
  })
  .meta({ id: 'CountryCode', description: 'ISO 3166-1 alpha-3 country code (or XKX for Kosovo).' });

/**
 * The ISO 4217 currencies the runtime's Unicode data knows (Intl: Node's ICU on the server, the browser's in the web
 * app), so that a slip ("QQQ", "USS") is refused instead of becoming a currency of its own in ledgers and figures.
 */
const CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

/** ISO 4217 currency code: three capitals, a known currency. */
export const CurrencyCode = z
  .string()
  .regex(CURRENCY_SHAPE, 'must be an ISO 4217 code in capitals, e.g. "USD"')
  // (Only a code of the right shape is looked up: one issue for a malformed one, as CountryCode.)
  .refine((c) => !CURRENCY_SHAPE.test(c) || CURRENCIES.has(c), {
    message: 'is not an ISO 4217 currency code (e.g. "USD", "SDG")',
    params: { rule: 'known_currency' },
  })
  .meta({ id: 'CurrencyCode', description: 'ISO 4217 currency code.' });

/**
 * The years a date or time may fall in (1900 to 2100): wide enough for any birth date and any plan, narrow enough
 * that a slip of the keyboard (0001, 9999) is refused instead of stored and carried into figures.
 */
export const FIRST_DAY = '1900-01-01';
export const LAST_DAY = '2100-12-31';
const RANGE_MESSAGE = `must be between ${FIRST_DAY} and ${LAST_DAY}`;

/** Timestamps travel as ISO 8601 strings in UTC (years 1900 to 2100). */
export const Timestamp = z.iso.datetime({ offset: true }).refine(
  (v) => {
    // A value that is not a time at all has its own issue already (the format): nothing more to say about it.
    const at = Date.parse(v);
    if (Number.isNaN(at)) return true;
    const day = new Date(at).toISOString().slice(0, 10);
    return day >= FIRST_DAY && day <= LAST_DAY;
  },
  { message: RANGE_MESSAGE, params: { rule: 'day_range' } },
);

/** A calendar date, YYYY-MM-DD, from 1900-01-01 to 2100-12-31. */
export const DayInRange = z.iso
  .date()
  .refine((v) => v >= FIRST_DAY && v <= LAST_DAY, { message: RANGE_MESSAGE, params: { rule: 'day_range' } });

export const IdParams = z.object({ id: Id });

/** Page request for list endpoints. */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

/** A page of results: `next` is passed back as `cursor` for the following page. */
export const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), next: z.string().nullable() });

/** One validation problem: where (a JSON pointer into the request) and what is wrong. */
/** Parameters of an issue, for a client to word it (a limit, a list of allowed values, a row number...). */
export const IssueParams = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));
export type IssueParams = z.infer<typeof IssueParams>;

export const ValidationIssue = z.object({
  location: z.enum(['body', 'query', 'params', 'headers']),
  pointer: z.string(),
  message: z.string(),
  code: z.string(),
  row: z.number().int().optional().describe('Imports: the row of the file, as a spreadsheet numbers it.'),
  column: z.string().nullable().optional().describe('Imports: the column of the file.'),
  issue: z
    .string()
    .optional()
    .describe('Imports: the row’s problem as a code a client words in its own language (ImportError.issue).'),
  params: IssueParams.optional().describe(
    'What a client needs to word the issue in its own language: the limit of a too_small or too_big issue (`minimum` or `maximum`, `origin` number, string or array, `inclusive`), the `format` of an invalid_format one and the `pattern` it breaks when the pattern has a name (PATTERN_NAMES: `phone`, `date`, `pcode`...), the allowed `values` of an invalid_value one (comma-separated, for a list of at most 30), the `rule` of a cross-field check (`one_name`: give at least one name).',
  ),
});

/** A list of allowed values longer than this is not repeated in each issue. */
const MAX_LISTED_VALUES = 30;

/** The parameters of a zod issue a client words it with (ValidationIssue.params); undefined when it has none. */
export function issueParams(issue: z.core.$ZodIssue): Record<string, string | number | boolean> | undefined {
  const out: Record<string, string | number | boolean> = {};
  if (issue.code === 'too_small' || issue.code === 'too_big') {
    const limit = issue.code === 'too_small' ? issue.minimum : issue.maximum;
    if (typeof limit === 'number') out[issue.code === 'too_small' ? 'minimum' : 'maximum'] = limit;
    if (issue.origin) out.origin = issue.origin;
    out.inclusive = issue.inclusive !== false;
  } else if (issue.code === 'invalid_format') {
    out.format = issue.format;
    const name = issue.format === 'regex' && 'pattern' in issue ? patternName(String(issue.pattern)) : undefined;
    if (name) out.pattern = name;
  }
  // The allowed values of a short list (a sex, a case type...), for a client to say which ones it takes (not of a
  // single literal, whose own message says what it is for).
  else if (issue.code === 'invalid_value' && issue.values.length > 1 && issue.values.length <= MAX_LISTED_VALUES)
    out.values = issue.values.map(String).join(', ');
  // A number that must be whole (zod's int check), for a client to say so rather than "expected int".
  else if (issue.code === 'invalid_type' && issue.expected === 'int') out.expected = 'int';
  // A cross-field rule a client words itself names itself (refine's `params: { rule }`), with what else the contract
  // gives it to be worded by (the fields of a range: rangeInOrder). Fixed words of the contract, never input values.
  else if (issue.code === 'custom' && typeof issue.params?.rule === 'string')
    for (const [key, value] of Object.entries(issue.params))
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out[key] = value;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** RFC 9457 problem details, as every error response of the API. */
export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    code: z.string(),
    instance: z.string().optional(),
    correlationId: z.string().optional(),
    errors: z.array(ValidationIssue).optional(),
    /** A refusal for too many attempts: the seconds to wait, as the Retry-After header says them. */
    retryAfter: z.number().int().positive().optional(),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof Problem>;

/**
 * A refinement for a query or body with an optional range: `to` (the field `toKey`) must not come before `from`.
 * Both are ISO dates or times, which compare as text. The issue names its rule (`not_before`, as every end before its
 * start) and the range's two fields (`start`, `end`), so that a client words it without knowing the query.
 */
export const rangeInOrder =
  <K extends string, L extends string>(fromKey: K, toKey: L) =>
  (v: Partial<Record<K | L, string | undefined>>, ctx: z.RefinementCtx): void => {
    const from = v[fromKey];
    const to = v[toKey];
    if (from !== undefined && to !== undefined && to < from)
      ctx.addIssue({
        code: 'custom',
        path: [toKey],
        message: `must not be before ${fromKey}`,
        params: { rule: 'not_before', start: fromKey, end: toKey },
      });
  };
