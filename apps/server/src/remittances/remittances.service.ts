// Remittance prices and recruitment costs (docs/remittances.md). Price quotes are public facts about firms: every
// organisation reads all of them (they are published on /public/remittances), only the organisation that recorded
// a quote may change or delete it. Survey responses (SDG 10.7.1) are pseudonymous microdata: each organisation
// sees its own only.
//
// Imports behave as the other imports of Corridor (docs/import.md): a file with any bad row (missing or unreadable
// values, a negative fee, an unknown country or speed, a quarter still to come) is refused whole, listing every
// problem with its row and column; nothing is written. Values that are readable but must not count (negative total cost or FX margin, a
// cost of 100% or more, statistical outliers) are imported and reported as exclusions, row by row.

import { randomUUID } from 'node:crypto';
import type {
  ImportError,
  RecruitmentCostInput,
  RemittanceImportReport,
  RemittanceQuote,
  RemittanceQuoteInput,
  Sdg10c1Report,
  TableFormat,
} from '@corridor/contracts';
import { issueParams, RpwPeriod } from '@corridor/contracts';
import { parse } from 'csv-parse/sync';
import type { z } from 'zod';
import type { Db, Trx } from '../db/database.ts';
import { badCursor, DomainError, invalidFields, notFound, type ValidationIssue } from '../errors.ts';
import type { Principal } from '../http/principal.ts';
import { isHashtagRow } from '../imports/hxl.ts';
import { importRejected } from '../imports/imports.service.ts';
import { decimalOf, tooManyRows } from '../imports/source-row.ts';
import { readTable, UnreadableTable } from '../imports/tabular.ts';
import { isCountryCode } from '../lib/countries.ts';
import type { RecruitmentCostResponseRow, RemittanceQuoteRow, RemittanceQuoteTable } from './remittances.table.ts';
import {
  checkQuote,
  corridorCountry,
  headerKey,
  isFutureQuarter,
  isSmartEligible,
  mapHeader,
  type ParsedQuote,
  parseRow,
  quarterOf,
  type RowProblem,
  serviceKey,
} from './rpw-row.ts';
import { computeSdg10c1, type PeriodFigure, type QuoteInput } from './sdg10c1.ts';
import { computeSdg1071, recruitmentCostRatio, type Sdg1071Result } from './sdg1071.ts';

/** Where a file's data begins: after the header, and after an HXL hashtag row under it (as Corridor's exports have). */
const firstDataRow = (grid: readonly (readonly string[])[]): number =>
  grid.length > 1 && isHashtagRow(grid[1]!) ? 2 : 1;

export type QuoteImportLimits = { maxBytes: number; maxRows: number };

/** A quote's or a response's problems as validation_failed, at their fields, with their codes and parameters. */
const validation = (problems: RowProblem[]) => invalidFields(problems.map(issueOf));
const issueOf = (p: RowProblem): ValidationIssue => ({
  location: 'body',
  pointer: `/${p.column ?? ''}`.replace(/ /g, ''),
  message: p.message,
  code: p.code,
  ...(p.params ? { params: p.params } : {}),
});

/** A row's problem as an import reports it (ImportError), with its code and parameters. */
const importErrorOf = (row: number, p: RowProblem): ImportError => ({
  row,
  column: p.column,
  message: p.message,
  issue: p.code,
  ...(p.params ? { params: p.params } : {}),
});

/** A required column the file lacks (the header's row). */
const missingColumn = (column: string): ImportError => ({
  row: 1,
  column,
  message: 'this column is required',
  issue: 'missing_column',
  params: { columns: column },
});
const noDataRows: ImportError = { row: 0, column: null, message: 'the file has no data rows', issue: 'no_data_rows' };

/**
 * The quarter of a quote's raw body when it is still to come (the check createQuote makes), for the route's
 * checksWhenRefused: a form whose other fields the contract refused hears of it at once. Only a period the contract
 * reads as a quarter is judged.
 */
export function futureQuarterIn(body: unknown, now: Date): ValidationIssue[] {
  const period = (body as { period?: unknown }).period;
  return RpwPeriod.safeParse(period).success && isFutureQuarter(period as string, now)
    ? [
        issueOf({
          column: 'period',
          message: 'must not be a quarter still to come',
          code: 'custom',
          params: { rule: 'not_future' },
        }),
      ]
    : [];
}

