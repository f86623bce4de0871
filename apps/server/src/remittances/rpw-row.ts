// Reading RPW-format price rows (docs/remittances.md): one row per provider x corridor x quarter, with the World
// Bank's column names. Each row becomes a quote or a list of problems (column and reason); the same checks serve
// quotes entered by hand.

import type { ImportIssueCode, IssueParams, RemittanceQuoteInput } from '@corridor/contracts';
import type { CheckRule } from '../errors.ts';
import { decimalOf } from '../imports/source-row.ts';
import { isCountryCode } from '../lib/countries.ts';
import { SMART_MAX_DAYS, totalCostPct } from './sdg10c1.ts';

/**
 * A problem of a row or a quote: its column (a file's header, or the field of a quote entered by hand), the English
 * words, and a code with its parameters for a client to word it in its language: a validation issue's code (`custom`
 * with a named rule, `too_big`, `too_small`, `invalid_format` as the contracts give them) or an import's own
 * (ImportIssueCode).
 */
export type RowProblem = { column: string | null; message: string; code: string; params?: IssueParams };

/** The rules a row's checks name: the service's own (CheckRule) and the contracts' ones the interface words. */
type RowRule = CheckRule | 'number' | 'known_country' | 'other_country' | 'above_zero';
const ruled = (column: string | null, message: string, rule: RowRule): RowProblem => ({
  column,
  message,
  code: 'custom',
  params: { rule },
});
const coded = (column: string | null, code: ImportIssueCode, message: string, params?: IssueParams): RowProblem => ({
  column,
  message,
  code,
  ...(params ? { params } : {}),
});
const missing = (column: string) => ruled(column, 'missing', 'required');
const tooLong = (column: string, max: number): RowProblem => ({
  column,
  message: `longer than ${max} characters`,
  code: 'too_big',
  params: { maximum: max, origin: 'string', inclusive: true },
});
const notCountry = (column: string) => ruled(column, 'not an ISO 3166-1 alpha-3 country code', 'known_country');
const sameCountry = (column: string) => ruled(column, 'must differ from the sending country', 'other_country');

/** The quarter the day of `now` (UTC) lies in, as RPW writes it: 2026_4Q. */
export const quarterOf = (now: Date): string => `${now.getUTCFullYear()}_${Math.floor(now.getUTCMonth() / 3) + 1}Q`;

/**
 * Whether a quarter (RPW's form, 2026_4Q) is still to come on the server's clock: no price can have been collected
 * in it, and a quote for it would be published as the corridor's latest prices. (Four-digit years and one-digit
 * quarters: the text's order is the quarters' order.)
 */
export const isFutureQuarter = (period: string, now: Date): boolean => period > quarterOf(now);

const FUTURE_QUARTER: Omit<RowProblem, 'column'> = {
  message: 'must not be a quarter still to come',
  code: 'custom',
  params: { rule: 'not_future' },
};

/** A checked quote, ready to store. */
export type ParsedQuote = {
  period: string;
  sourceCode: string;
  destinationCode: string;
  firm: string;
  firmType: string;
  product: string;
  paymentInstrument: string;
  accessPoint: string;
  speed: string;
  speedDays: number;
  transparent: boolean;
  accessible: boolean;
  cc1: ParsedBand;
  cc2: ParsedBand | null;
};
export type ParsedBand = { amountLcu: number | null; feeLcu: number | null; fxMarginPct: number; totalCostPct: number };

/** The identity of a service in a quarter: re-importing it updates the quote. */
export const serviceKey = (q: {
  period: string;
  sourceCode: string;
  destinationCode: string;
  firm: string;
  product: string;
}) => `${q.period}|${q.sourceCode}|${q.destinationCode}|${q.firm.toLowerCase()}|${q.product.toLowerCase()}`;

/** SmaRT conditions: transparent, accessible, and 5 days or less. */
export const isSmartEligible = (q: { transparent: boolean; accessible: boolean; speedDays: number }) =>
  q.transparent && q.accessible && q.speedDays <= SMART_MAX_DAYS;

/** Header text as a key: lower case, runs of spaces, underscores, dots and dashes as one space. */
export const headerKey = (h: string) =>
  h
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_.-]+/g, ' ');

