// Validation issues the interface words itself in each language from their parameters (contracts issueParams):
// a number's, a text's or a list's limit, an email address, a named pattern (a phone number, a date, a p-code...),
// the allowed values of a list. Pure, for problem-message.tsx useIssueText.

import type { PatternName } from '@corridor/contracts';
import type { en } from '../i18n/en.ts';
import { pluralForm } from '../i18n/plural.ts';
import { countryName } from '../places/countries.ts';
import type { FieldIssue } from './problem.ts';

/** The limits worded with their count, in the form the language gives that count (i18n/plural.ts). */
export type CountedKey = 'atLeastString' | 'atMostString' | 'atLeastArray' | 'atMostArray';

/** The sentences worded as they are (a rule, a pattern, a format), and the counted ones in a form of theirs. */
type SentenceKey = Exclude<keyof typeof en.issueText, 'explained' | 'weakPassword' | 'weakReasons' | CountedKey>;
export type WordedKey = SentenceKey | `${CountedKey}.${Intl.LDMLPluralRule}`;

/** The cross-field rules of the contracts that name themselves (refine's `params: { rule }`), by their wording. */
export const RULES = {
  one_name: 'oneName',
  not_before: 'notBefore',
  not_same: 'notSame',
  child_refuses: 'childRefuses',
  not_a_child: 'notAChild',
  anonymised: 'anonymised',
  required: 'requiredHere',
  together: 'together',
  search_by: 'searchBy',
  no_overlap: 'noOverlap',
  time_zone: 'timeZone',
  once_each: 'onceEach',
  fits_period: 'fitsPeriod',
  phone_digits: 'phoneDigits',
  no_expiry: 'noExpiry',
  one_target: 'oneTarget',
  two_parties: 'twoParties',
  some_change: 'someChange',
  other_country: 'otherCountry',
  no_repeat: 'onceEach',
  day_range: 'dayRange',
  above_zero: 'aboveZero',
  only_with_date: 'onlyWithDate',
  one_code: 'oneCode',
  code_list: 'codeList',
  not_future: 'notFuture',
  in_future: 'inFuture',
  not_past: 'notPast',
  leg_order: 'legOrder',
  leg_country: 'legCountry',
  known_country: 'knownCountry',
  known_currency: 'knownCurrency',
  real_date: 'realDate',
  number: 'number',
  platform_grant: 'platformGrant',
  platform_organisation: 'platformOrganisation',
  plain_text: 'plainText',
  pcode_place: 'pcodePlace',
} as const;

/** The named patterns of the contracts (issueParams `pattern`), by their wording. */
export const PATTERNS: Record<PatternName, SentenceKey> = {
  phone: 'phone',
  date: 'date',
  time: 'time',
  pcode: 'pcode',
  country: 'country',
  currency: 'currency',
  language: 'language',
  auth_code: 'authCode',
  amount: 'amount',
  period: 'period',
  quarter: 'quarter',
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Formats of zod's own checks (issueParams `format`) worded by the interface. */
const FORMATS: Readonly<Record<string, SentenceKey>> = { email: 'email', date: 'date', datetime: 'dateTime' };

/**
 * An issue the interface words itself from its parameters (a limit, an email format), in the language `lng` (a count
 * takes its plural form: "at least 1 character"); null otherwise.
 */
export function wordedIssue(
  issue: FieldIssue,
  lng = 'en',
): { key: WordedKey; values: { n: string }; day?: true } | null {
  const p = issue.params;
  if (!p) return null;
  // A day that comes before the first day it may be, that day named (the page words it in its language).
  if (issue.code === 'custom' && p.rule === 'not_before' && typeof p.since === 'string' && DAY.test(p.since))
    return { key: 'notBeforeDay', values: { n: p.since }, day: true };
  // A p-code that is no place of the country in OCHA's list, the country named in the page's language.
  if (issue.code === 'custom' && p.rule === 'pcode_place' && typeof p.country === 'string')
    return { key: 'pcodePlace', values: { n: countryName(p.country, lng) } };
  // A period range longer than a table may have, the most it may have named.
  if (issue.code === 'custom' && p.rule === 'period_count' && typeof p.max === 'number')
    return { key: 'periodCount', values: { n: String(p.max) } };
  if (issue.code === 'invalid_format') {
    if (typeof p.pattern === 'string' && Object.hasOwn(PATTERNS, p.pattern))
      return { key: PATTERNS[p.pattern as PatternName], values: { n: '' } };
    if (typeof p.format === 'string' && Object.hasOwn(FORMATS, p.format))
      return { key: FORMATS[p.format]!, values: { n: '' } };
    return null;
  }
  if (issue.code === 'invalid_value' && typeof p.values === 'string') return { key: 'oneOf', values: { n: p.values } };
  if (issue.code === 'invalid_type' && p.expected === 'int') return { key: 'wholeNumber', values: { n: '' } };
  if (issue.code === 'custom' && typeof p.rule === 'string' && p.rule in RULES)
    return { key: RULES[p.rule as keyof typeof RULES], values: { n: '' } };
  const limit = issue.code === 'too_small' ? p.minimum : issue.code === 'too_big' ? p.maximum : undefined;
  if (typeof limit !== 'number') return null;
  const n = { n: String(limit) };
  if (p.origin === 'number') {
    if (issue.code === 'too_small') return { key: p.inclusive === false ? 'aboveNumber' : 'atLeastNumber', values: n };
    return { key: p.inclusive === false ? 'belowNumber' : 'atMostNumber', values: n };
  }
  const counted = (key: CountedKey) => ({ key: `${key}.${pluralForm(limit, lng)}` as const, values: n });
  if (p.origin === 'string') return counted(issue.code === 'too_small' ? 'atLeastString' : 'atMostString');
  if (p.origin === 'array' || p.origin === 'set')
    return counted(issue.code === 'too_small' ? 'atLeastArray' : 'atMostArray');
  return null;
}