function quoteRow(q: ParsedQuote, p: Principal, enteredBy: 'import' | 'manual', at: string): RemittanceQuoteTable {
  return {
    id: randomUUID(),
    organisation_id: p.organisationId,
    period: q.period,
    source_code: q.sourceCode,
    destination_code: q.destinationCode,
    firm: q.firm,
    firm_type: q.firmType,
    product: q.product,
    payment_instrument: q.paymentInstrument,
    access_point: q.accessPoint,
    speed: q.speed,
    speed_days: q.speedDays,
    transparent: q.transparent ? 1 : 0,
    accessible: q.accessible ? 1 : 0,
    cc1_amount_lcu: q.cc1.amountLcu,
    cc1_fee_lcu: q.cc1.feeLcu,
    cc1_fx_margin: q.cc1.fxMarginPct,
    cc1_total_cost: q.cc1.totalCostPct,
    cc2_amount_lcu: q.cc2?.amountLcu ?? null,
    cc2_fee_lcu: q.cc2?.feeLcu ?? null,
    cc2_fx_margin: q.cc2?.fxMarginPct ?? null,
    cc2_total_cost: q.cc2?.totalCostPct ?? null,
    entered_by: enteredBy,
    created_by: p.userId,
    created_at: at,
    updated_at: at,
  };
}

/** The API shape of a quote; `mine` tells the caller's own (never which organisation recorded another's). */
export function presentQuote(r: RemittanceQuoteRow, p: Principal | null): RemittanceQuote {
  const transparent = Boolean(r.transparent);
  const accessible = Boolean(r.accessible);
  return {
    id: r.id,
    period: r.period,
    sourceCode: r.source_code,
    destinationCode: r.destination_code,
    firm: r.firm,
    firmType: r.firm_type,
    product: r.product,
    paymentInstrument: r.payment_instrument,
    accessPoint: r.access_point,
    speed: r.speed,
    speedDays: Number(r.speed_days),
    transparent,
    accessible,
    smartEligible: isSmartEligible({ transparent, accessible, speedDays: Number(r.speed_days) }),
    usd200: {
      amountLcu: r.cc1_amount_lcu,
      feeLcu: r.cc1_fee_lcu,
      fxMarginPct: Number(r.cc1_fx_margin),
      totalCostPct: Number(r.cc1_total_cost),
    },
    usd500:
      r.cc2_total_cost === null
        ? null
        : {
            amountLcu: r.cc2_amount_lcu,
            feeLcu: r.cc2_fee_lcu,
            fxMarginPct: Number(r.cc2_fx_margin),
            totalCostPct: Number(r.cc2_total_cost),
          },
    enteredBy: r.entered_by,
    mine: p !== null && r.organisation_id === p.organisationId,
    updatedAt: String(r.updated_at),
  };
}

/** A stored quote as the indicator functions read it. */
export function indicatorQuote(r: {
  id: string;
  period: string;
  source_code: string;
  destination_code: string;
  firm: string;
  speed_days: number;
  transparent: number;
  accessible: number;
  cc1_fx_margin: number;
  cc1_total_cost: number;
  cc2_fx_margin: number | null;
  cc2_total_cost: number | null;
}): QuoteInput {
  return {
    id: r.id,
    period: r.period,
    source: r.source_code,
    destination: r.destination_code,
    firm: r.firm,
    smartEligible: isSmartEligible({
      transparent: Boolean(r.transparent),
      accessible: Boolean(r.accessible),
      speedDays: Number(r.speed_days),
    }),
    bands: {
      200: { totalCostPct: Number(r.cc1_total_cost), fxMarginPct: Number(r.cc1_fx_margin) },
      ...(r.cc2_total_cost === null
        ? {}
        : { 500: { totalCostPct: Number(r.cc2_total_cost), fxMarginPct: Number(r.cc2_fx_margin) } }),
    },
  };
}

const INDICATOR_COLUMNS = [
  'id',
  'period',
  'source_code',
  'destination_code',
  'firm',
  'speed_days',
  'transparent',
  'accessible',
  'cc1_fx_margin',
  'cc1_total_cost',
  'cc2_fx_margin',
  'cc2_total_cost',
] as const;