/** The columns Corridor reads, by key, with the header names it accepts (RPW's own first). */
export const RPW_COLUMNS = {
  period: ['period'],
  source: ['source code'],
  destination: ['destination code'],
  firm: ['firm'],
  firmType: ['firm type'],
  product: ['product'],
  paymentInstrument: ['payment instrument'],
  accessPoint: ['access point', 'pick up method'],
  speed: ['speed actual', 'speed'],
  transparent: ['transparent'],
  accessible: ['accessible'],
  cc1Amount: ['cc1 lcu amount'],
  cc1Fee: ['cc1 lcu fee'],
  cc1Margin: ['cc1 fx margin'],
  cc1Total: ['cc1 total cost %', 'cc1 total cost'],
  cc2Amount: ['cc2 lcu amount'],
  cc2Fee: ['cc2 lcu fee'],
  cc2Margin: ['cc2 fx margin'],
  cc2Total: ['cc2 total cost %', 'cc2 total cost'],
} as const;
export type RpwColumn = keyof typeof RPW_COLUMNS;
const REQUIRED: RpwColumn[] = ['period', 'source', 'destination', 'firm', 'cc1Margin'];

/** Where each known column is in the header; unknown columns are ignored (RPW files carry many more). */
export function mapHeader(header: readonly string[]): { index: Map<RpwColumn, number>; missing: string[] } {
  const keys = header.map(headerKey);
  const index = new Map<RpwColumn, number>();
  for (const [col, names] of Object.entries(RPW_COLUMNS) as [RpwColumn, readonly string[]][]) {
    const i = keys.findIndex((k) => names.includes(k));
    if (i >= 0) index.set(col, i);
  }
  return { index, missing: REQUIRED.filter((c) => !index.has(c)).map((c) => RPW_COLUMNS[c][0]) };
}

/** 2025_1Q, 2025Q1, 2025-Q1 or 2025 Q1 as RPW's 2025_1Q; null when not a quarter. */
export function normalisePeriod(s: string): string | null {
  const m = /^(\d{4})[\s_-]?(?:([1-4])Q|Q([1-4]))$/i.exec(s.trim());
  return m ? `${m[1]}_${m[2] ?? m[3]}Q` : null;
}

/** RPW's speed categories as days (the upper bound); a plain number is days. */
const SPEEDS: Record<string, number> = {
  'less than one hour': 0,
  'less than 1 hour': 0,
  instant: 0,
  'same day': 0,
  'next day': 1,
  '1 day': 1,
  '2 days': 2,
  '3 5 days': 5,
  '3 to 5 days': 5,
  '6 days or more': 6,
  'more than 5 days': 6,
};
export function speedDays(s: string): number | null {
  const k = s
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');
  if (k in SPEEDS) return SPEEDS[k]!;
  return /^\d{1,2}$/.test(k) ? Number(k) : null;
}

function yesNo(s: string): boolean | null | undefined {
  const k = s.trim().toLowerCase();
  if (k === '') return undefined;
  if (['yes', 'y', 'true', '1'].includes(k)) return true;
  if (['no', 'n', 'false', '0'].includes(k)) return false;
  return null;
}

/** The names a band's problems give its values: a file's columns (`cc1 lcu fee`) or a quote's fields. */
type BandNames = { amountLcu: string; feeLcu: string; totalCostPct: string };
const fileBand = (label: 'cc1' | 'cc2'): BandNames => ({
  amountLcu: `${label} lcu amount`,
  feeLcu: `${label} lcu fee`,
  totalCostPct: `${label} total cost %`,
});
/** A quote's band as the API names its fields (`usd200/feeLcu`, JSON-pointer paths under the body). */
const quoteBand = (field: 'usd200' | 'usd500'): BandNames => ({
  amountLcu: `${field}/amountLcu`,
  feeLcu: `${field}/feeLcu`,
  totalCostPct: `${field}/totalCostPct`,
});

/** The checks of a band's fee and amount that hold on their own: a fee not negative, an amount above zero. */
function bandValueProblems(
  names: BandNames,
  v: { amountLcu?: number | null | undefined; feeLcu?: number | null | undefined },
): RowProblem[] {
  const out: RowProblem[] = [];
  if (typeof v.feeLcu === 'number' && v.feeLcu < 0)
    out.push({
      column: names.feeLcu,
      message: 'must not be negative',
      code: 'too_small',
      params: { minimum: 0, origin: 'number', inclusive: true },
    });
  if (typeof v.amountLcu === 'number' && !(v.amountLcu > 0))
    out.push(ruled(names.amountLcu, 'must be more than 0', 'above_zero'));
  return out;
}