/**
 * Every quote of the given quarters (all of them when none is given), as indicator input; with `upTo`, none of a
 * later quarter (a quote for a quarter still to come, stored before such quotes were refused, is never published).
 */
export async function indicatorQuotes(
  db: Db,
  f: {
    periods?: readonly string[];
    source?: string | undefined;
    destination?: string | undefined;
    upTo?: string;
  },
): Promise<QuoteInput[]> {
  let q = db.selectFrom('remittance_quotes').select(INDICATOR_COLUMNS);
  if (f.upTo) q = q.where('period', '<=', f.upTo);
  if (f.periods) q = q.where('period', 'in', f.periods.length ? [...f.periods] : ['']);
  if (f.source) q = q.where('source_code', '=', f.source);
  if (f.destination) q = q.where('destination_code', '=', f.destination);
  return (await q.execute()).map(indicatorQuote);
}

/** The exclusions of the figures, with the quote's corridor, firm and (for imports) file row. */
function describeExclusions(
  figures: PeriodFigure[],
  quotes: ReadonlyMap<string, QuoteInput>,
  rowOf: (id: string) => number | null = () => null,
) {
  return figures.flatMap((p) =>
    p.bands.flatMap((b) =>
      b.exclusions.map((e) => {
        const q = quotes.get(e.quoteId)!;
        return {
          quoteId: e.quoteId,
          row: rowOf(e.quoteId),
          period: p.period,
          corridor: `${q.source}-${q.destination}`,
          firm: q.firm,
          amount: e.amount,
          reason: e.reason,
          totalCostPct: e.totalCostPct,
        };
      }),
    ),
  );
}

/**
 * Imports an RPW-format file (CSV or XLSX): all rows or none. A service already recorded for the quarter (same
 * period, corridor, firm and product) by the caller's organisation is updated; one recorded by another
 * organisation is a problem of the row. Returns the counts and every exclusion from the quarters' figures.
 */