/** Total cost from fee, amount and margin, checked against a given total (0.01 points of tolerance). */
function band(
  names: BandNames,
  v: {
    amountLcu?: number | undefined;
    feeLcu?: number | undefined;
    fxMarginPct: number;
    totalCostPct?: number | undefined;
  },
  problems: RowProblem[],
): ParsedBand | null {
  const before = problems.length;
  problems.push(...bandValueProblems(names, v));
  if (problems.length > before) return null;
  if (v.feeLcu !== undefined && v.amountLcu !== undefined) {
    const computed = totalCostPct(v.feeLcu, v.amountLcu, v.fxMarginPct);
    if (v.totalCostPct !== undefined && Math.abs(computed - v.totalCostPct) > 0.01) {
      problems.push(
        coded(
          names.totalCostPct,
          'total_cost_mismatch',
          'does not equal fee / amount x 100 + FX margin; correct one of them or leave the total empty',
        ),
      );
      return null;
    }
    return { amountLcu: v.amountLcu, feeLcu: v.feeLcu, fxMarginPct: v.fxMarginPct, totalCostPct: computed };
  }
  if (v.totalCostPct === undefined) {
    problems.push(
      coded(
        names.totalCostPct,
        'band_incomplete',
        `missing: give ${names.feeLcu} and ${names.amountLcu}, or ${names.totalCostPct}`,
        { fee: names.feeLcu, amount: names.amountLcu, total: names.totalCostPct },
      ),
    );
    return null;
  }
  return {
    amountLcu: v.amountLcu ?? null,
    feeLcu: v.feeLcu ?? null,
    fxMarginPct: v.fxMarginPct,
    totalCostPct: v.totalCostPct,
  };
}

/**
 * A country code of the World Bank's remittance files as Corridor stores it: the same, except KSV, the Bank's code
 * for Kosovo (ISO has none), which is XKX here as everywhere else in Corridor, so that a corridor's prices and its
 * history are one corridor.
 */
export const corridorCountry = (code: string): string => (code === 'KSV' ? 'XKX' : code);

/**
 * Checks a quote entered by hand (already shaped by its zod schema) against the server's clock `now`; the problems
 * name the quote's fields as the API does (`period`, `usd200/feeLcu`).
 */
export function checkQuote(
  input: RemittanceQuoteInput,
  now: Date,
): { quote: ParsedQuote | null; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  if (isFutureQuarter(input.period, now)) problems.push({ column: 'period', ...FUTURE_QUARTER });
  if (!isCountryCode(input.sourceCode)) problems.push(ruled('sourceCode', 'is not a country code', 'known_country'));
  if (!isCountryCode(input.destinationCode))
    problems.push(ruled('destinationCode', 'is not a country code', 'known_country'));
  if (input.sourceCode === input.destinationCode) problems.push(sameCountry('destinationCode'));
  const days = speedDays(input.speed);
  if (days === null) problems.push(unknownSpeed('speed'));
  const cc1 = band(quoteBand('usd200'), input.usd200, problems);
  const cc2 = input.usd500 ? band(quoteBand('usd500'), input.usd500, problems) : null;
  if (problems.length || !cc1 || days === null) return { quote: null, problems };
  return {
    quote: {
      period: input.period,
      sourceCode: input.sourceCode,
      destinationCode: input.destinationCode,
      firm: input.firm,
      firmType: input.firmType,
      product: input.product,
      paymentInstrument: input.paymentInstrument,
      accessPoint: input.accessPoint,
      speed: input.speed,
      speedDays: days,
      transparent: input.transparent,
      accessible: input.accessible,
      cc1,
      cc2,
    },
    problems,
  };
}

/** RPW's speed categories as a file writes them, for a speed that is none of them. */
const SPEED_NAMES = 'Less than one hour, Same day, Next day, 2 days, 3-5 days, 6 days or more';
const unknownSpeed = (column: string) =>
  coded(
    column,
    'unknown_speed',
    'not a known speed: use "Less than one hour", "Same day", "Next day", "2 days", "3-5 days", "6 days or more" or a number of days',
    { values: SPEED_NAMES },
  );

/**
 * Reads one data row of a file; the column names in problems are the file's own headers. A quarter after the one
 * `now` (the server's clock) lies in is a problem of the row. Every problem of the row comes at once: each check runs
 * on the values it needs that could be read. `key` is the service's identity in its quarter (serviceKey) whenever
 * the row names one readably, also when another of its values is wrong, so that a repeat is reported with the rest.
 */