export async function importQuotes(
  trx: Trx,
  p: Principal,
  req: { format: TableFormat; data: Buffer; validateOnly: boolean },
  limits: QuoteImportLimits,
  now: Date,
): Promise<RemittanceImportReport> {
  if (req.data.length > limits.maxBytes)
    throw new DomainError('payload_too_large', 'The file is larger than the import limit; split it.');
  let grid: string[][];
  try {
    grid = await readTable(req.format, req.data, { maxRecords: limits.maxRows + 2, maxBytes: limits.maxBytes });
  } catch (err) {
    if (err instanceof UnreadableTable) throw importRejected([err.toImportError()]);
    throw err;
  }
  const header = grid[0] ?? [];
  const { index, missing } = mapHeader(header);
  if (missing.length) throw importRejected(missing.map(missingColumn));
  const errors: ImportError[] = [];
  const parsed: { row: number; quote: ParsedQuote }[] = [];
  /** Every row that names a service readably, with or without other problems (a repeat is one more of them). */
  const keyed: { row: number; key: string; period: string }[] = [];
  for (let i = firstDataRow(grid); i < grid.length; i++) {
    const cells = grid[i]!;
    if (cells.every((c) => c.trim() === '')) continue;
    const { quote, problems, key } = parseRow(cells, index, header, now);
    for (const pr of problems) errors.push(importErrorOf(i + 1, pr));
    if (quote) parsed.push({ row: i + 1, quote });
    if (key) keyed.push({ row: i + 1, key, period: key.slice(0, key.indexOf('|')) });
  }
  const rows = parsed.length + new Set(errors.map((e) => e.row)).size;
  if (rows > limits.maxRows) throw importRejected([tooManyRows(limits.maxRows)]);
  if (rows === 0) throw importRejected([noDataRows]);

  // Duplicates within the file, and services other organisations recorded: of every row that names its service.
  const seen = new Map<string, number>();
  for (const { row, key } of keyed) {
    const first = seen.get(key);
    if (first !== undefined)
      errors.push({
        row,
        column: null,
        message: `the same service and quarter is already in row ${first}`,
        issue: 'same_service_as_row',
        params: { row: first },
      });
    else seen.set(key, row);
  }
  const periods = [...new Set(keyed.map((x) => x.period))].sort();
  const existing = new Map<string, { id: string; organisation_id: string }>();
  for (let i = 0; i < periods.length; i += 200) {
    const rowsFound = await trx
      .selectFrom('remittance_quotes')
      .select(['id', 'organisation_id', 'period', 'source_code', 'destination_code', 'firm', 'product'])
      .where('period', 'in', periods.slice(i, i + 200))
      .execute();
    for (const r of rowsFound)
      existing.set(
        serviceKey({
          period: r.period,
          sourceCode: r.source_code,
          destinationCode: r.destination_code,
          firm: r.firm,
          product: r.product,
        }),
        r,
      );
  }
  for (const { row, key } of keyed) {
    const e = existing.get(key);
    if (e && e.organisation_id !== p.organisationId)
      errors.push({
        row,
        column: null,
        message: 'another organisation has recorded this service for the quarter; ask it to correct the quote',
        issue: 'service_of_other_organisation',
      });
  }
  if (errors.length) throw importRejected(errors);

  const at = now.toISOString();
  const fresh: RemittanceQuoteTable[] = [];
  const rowOfId = new Map<string, number>();
  let updated = 0;
  for (const { row, quote } of parsed) {
    const e = existing.get(serviceKey(quote));
    if (e) {
      rowOfId.set(e.id, row);
      updated++;
      if (!req.validateOnly) {
        const { id: _id, created_at: _c, organisation_id: _o, ...values } = quoteRow(quote, p, 'import', at);
        await trx.updateTable('remittance_quotes').set(values).where('id', '=', e.id).execute();
      }
    } else {
      const r = quoteRow(quote, p, 'import', at);
      rowOfId.set(r.id, row);
      fresh.push(r);
    }
  }
  if (!req.validateOnly) {
    // 26 columns a row: 1,000 rows stay below SQLite's 32,766 parameters and PostgreSQL's 65,535.
    for (let i = 0; i < fresh.length; i += 1000)
      await trx
        .insertInto('remittance_quotes')
        .values(fresh.slice(i, i + 1000))
        .execute();
  }

  // The figures of the quarters the file touched, to report what will not count.
  let inputs: QuoteInput[];
  if (req.validateOnly) {
    const stored = await indicatorQuotes(trx, { periods });
    const replaced = new Set(parsed.map((x) => existing.get(serviceKey(x.quote))?.id).filter(Boolean));
    inputs = [...stored.filter((q) => !replaced.has(q.id)), ...fresh.map(indicatorQuote)];
    for (const x of parsed) {
      const e = existing.get(serviceKey(x.quote));
      if (e) inputs.push(indicatorQuote({ ...quoteRow(x.quote, p, 'import', at), id: e.id }));
    }
  } else inputs = await indicatorQuotes(trx, { periods });
  const byId = new Map(inputs.map((q) => [q.id, q]));
  const exclusions = describeExclusions(computeSdg10c1(inputs), byId, (id) => rowOfId.get(id) ?? null);
  return {
    dryRun: req.validateOnly,
    rows: parsed.length,
    created: fresh.length,
    updated,
    periods,
    exclusions: exclusions.sort((a, b) => (a.row ?? 0) - (b.row ?? 0)),
  };
}

/** Records one quote by hand; a service already recorded for the quarter is a conflict. */
export async function createQuote(
  trx: Trx,
  p: Principal,
  input: RemittanceQuoteInput,
  now: Date,
): Promise<RemittanceQuoteRow> {
  const { quote, problems } = checkQuote(input, now);
  if (!quote) throw validation(problems);
  const dup = await trx
    .selectFrom('remittance_quotes')
    .select('id')
    .where('period', '=', quote.period)
    .where('source_code', '=', quote.sourceCode)
    .where('destination_code', '=', quote.destinationCode)
    .where('firm', '=', quote.firm)
    .where('product', '=', quote.product)
    .executeTakeFirst();
  if (dup) throw new DomainError('conflict', 'This service already has a quote for the quarter.');
  const row = quoteRow(quote, p, 'manual', now.toISOString());
  await trx.insertInto('remittance_quotes').values(row).execute();
  return row;
}