export function parseRow(
  cells: readonly string[],
  index: ReadonlyMap<RpwColumn, number>,
  header: readonly string[],
  now: Date,
): { quote: ParsedQuote | null; problems: RowProblem[]; key: string | null } {
  const problems: RowProblem[] = [];
  const nameOf = (c: RpwColumn) => (index.has(c) ? (header[index.get(c)!] ?? RPW_COLUMNS[c][0]) : RPW_COLUMNS[c][0]);
  const text = (c: RpwColumn) => {
    const i = index.get(c);
    return i === undefined ? '' : (cells[i] ?? '').trim();
  };
  /** The cell, or '' with its problem when empty or too long. */
  const required = (c: RpwColumn, max: number) => {
    const v = text(c);
    if (!v) problems.push(missing(nameOf(c)));
    else if (v.length > max) {
      problems.push(tooLong(nameOf(c), max));
      return '';
    }
    return v;
  };
  const optional = (c: RpwColumn, max: number, fallback: string) => {
    const v = text(c);
    if (v.length > max) problems.push(tooLong(nameOf(c), max));
    return v || fallback;
  };
  const num = (c: RpwColumn): number | undefined | null => {
    const v = text(c);
    if (!v) return undefined;
    const n = decimalOf(v.replace(/%$/, ''));
    if (n === null) {
      problems.push(ruled(nameOf(c), 'not a number', 'number'));
      return null;
    }
    return n;
  };
  /** A country's code, or '' when it is missing or no country's. */
  const country = (c: RpwColumn) => {
    const v = corridorCountry(required(c, 3).toUpperCase());
    if (v && !isCountryCode(v)) {
      problems.push(notCountry(nameOf(c)));
      return '';
    }
    return v;
  };

  const rawPeriod = required('period', 20);
  const period = rawPeriod ? normalisePeriod(rawPeriod) : null;
  if (rawPeriod && !period)
    problems.push({
      column: nameOf('period'),
      message: 'not a quarter such as 2025_1Q',
      code: 'invalid_format',
      params: { format: 'regex', pattern: 'quarter' },
    });
  else if (period && isFutureQuarter(period, now)) problems.push({ column: nameOf('period'), ...FUTURE_QUARTER });
  const sourceCode = country('source');
  const destinationCode = country('destination');
  if (sourceCode && sourceCode === destinationCode) problems.push(sameCountry(nameOf('destination')));
  const firm = required('firm', 200);
  const firmType = optional('firmType', 60, 'unknown');
  const rawProduct = text('product');
  const product = optional('product', 200, '');
  const paymentInstrument = optional('paymentInstrument', 100, 'unknown');
  const accessPoint = optional('accessPoint', 100, 'unknown');
  const speed = optional('speed', 60, '');
  let days: number | null = null;
  if (!speed) problems.push(missing(nameOf('speed')));
  else {
    days = speedDays(speed);
    if (days === null) problems.push(unknownSpeed(nameOf('speed')));
  }
  const flag = (c: RpwColumn) => {
    const v = yesNo(text(c));
    if (v === null) problems.push(coded(nameOf(c), 'yes_or_no', 'must be yes or no'));
    return v ?? true;
  };
  const transparent = flag('transparent');
  const accessible = flag('accessible');

  const bandOf = (label: 'cc1' | 'cc2') => {
    const [a, f, m, t] =
      label === 'cc1'
        ? (['cc1Amount', 'cc1Fee', 'cc1Margin', 'cc1Total'] as const)
        : (['cc2Amount', 'cc2Fee', 'cc2Margin', 'cc2Total'] as const);
    const amountLcu = num(a);
    const feeLcu = num(f);
    const fxMarginPct = num(m);
    const total = num(t);
    if (label === 'cc2' && [amountLcu, feeLcu, fxMarginPct, total].every((x) => x === undefined)) return undefined;
    if (fxMarginPct === undefined) problems.push(missing(nameOf(m)));
    if (amountLcu === null || feeLcu === null || fxMarginPct === null || fxMarginPct === undefined || total === null) {
      // What can still be judged without the values that could not be read.
      problems.push(...bandValueProblems(fileBand(label), { amountLcu, feeLcu }));
      return null;
    }
    return band(fileBand(label), { amountLcu, feeLcu, fxMarginPct, totalCostPct: total }, problems);
  };
  const cc1 = bandOf('cc1');
  const cc2 = bandOf('cc2');
  const key =
    period && sourceCode && destinationCode && firm && rawProduct.length <= 200
      ? serviceKey({ period, sourceCode, destinationCode, firm, product })
      : null;
  if (problems.length || !period || !cc1 || cc2 === null || days === null) return { quote: null, problems, key };
  return {
    quote: {
      period,
      sourceCode,
      destinationCode,
      firm,
      firmType,
      product,
      paymentInstrument,
      accessPoint,
      speed,
      speedDays: days,
      transparent,
      accessible,
      cc1,
      cc2: cc2 ?? null,
    },
    problems,
    key,
  };
}