/** Deletes a quote the caller's organisation recorded; anyone else's answers 404. */
export async function deleteQuote(trx: Trx, p: Principal, id: string): Promise<RemittanceQuoteRow> {
  const row = await trx
    .selectFrom('remittance_quotes')
    .selectAll()
    .where('id', '=', id)
    .where('organisation_id', '=', p.organisationId)
    .executeTakeFirst();
  if (!row) throw notFound('quote');
  await trx.deleteFrom('remittance_quotes').where('id', '=', id).execute();
  return row;
}

export type QuoteFilter = {
  period?: string | undefined;
  source?: string | undefined;
  destination?: string | undefined;
  firm?: string | undefined;
};

/** An offset cursor this module gave (a position in the list's order), or 0 without one; anything else is refused. */
function offsetCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  if (!/^\d{1,9}$/.test(cursor)) throw badCursor();
  return Number(cursor);
}

/** Quotes by quarter (newest first), corridor and firm; the cursor is the position in that order. */
export async function listQuotes(
  db: Db,
  f: QuoteFilter & { limit: number; cursor?: string | undefined },
): Promise<{ rows: RemittanceQuoteRow[]; next: string | null }> {
  const offset = offsetCursor(f.cursor);
  let q = db.selectFrom('remittance_quotes').selectAll();
  if (f.period) q = q.where('period', '=', f.period);
  if (f.source) q = q.where('source_code', '=', f.source);
  if (f.destination) q = q.where('destination_code', '=', f.destination);
  if (f.firm) q = q.where('firm', '=', f.firm);
  const rows = await q
    .orderBy('period', 'desc')
    .orderBy('source_code')
    .orderBy('destination_code')
    .orderBy('firm')
    .orderBy('id')
    .limit(f.limit + 1)
    .offset(offset)
    .execute();
  const more = rows.length > f.limit;
  return { rows: rows.slice(0, f.limit), next: more ? String(offset + f.limit) : null };
}

/** SDG 10.c.1 per quarter; a corridor filter narrows the corridors shown, never the quarter's figures. */
export async function sdg10c1Report(
  db: Db,
  f: { period?: string | undefined; source?: string | undefined; destination?: string | undefined },
  now: Date,
): Promise<Sdg10c1Report> {
  const upTo = quarterOf(now);
  const inputs = await indicatorQuotes(db, f.period ? { periods: [f.period], upTo } : { upTo });
  const figures = computeSdg10c1(inputs);
  const byId = new Map(inputs.map((q) => [q.id, q]));
  const keep = (c: { source: string; destination: string }) =>
    (!f.source || c.source === f.source) && (!f.destination || c.destination === f.destination);
  return {
    periods: figures.map((p) => ({
      period: p.period,
      globalAverage: p.sdg.globalAverage,
      globalAverageOfServices: p.bands[0]!.globalAverageOfServices,
      globalBelowTarget: p.sdg.globalBelowTarget,
      corridorsAboveTarget: p.sdg.corridorsAboveTarget,
      corridorsWithoutSmart: p.sdg.corridorsWithoutSmart,
      bands: p.bands.map((b) => ({
        amount: b.amount,
        globalAverage: b.globalAverage,
        globalAverageOfServices: b.globalAverageOfServices,
        outlierFence: b.outlierFence,
        corridors: b.corridors.filter(keep),
        exclusions: describeExclusions([{ ...p, bands: [b] }], byId).filter((e) => {
          const q = byId.get(e.quoteId)!;
          return keep({ source: q.source, destination: q.destination });
        }),
      })),
    })),
  };
}

// --- corridor history ---------------------------------------------------------------------------------------------

const HISTORY_COLUMNS = [
  'period',
  'source_code',
  'destination_code',
  'avg_cost_pct_200usd',
  'avg_cost_pct_500usd',
  'avg_fx_margin_200usd',
  'avg_fx_margin_500usd',
  'num_providers',
] as const;

/**
 * Loads a corridor-quarter history file (the columns of rpw_corridor_quarter_avg_*.csv) for trends, replacing
 * rows of the same corridor and quarter. All rows or none: a bad row refuses the file.
 */
export async function loadCorridorHistory(trx: Trx, text: string, dataset: string, now: Date): Promise<number> {
  let grid: string[][];
  try {
    grid = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch {
    throw importRejected([{ row: 1, column: '', message: 'the file is not readable as CSV text' }]);
  }
  const header = (grid[0] ?? []).map(headerKey);
  const at = HISTORY_COLUMNS.map((c) => header.indexOf(headerKey(c)));
  const seen = new Map<string, number>();
  const errors: ImportError[] = [];
  HISTORY_COLUMNS.forEach((c, i) => {
    if (at[i]! < 0 && i < 4) errors.push({ row: 1, column: c, message: 'this column is required' });
  });
  if (errors.length) throw importRejected(errors);
  const rows: { period: string; source_code: string; destination_code: string; v: (number | null)[] }[] = [];
  for (let i = firstDataRow(grid); i < grid.length; i++) {
    const cell = (k: number) => (at[k]! >= 0 ? (grid[i]![at[k]!] ?? '').trim() : '');
    const period = /^\d{4}_[1-4]Q$/.test(cell(0)) ? cell(0) : null;
    if (!period) errors.push({ row: i + 1, column: 'period', message: 'not a quarter such as 2025_1Q' });
    else if (isFutureQuarter(period, now))
      errors.push({ row: i + 1, column: 'period', message: 'a quarter still to come: averages are of quarters begun' });
    const codes = [corridorCountry(cell(1)), corridorCountry(cell(2))];
    codes.forEach((c, k) => {
      if (!isCountryCode(c))
        errors.push({ row: i + 1, column: HISTORY_COLUMNS[k + 1]!, message: 'not an ISO 3166-1 alpha-3 country code' });
    });
    if (codes[0] === codes[1] && codes[0] !== '')
      errors.push({ row: i + 1, column: 'destination_code', message: 'the same country as the source' });
    const key = `${cell(0)}|${codes[0]}|${codes[1]}`;
    const first = seen.get(key);
    if (first !== undefined)
      errors.push({ row: i + 1, column: 'period', message: `the same corridor and quarter as row ${first}` });
    else seen.set(key, i + 1);
    const v = [3, 4, 5, 6, 7].map((k) => {
      const s = cell(k);
      if (s === '') return null;
      const n = decimalOf(s);
      // Negative averages occur in the source (e.g. corridors to Sudan, where the official rate was below the
      // market rate): an outside series is stored as published, and the trend shows it as such.
      if (n === null) {
        errors.push({ row: i + 1, column: HISTORY_COLUMNS[k]!, message: 'not a number' });
        return null;
      }
      return n;
    });
    if (period) rows.push({ period, source_code: codes[0]!, destination_code: codes[1]!, v });
  }
  if (errors.length) throw importRejected(errors);
  const loadedAt = now.toISOString();
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    await trx
      .deleteFrom('remittance_corridor_history')
      .where((eb) =>
        eb.or(
          chunk.map((r) =>
            eb.and([
              eb('period', '=', r.period),
              eb('source_code', '=', r.source_code),
              eb('destination_code', '=', r.destination_code),
            ]),
          ),
        ),
      )
      .execute();
    await trx
      .insertInto('remittance_corridor_history')
      .values(
        chunk.map((r) => ({
          period: r.period,
          source_code: r.source_code,
          destination_code: r.destination_code,
          avg_cost_200: r.v[0]!,
          avg_cost_500: r.v[1]!,
          avg_fx_margin_200: r.v[2]!,
          avg_fx_margin_500: r.v[3]!,
          providers: r.v[4] === null ? null : Math.round(r.v[4]!),
          dataset,
          loaded_at: loadedAt,
        })),
      )
      .execute();
  }
  return rows.length;
}

// --- SDG 10.7.1 ---------------------------------------------------------------------------------------------------

export function presentResponse(r: RecruitmentCostResponseRow) {
  const input = {
    id: r.id,
    origin: r.origin_code,
    destination: r.destination_code,
    year: Number(r.survey_year),
    costsPaid: Number(r.costs_paid),
    costsUsdRate: Number(r.costs_usd_rate),
    monthlyEarnings: Number(r.monthly_earnings),
    earningsUsdRate: Number(r.earnings_usd_rate),
  };
  return {
    id: r.id,
    survey: r.survey,
    respondentRef: r.respondent_ref,
    originCode: r.origin_code,
    destinationCode: r.destination_code,
    surveyYear: Number(r.survey_year),
    sector: r.sector,
    costsPaid: input.costsPaid,
    costsCurrency: r.costs_currency,
    costsUsdRate: input.costsUsdRate,
    monthlyEarnings: input.monthlyEarnings,
    earningsCurrency: r.earnings_currency,
    earningsUsdRate: input.earningsUsdRate,
    ratio: recruitmentCostRatio(input),
    createdAt: String(r.created_at),
  };
}

function responseRow(p: Principal, x: RecruitmentCostInput, at: string) {
  return {
    id: randomUUID(),
    organisation_id: p.organisationId,
    survey: x.survey,
    respondent_ref: x.respondentRef ?? null,
    origin_code: x.originCode,
    destination_code: x.destinationCode,
    survey_year: x.surveyYear,
    sector: x.sector ?? null,
    costs_paid: x.costsPaid,
    costs_currency: x.costsCurrency,
    costs_usd_rate: x.costsUsdRate,
    monthly_earnings: x.monthlyEarnings,
    earnings_currency: x.earningsCurrency,
    earnings_usd_rate: x.earningsUsdRate,
    created_by: p.userId,
    created_at: at,
  };
}

/** Records one survey response in the caller's organisation; a respondent already recorded is a conflict. */
export async function createResponse(trx: Trx, p: Principal, x: RecruitmentCostInput, now: Date) {
  const problems: RowProblem[] = [];
  if (x.originCode === x.destinationCode) problems.push(otherThanOrigin('destinationCode'));
  if (problems.length) throw validation(problems);
  if (x.respondentRef) {
    const dup = await trx
      .selectFrom('recruitment_cost_responses')
      .select('id')
      .where('organisation_id', '=', p.organisationId)
      .where('survey', '=', x.survey)
      .where('respondent_ref', '=', x.respondentRef)
      .executeTakeFirst();
    if (dup) throw new DomainError('conflict', 'This respondent of the survey is already recorded.');
  }
  const row = responseRow(p, x, now.toISOString());
  await trx.insertInto('recruitment_cost_responses').values(row).execute();
  return row as RecruitmentCostResponseRow;
}

/** A survey's destination that is its origin (rule `other_country`, as the quote's corridor). */
const otherThanOrigin = (column: string): RowProblem => ({
  column,
  message: 'must differ from the country of origin',
  code: 'custom',
  params: { rule: 'other_country' },
});

const SURVEY_COLUMNS: Record<keyof RecruitmentCostInput, string> = {
  survey: 'survey',
  respondentRef: 'respondent ref',
  originCode: 'origin code',
  destinationCode: 'destination code',
  surveyYear: 'survey year',
  sector: 'sector',
  costsPaid: 'costs paid',
  costsCurrency: 'costs currency',
  costsUsdRate: 'costs usd rate',
  monthlyEarnings: 'monthly earnings',
  earningsCurrency: 'earnings currency',
  earningsUsdRate: 'earnings usd rate',
};
const NUMERIC = new Set(['surveyYear', 'costsPaid', 'costsUsdRate', 'monthlyEarnings', 'earningsUsdRate']);

/**
 * Imports survey responses (CSV or XLSX, the columns of SURVEY_COLUMNS): all rows or none, as every import.
 * A respondent already recorded for the survey is skipped (re-importing a file adds nothing).
 */
export async function importResponses(
  trx: Trx,
  p: Principal,
  req: { format: TableFormat; data: Buffer; validateOnly: boolean },
  limits: QuoteImportLimits,
  now: Date,
  schema: z.ZodType<RecruitmentCostInput>,
) {
  if (req.data.length > limits.maxBytes)
    throw new DomainError('payload_too_large', 'The file is larger than the import limit; split it.');
  let grid: string[][];
  try {
    grid = await readTable(req.format, req.data, { maxRecords: limits.maxRows + 2, maxBytes: limits.maxBytes });
  } catch (err) {
    if (err instanceof UnreadableTable) throw importRejected([err.toImportError()]);
    throw err;
  }
  const header = (grid[0] ?? []).map(headerKey);
  const at = new Map<string, number>();
  const errors: ImportError[] = [];
  for (const [k, name] of Object.entries(SURVEY_COLUMNS)) {
    const i = header.indexOf(name);
    if (i >= 0) at.set(k, i);
    else if (!['respondentRef', 'sector'].includes(k)) errors.push(missingColumn(name));
  }
  if (errors.length) throw importRejected(errors);
  const good: RecruitmentCostInput[] = [];
  for (let i = firstDataRow(grid); i < grid.length; i++) {
    const cells = grid[i]!;
    if (cells.every((c) => c.trim() === '')) continue;
    const obj: Record<string, unknown> = {};
    for (const [k, idx] of at) {
      const v = (cells[idx] ?? '').trim();
      if (v === '') continue;
      obj[k] = NUMERIC.has(k)
        ? (decimalOf(v) ?? v)
        : k.endsWith('Code') || k.endsWith('Currency')
          ? v.toUpperCase()
          : v;
    }
    const r = schema.safeParse(obj);
    if (!r.success) {
      for (const issue of r.error.issues) {
        const key = String(issue.path[0] ?? '');
        const params = issueParams(issue);
        errors.push({
          row: i + 1,
          column: SURVEY_COLUMNS[key as keyof RecruitmentCostInput] ?? null,
          message: issue.message,
          issue: issue.code,
          ...(params ? { params } : {}),
        });
      }
    }
    // (Judged also when another value of the row is wrong, so that the row's problems come at once.)
    if (typeof obj.originCode === 'string' && obj.originCode === obj.destinationCode)
      errors.push(importErrorOf(i + 1, otherThanOrigin('destination code')));
    else if (r.success) good.push(r.data);
  }
  if (good.length + errors.length === 0) errors.push(noDataRows);
  if (good.length > limits.maxRows) errors.push(tooManyRows(limits.maxRows));
  if (errors.length) throw importRejected(errors);
  const known = new Set(
    (
      await trx
        .selectFrom('recruitment_cost_responses')
        .select(['survey', 'respondent_ref'])
        .where('organisation_id', '=', p.organisationId)
        .where('respondent_ref', 'is not', null)
        .execute()
    ).map((r) => `${r.survey}|${r.respondent_ref}`),
  );
  const fresh = good.filter((x) => !x.respondentRef || !known.has(`${x.survey}|${x.respondentRef}`));
  const stamp = now.toISOString();
  if (!req.validateOnly)
    for (let i = 0; i < fresh.length; i += 500)
      await trx
        .insertInto('recruitment_cost_responses')
        .values(fresh.slice(i, i + 500).map((x) => responseRow(p, x, stamp)))
        .execute();
  return { dryRun: req.validateOnly, rows: good.length, created: fresh.length, skipped: good.length - fresh.length };
}

export type ResponseFilter = {
  origin?: string | undefined;
  destination?: string | undefined;
  year?: number | undefined;
};

function responseQuery(db: Db, p: Principal, f: ResponseFilter) {
  let q = db.selectFrom('recruitment_cost_responses').selectAll().where('organisation_id', '=', p.organisationId);
  if (f.origin) q = q.where('origin_code', '=', f.origin);
  if (f.destination) q = q.where('destination_code', '=', f.destination);
  if (f.year) q = q.where('survey_year', '=', f.year);
  return q;
}

export async function listResponses(
  db: Db,
  p: Principal,
  f: ResponseFilter & { limit: number; cursor?: string | undefined },
) {
  const offset = offsetCursor(f.cursor);
  const rows = await responseQuery(db, p, f)
    .orderBy('survey_year', 'desc')
    .orderBy('origin_code')
    .orderBy('destination_code')
    .orderBy('id')
    .limit(f.limit + 1)
    .offset(offset)
    .execute();
  return { rows: rows.slice(0, f.limit), next: rows.length > f.limit ? String(offset + f.limit) : null };
}

/** SDG 10.7.1 over the caller's organisation's responses. */
export async function sdg1071Report(db: Db, p: Principal, f: ResponseFilter): Promise<Sdg1071Result> {
  const rows = await responseQuery(db, p, f).execute();
  return computeSdg1071(
    rows.map((r) => ({
      id: r.id,
      origin: r.origin_code,
      destination: r.destination_code,
      year: Number(r.survey_year),
      costsPaid: Number(r.costs_paid),
      costsUsdRate: Number(r.costs_usd_rate),
      monthlyEarnings: Number(r.monthly_earnings),
      earningsUsdRate: Number(r.earnings_usd_rate),
    })),
  );
}
