// The evidence base's query module: the one door through which dashboards, exports, charts and the annual report
// read indicator values (docs/indicators.md, "Query module"). Reads only the aggregate cells, never the raw
// records, so a query costs the same at 20 million records as at 20. Published results pass statistical
// disclosure control (disclosure.ts); exact results are for authorised analysts and the caller audits them.
import { createHash } from 'node:crypto';
import { PostgresAdapter, type RawBuilder, sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { type CheckRule, DomainError, invalidField, invalidFields } from '../errors.ts';
import { foldPending } from './cells.repository.ts';
import {
  ALL,
  DETAIL_DIMENSIONS,
  DIMENSIONS,
  type Dimension,
  GRAINS,
  grainOf,
  type PeriodGrain,
  UNKNOWN,
} from './dimensions.ts';
import { type DcCell, type DcProblem, type DcSumCell, protect, protectSums, roundToBase } from './disclosure.ts';
import {
  findIndicator,
  INDICATORS,
  type IncrementalIndicator,
  type IndicatorDefinition,
  SENSITIVE_THRESHOLD,
} from './indicators.ts';

/** Whose figures: one organisation's, or the whole platform's (platform administrators only; the route decides). */
export type EvidenceScope = { organisationId: string } | { platform: true };

/** One question to one incremental indicator. */
export type IndicatorQuery = {
  indicatorId: string;
  grain: PeriodGrain;
  /** First and last period, both of `grain` (e.g. 2026-Q1 .. 2026-Q4), inclusive. At most 120 periods. */
  from: string;
  to: string;
  /** The dimensions to break the value down by, at most two, each allowed by the indicator. */
  by: readonly Dimension[];
  /** Keep only cells whose dimension has one of these values (e.g. { country: ['IRQ'], sex: ['female'] }). */
  filters?: Partial<Record<Dimension, readonly string[]>>;
  /** Keep only places whose p-code starts with this (an area and everything inside it). */
  pcodePrefix?: string;
};

/**
 * One cell of a result. `values` names a value for every dimension of `by`; '*' means "all values" (a margin):
 * with by = [sex, age_group], { sex: 'female', age_group: '*' } is the row total of women.
 */
export type ExactCell = {
  period: string;
  values: Partial<Record<Dimension, string>>;
  value: number;
  excluded: number;
  /**
   * A sum of money (valued indicator): how many records make up `value` and `excluded` (contributions.ts
   * RECORDS_GRAIN). Disclosure control publishes an amount only when enough records make it up.
   */
  records?: { value: number; excluded: number };
};

/** The exact answer (internal view): every cell with its margins, and what was left out for want of a basis. */
export type ExactResult = {
  indicator: IncrementalIndicator;
  query: IndicatorQuery;
  periods: string[];
  cells: ExactCell[];
  /**
   * Sum over the range of records left out (no basis for statistics) in the grand-total cells; null for a sum of
   * money (valued indicator), whose left-out amounts are only added up per currency (`excludedByCurrency`).
   */
  excluded: number | null;
  /** A valued indicator: the left-out amounts over the range, per currency (minor units). */
  excludedByCurrency?: Record<string, number>;
  /** A valued indicator: how many records make up each currency's left-out amount. */
  excludedRecordsByCurrency?: Record<string, number>;
  /** When the newest cell read was last changed (null when none): the "data as of" of the figures. */
  asOf: string | null;
  /** SHA-256 of the cells read (canonical form): the same digest means the same inputs. */
  digest: string;
};

/** How a published cell came out of disclosure control. */
export type CellStatus = 'published' | 'primary' | 'complementary';

/** A published cell: the value (rounded when asked) or null when suppressed, and why. */
export type PublishedCell = {
  period: string;
  values: Partial<Record<Dimension, string>>;
  value: number | null;
  status: CellStatus;
};

export type PublishOptions = {
  /** Raise the primary threshold above the indicator's (never lower it). */
  threshold?: number;
  /** Round every published value to a multiple of this base (e.g. 5); null or absent: no rounding. */
  rounding?: number | null;
};

/** The published answer: disclosure-controlled cells and the method's parameters. */
export type PublishedResult = {
  indicator: IncrementalIndicator;
  query: IndicatorQuery;
  periods: string[];
  cells: PublishedCell[];
  /** The table's primary threshold; cells that count only trafficking or GBV cases use at least SENSITIVE_THRESHOLD. */
  threshold: number;
  rounding: number | null;
  /** Cells suppressed because they were below the threshold, and to protect those. */
  suppressed: { primary: number; complementary: number };
  /**
   * Records left out for want of a basis for statistics (rounded like the cells when rounding is on); null for a
   * valued indicator (see `excludedByCurrency`).
   */
  excluded: number | null;
  /**
   * Fewer records than the table's threshold were left out: `excluded` is null, since a narrow table (one sex, one
   * place, one case type) would otherwise single out the few people who have no basis for statistics.
   */
  excludedSuppressed?: true;
  /**
   * A valued indicator: the left-out amounts per currency (minor units; rounded like the cells); null for a currency
   * whose left-out amount is made up of fewer records than the table's threshold (it would show what those few got).
   */
  excludedByCurrency?: Record<string, number | null>;
  asOf: string | null;
  /** SHA-256 of the published cells and the method's parameters (never of the exact values). */
  digest: string;
};

/** Every indicator with its metadata, in list order. */
export function listIndicators(): readonly IndicatorDefinition[] {
  return INDICATORS;
}

/** The definition of an incremental indicator, or `not_found`. */
export function incrementalIndicator(id: string): IncrementalIndicator {
  const def = findIndicator(id);
  if (def?.computation !== 'incremental')
    throw new DomainError('not_found', 'No indicator with this id is stored as aggregate cells.');
  return def;
}

const queryIssue = (pointer: string, message: string, rule?: CheckRule) =>
  invalidField(pointer, message, rule, 'query');

/** The periods of `grain` from `from` to `to` inclusive, or a validation problem. */
export function periodRange(grain: PeriodGrain, from: string, to: string): string[] {
  if (grainOf(from) !== grain) throw queryIssue('/from', `must be a period of grain ${grain}`);
  if (grainOf(to) !== grain) throw queryIssue('/to', `must be a period of grain ${grain}`);
  if (to < from) throw queryIssue('/to', 'must not be before from', 'not_before');
  return periodsBetween(grain, from, to, 120);
}

/** The periods of `grain` from `from` to `to` inclusive (both valid, in order), at most `max` of them. */
function periodsBetween(grain: PeriodGrain, from: string, to: string, max: number): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let n = grain === 'year' ? 0 : Number(from.slice(grain === 'quarter' ? 6 : 5));
  for (;;) {
    const p = grain === 'year' ? String(y) : grain === 'quarter' ? `${y}-Q${n}` : `${y}-${String(n).padStart(2, '0')}`;
    out.push(p);
    if (out.length > max)
      throw invalidFields([
        {
          location: 'query',
          pointer: '/to',
          message: `at most ${max} periods`,
          code: 'custom',
          params: { rule: 'period_count', max },
        },
      ]);
    if (p === to) break;
    if (grain === 'year') y++;
    else if (n === (grain === 'quarter' ? 4 : 12)) {
      y++;
      n = 1;
    } else n++;
  }
  return out;
}

/** Checks a query against its indicator: known grain, allowed dimensions (at most two, no repeats). */
export function checkQuery(def: IncrementalIndicator, q: IndicatorQuery): string[] {
  if (!GRAINS.includes(q.grain)) throw queryIssue('/grain', 'must be year, quarter or month');
  if (q.by.length > 2) throw queryIssue('/by', 'at most two dimensions');
  if (new Set(q.by).size !== q.by.length) throw queryIssue('/by', 'a dimension appears twice');
  q.by.forEach((d, i) => {
    if (!def.dimensions.includes(d)) throw queryIssue(`/by/${i}`, `not a dimension of ${def.id}`);
  });
  for (const d of Object.keys(q.filters ?? {}) as Dimension[])
    if (!def.dimensions.includes(d)) throw queryIssue(`/${d}`, `not a dimension of ${def.id}`);
  return periodRange(q.grain, q.from, q.to);
}

type Row = {
  period: string;
  d0: string | null;
  d1: string | null;
  value: number;
  excluded: number;
  /** A valued indicator: the records behind value and excluded (0 otherwise). */
  records: number;
  recordsExcluded: number;
  at: string;
};

/**
 * One GROUP BY over the cells: the periods, grouped by the dimensions in `grouped` (the others summed, or taken
 * at '*' when multi-valued, so nobody is counted twice).
 */
function cellsQuery(
  db: Db,
  scope: EvidenceScope,
  def: IncrementalIndicator,
  q: IndicatorQuery,
  periods: readonly string[],
  grouped: readonly Dimension[],
) {
  // Stored grains (contributions.ts grainsOf): every indicator's months, and the people indicators' years. Any other
  // period is the sum of its months, read as months and grouped by the period they fall in: an event or value
  // indicator sums the months' values, a people indicator the months' parts of the quarter (each person once, on the
  // month of their first event in it).
  const rolled = q.grain !== 'month' && !(q.grain === 'year' && def.measure === 'people');
  const parts = rolled && def.measure === 'people';
  const valueColumn = parts ? 'quarter_value' : 'value';
  const excludedColumn = parts ? 'quarter_excluded' : 'excluded_value';
  const first = periods[0]!;
  const last = periods[periods.length - 1]!;
  let query = db
    .selectFrom('evidence_cells')
    .where('indicator_id', '=', def.id)
    .where('grain', '=', rolled ? 'month' : q.grain)
    .where('period', '>=', rolled ? firstMonthOf(first) : first)
    .where('period', '<=', rolled ? lastMonthOf(last) : last);
  // The key puts the organisation before the level and the period; naming every organisation for the platform lets
  // both engines seek each organisation's range instead of scanning every level and period of the indicator.
  // SQLite seeks the key once per row of `in (select ...)`. PostgreSQL plans that as a join and reads the whole
  // indicator and grain (every level and period: a sequential scan at a million records); an array of the ids lets
  // its index scan seek each organisation's level and periods, as SQLite does.
  query =
    'organisationId' in scope
      ? query.where('organisation_id', '=', scope.organisationId)
      : db.getExecutor().adapter instanceof PostgresAdapter
        ? query.where(sql<boolean>`organisation_id = any(array(select id from organisations))`)
        : query.where('organisation_id', 'in', (eb) => eb.selectFrom('organisations').select('organisations.id'));
  for (const [d, values] of Object.entries(q.filters ?? {}) as [Dimension, readonly string[]][]) {
    if (values.length) query = query.where(column(d), 'in', [...values]);
  }
  if (q.pcodePrefix) query = query.where('pcode', 'like', `${q.pcodePrefix.replace(/[%_\\]/g, '')}%`);
  // Summary or detailed cells: the summary ones (detail dimensions at '*') unless the query needs a detail dimension.
  const detailed = DETAIL_DIMENSIONS.filter((d) => def.dimensions.includes(d));
  const needsDetail =
    (q.pcodePrefix !== undefined && q.pcodePrefix !== '') ||
    detailed.some((d) => grouped.includes(d) || (q.filters?.[d] ?? []).length > 0);
  if (detailed.length) query = query.where('level', '=', needsDetail ? 'detail' : 'summary');
  // A multi-valued dimension not grouped by is read at its '*' rows (each person once); grouped by, all its rows
  // are read, '*' included (the margin). A filter on it reads the values asked for.
  for (const d of def.multiValued) {
    const filtered = (q.filters?.[d] ?? []).length > 0;
    if (!grouped.includes(d) && !filtered) query = query.where(column(d), '=', ALL);
  }
  const dim = (d: Dimension | undefined): RawBuilder<string | null> =>
    d ? sql<string | null>`${sql.ref(column(d))}` : sql<string | null>`null`;
  const d0 = dim(grouped[0]);
  const d1 = dim(grouped[1]);
  // Plain SQL text without parameters, so that PostgreSQL sees the grouped and the selected expression as one.
  const period = rolled ? sql<string>`${sql.raw(ROLL_UP[q.grain as 'year' | 'quarter'])}` : sql<string>`period`;
  let select = query.select([
    period.as('period'),
    d0.as('d0'),
    d1.as('d1'),
    sql<number>`sum(${sql.ref(valueColumn)})`.as('value'),
    sql<number>`sum(${sql.ref(excludedColumn)})`.as('excluded'),
    // A sum of money: the records behind it, on the month rows' second counters (contributions.ts RECORDS_GRAIN).
    (def.valued ? sql<number>`sum(quarter_value)` : sql<number>`0`).as('records'),
    (def.valued ? sql<number>`sum(quarter_excluded)` : sql<number>`0`).as('records_excluded'),
    sql<string>`max(updated_at)`.as('at'),
  ]);
  select = select.groupBy(period);
  for (const d of grouped) select = select.groupBy(column(d));
  return select;
}

const UNION_PARTS = 50;

/**
 * The grouped cells of several queries in ONE statement (a union of one GROUP BY per query, tagged with the query's
 * place): one round trip and one snapshot for a whole release instead of one statement per table.
 */
async function readCellsOf(
  db: Db,
  scope: EvidenceScope,
  asks: readonly { def: IncrementalIndicator; q: IndicatorQuery; periods: readonly string[] }[],
): Promise<Row[][]> {
  // The single writes committed so far, still pending, join the cells first (cells.repository foldPending).
  await foldPending(db);
  const out: Row[][] = asks.map(() => []);
  const selects = asks.map(({ def, q, periods }, i) =>
    cellsQuery(db, scope, def, q, periods, q.by).select(sql<number>`${sql.lit(i)}`.as('q')),
  );
  // At most UNION_PARTS tables a statement (SQLite allows 500 parts in a compound select).
  for (let i = 0; i < selects.length; i += UNION_PARTS) {
    let all = selects[i]!;
    for (const s of selects.slice(i + 1, i + UNION_PARTS)) all = all.unionAll(s);
    for (const r of await all.execute())
      out[Number(r.q)]!.push({
        period: r.period,
        d0: r.d0,
        d1: r.d1,
        value: Number(r.value),
        excluded: Number(r.excluded),
        records: Number(r.records),
        recordsExcluded: Number(r.records_excluded),
        at: r.at,
      });
  }
  return out;
}

/** The year or quarter a month cell's period falls in (SQL both engines run; integer division). */
const ROLL_UP = {
  year: 'substr(period, 1, 4)',
  quarter: "substr(period, 1, 4) || '-Q' || cast((cast(substr(period, 6, 2) as integer) + 2) / 3 as varchar(1))",
} as const;

/** The first month of a year or quarter period (2026 -> 2026-01, 2026-Q2 -> 2026-04). */
function firstMonthOf(period: string): string {
  if (period.length === 4) return `${period}-01`;
  return `${period.slice(0, 4)}-${String(Number(period.slice(6)) * 3 - 2).padStart(2, '0')}`;
}

/** The last month of a year or quarter period (2026 -> 2026-12, 2026-Q2 -> 2026-06). */
function lastMonthOf(period: string): string {
  if (period.length === 4) return `${period}-12`;
  return `${period.slice(0, 4)}-${String(Number(period.slice(6)) * 3).padStart(2, '0')}`;
}

/** The column of a dimension in evidence_cells. */
function column(d: Dimension) {
  return d === 'organisation' ? ('organisation_id' as const) : d;
}

/**
 * The exact cells of one indicator (internal view): for each period, every combination of the `by` dimensions
 * that has records, with the margins ('*'), in period then value order. Callers that show it to a person must
 * hold the analyst or administrator role and audit the read (`evidence.exact_read`).
 */
export async function queryExact(db: Db, scope: EvidenceScope, q: IndicatorQuery): Promise<ExactResult> {
  return (await queryExactAll(db, scope, [q]))[0]!;
}

/** queryExact of several queries, read in one statement (every query checked before anything is read). */
async function queryExactAll(db: Db, scope: EvidenceScope, queries: readonly IndicatorQuery[]): Promise<ExactResult[]> {
  const asks = queries.map((asked) => {
    const def = incrementalIndicator(asked.indicatorId);
    const periods = checkQuery(def, asked);
    return { def, q: perCurrency(def, asked), periods };
  });
  // One read per query grouped by every dimension of `by` (a multi-valued one with its '*' rows); the margins are
  // added up here: over an additive dimension by summing, over a multi-valued one by taking its '*' rows.
  const rows = await readCellsOf(db, scope, asks);
  return asks.map(({ def, q, periods }, i) => exactOf(def, q, periods, rows[i]!));
}

/**
 * A sum of money is read per currency: a query of a valued indicator (services_value) that neither breaks it down
 * by currency nor keeps one currency gets the currency as its first breakdown (there is room for it when the query
 * has fewer than two; else it is refused). exactOf then makes no margin over the currencies.
 */
export function perCurrency(def: IncrementalIndicator, q: IndicatorQuery): IndicatorQuery {
  if (!def.valued || q.by.includes('currency') || (q.filters?.currency ?? []).length === 1) return q;
  if (q.by.length >= 2)
    throw queryIssue('/by', `${def.id} is a sum of money, read per currency: make currency one of the two breakdowns`);
  return { ...q, by: ['currency', ...q.by] };
}

/** Amounts in different currencies are never added up: a valued indicator's table has no margin over currency. */
const acrossCurrencies = (def: IncrementalIndicator, q: IndicatorQuery, kept: readonly Dimension[]) =>
  def.valued === true && q.by.includes('currency') && !kept.includes('currency');

/** The exact result of one query from its grouped rows. */
function exactOf(def: IncrementalIndicator, q: IndicatorQuery, periods: string[], rows: readonly Row[]): ExactResult {
  const multi = (d: Dimension) => def.multiValued.includes(d);
  const dimValue = (r: Row, d: Dimension) => (q.by.indexOf(d) === 0 ? (r.d0 ?? '') : (r.d1 ?? ''));
  const subsets: Dimension[][] =
    q.by.length === 0 ? [[]] : q.by.length === 1 ? [[q.by[0]!], []] : [[...q.by], [q.by[0]!], [q.by[1]!], []];
  const cells: ExactCell[] = [];
  let asOf: string | null = null;
  let excluded = 0;
  // A sum of money: what was left out is added up per currency only (the cells kept by currency alone; with one
  // currency asked for and no breakdown by it, the grand totals are all of that currency).
  const valued = def.valued === true;
  const single = !q.by.includes('currency') ? (q.filters?.currency ?? [])[0] : undefined;
  const byCurrency: Record<string, number> = {};
  const recordsByCurrency: Record<string, number> = {};
  for (const kept of subsets) {
    const sums = new Map<string, ExactCell>();
    for (const r of rows) {
      let take = true;
      const values: Partial<Record<Dimension, string>> = {};
      for (const d of q.by) {
        const v = dimValue(r, d);
        if (kept.includes(d)) {
          if (multi(d) && v === ALL) take = false;
          values[d] = v;
        } else {
          if (multi(d) && v !== ALL) take = false;
          values[d] = ALL;
        }
      }
      if (!take) continue;
      const key = `${r.period}\t${q.by.map((d) => values[d]).join('|')}`;
      const c: ExactCell = sums.get(key) ?? {
        period: r.period,
        values,
        value: 0,
        excluded: 0,
        ...(valued ? { records: { value: 0, excluded: 0 } } : {}),
      };
      c.value += r.value;
      c.excluded += r.excluded;
      if (c.records) {
        c.records.value += r.records;
        c.records.excluded += r.recordsExcluded;
      }
      sums.set(key, c);
      if (r.at && (asOf === null || r.at > asOf)) asOf = r.at;
    }
    for (const c of sums.values()) {
      if (c.value === 0 && c.excluded === 0) continue;
      if (kept.length === 0) excluded += c.excluded;
      if (valued && c.excluded !== 0) {
        const currency =
          kept.length === 1 && kept[0] === 'currency' ? c.values.currency : kept.length === 0 ? single : undefined;
        if (currency !== undefined) {
          byCurrency[currency] = (byCurrency[currency] ?? 0) + c.excluded;
          recordsByCurrency[currency] = (recordsByCurrency[currency] ?? 0) + (c.records?.excluded ?? 0);
        }
      }
      if (!acrossCurrencies(def, q, kept)) cells.push(c);
    }
  }
  cells.sort((a, b) => compareCells(q.by, a, b));
  const left = valued
    ? { excluded: null, excludedByCurrency: byCurrency, excludedRecordsByCurrency: recordsByCurrency }
    : { excluded };
  return { indicator: def, query: q, periods, cells, ...left, asOf, digest: digestOf(def.id, q, cells) };
}

function compareCells(by: readonly Dimension[], a: ExactCell | PublishedCell, b: ExactCell | PublishedCell): number {
  if (a.period !== b.period) return a.period < b.period ? -1 : 1;
  for (const d of by) {
    const x = a.values[d] ?? '';
    const y = b.values[d] ?? '';
    if (x !== y) return x === ALL ? 1 : y === ALL ? -1 : x < y ? -1 : 1;
  }
  return 0;
}

function digestOf(id: string, q: IndicatorQuery, cells: readonly ExactCell[]): string {
  const h = createHash('sha256');
  h.update(JSON.stringify([id, q.grain, q.from, q.to, q.by, q.filters ?? {}, q.pcodePrefix ?? null]));
  for (const c of cells)
    h.update(
      `\n${c.period}\t${DIMENSIONS.map((d) => c.values[d] ?? '').join('|')}\t${c.value}\t${c.excluded}` +
        (c.records ? `\t${c.records.value}\t${c.records.excluded}` : ''),
    );
  return h.digest('hex');
}

/** The part of a release key that all cells of one query share, built once per query object. */
const keyPrefixes = new WeakMap<IndicatorQuery, string>();
/** The dimensions of an indicator in the fixed order of DIMENSIONS, built once per indicator. */
const keyDimensions = new WeakMap<IncrementalIndicator, readonly Dimension[]>();

/** The key of a cell in a release: which indicator, filter, period and values, so linked tables share it. */
function releaseKey(def: IncrementalIndicator, q: IndicatorQuery, c: ExactCell): string {
  let prefix = keyPrefixes.get(q);
  if (prefix === undefined) {
    prefix = `${def.id}\t${JSON.stringify([q.grain, q.filters ?? {}, q.pcodePrefix ?? null])}`;
    keyPrefixes.set(q, prefix);
  }
  let dims = keyDimensions.get(def);
  if (dims === undefined) {
    dims = DIMENSIONS.filter((d) => def.dimensions.includes(d));
    keyDimensions.set(def, dims);
  }
  let values = '';
  for (let i = 0; i < dims.length; i++) {
    const d = dims[i] as Dimension;
    values += (i ? '|' : '') + (c.values[d] ?? ALL);
  }
  return `${prefix}\t${c.period}\t${values}`;
}

/** The additive constraints of one exact result: each line of the table sums to its margin. */
function constraintsOf(def: IncrementalIndicator, r: ExactResult): DcProblem['constraints'] {
  const out: DcProblem['constraints'] = [];
  const by = r.query.by;
  // A margin over a multi-valued dimension is not the sum of its cells (a person is in several), so it is no
  // constraint: the cells and the '*' cell are published independently.
  const additive = by.map((d) => !def.multiValued.includes(d));
  const lines = new Map<string, { total: string | null; parts: string[] }>();
  for (const c of r.cells) {
    const key = releaseKey(def, r.query, c);
    for (let i = 0; i < by.length; i++) {
      if (!additive[i]) continue;
      const d = by[i] as Dimension;
      // The line through this cell along d: the same period and the same values on every other dimension.
      let lineId = `${d}\t${c.period}`;
      for (const x of by) lineId += `\t${x === d ? ALL : (c.values[x] ?? '')}`;
      const line = lines.get(lineId) ?? { total: null, parts: [] };
      if (c.values[d] === ALL) line.total = key;
      else line.parts.push(key);
      lines.set(lineId, line);
    }
  }
  for (const line of lines.values())
    if (line.total && line.parts.length) out.push({ total: line.total, parts: line.parts });
  return out;
}

/**
 * Publishes several tables together (one release: a dashboard, an export, the annual report): each is queried
 * exactly, then disclosure control runs over all of them at once, so a cell that two tables share (a margin) is
 * suppressed in both and no suppressed value can be derived from any combination of their published cells.
 */
export async function publishRelease(
  db: Db,
  scope: EvidenceScope,
  queries: readonly IndicatorQuery[],
  options: PublishOptions = {},
): Promise<PublishedResult[]> {
  const asks = queries.map((asked) => {
    const def = incrementalIndicator(asked.indicatorId);
    const periods = checkQuery(def, asked);
    const q = perCurrency(def, asked);
    return { def, q, periods, months: monthsOf(q) };
  });
  // A year or quarter table of a sum over time is read as its months (one read), and added up here.
  const rows = await readCellsOf(
    db,
    scope,
    asks.map((a) => (a.months ? { def: a.def, q: a.months.q, periods: a.months.periods } : a)),
  );
  const exact: ExactResult[] = [];
  const companions: (ExactResult | undefined)[] = [];
  asks.forEach(({ def, q, periods, months }, i) => {
    if (!months) {
      exact.push(exactOf(def, q, periods, rows[i]!));
      companions.push(undefined);
      return;
    }
    const asked = new Set(periods);
    exact.push(
      exactOf(
        def,
        q,
        periods,
        rollUp(rows[i]!, q.grain).filter((r) => asked.has(r.period)),
      ),
    );
    companions.push(exactOf(def, months.q, months.periods, rows[i]!));
  });
  return publishExact(exact, options, companions);
}

/**
 * Is every coarser period of this indicator the sum of its months? So for counts of events and sums of money; not
 * for counts of people, where a person seen in July and in August is one person in the third quarter.
 */
function sumOverTime(def: IncrementalIndicator): boolean {
  return def.measure !== 'people';
}

/**
 * The month table behind a year or quarter table of a sum over time (its companion), or undefined: the same
 * indicator, breakdowns and filters over every month of the years its periods fall in (whole years, so that a
 * quarter's cells are decided as they are whatever range was asked for).
 */
export function monthCompanion(q: IndicatorQuery): IndicatorQuery | undefined {
  if (q.grain === 'month' || !sumOverTime(incrementalIndicator(q.indicatorId))) return undefined;
  return { ...q, grain: 'month', from: `${q.from.slice(0, 4)}-01`, to: `${q.to.slice(0, 4)}-12` };
}

/** The months from the one of day `from` to the one of day `to` (2026-01-01 .. 2026-12-31: 2026-01 .. 2026-12). */
export function monthsBetween(from: string, to: string): string[] {
  return periodsBetween('month', from.slice(0, 7), to.slice(0, 7), 12 * 121);
}

/** monthCompanion with its months (a query checked already: at most 120 years, so 1,440 months). */
function monthsOf(q: IndicatorQuery): { q: IndicatorQuery; periods: string[] } | undefined {
  const months = monthCompanion(q);
  return months && { q: months, periods: periodsBetween('month', months.from, months.to, 12 * 121) };
}

/** The year or quarter a month falls in (2026-08 -> 2026 or 2026-Q3). */
function periodOfMonth(month: string, grain: 'year' | 'quarter'): string {
  const year = month.slice(0, 4);
  return grain === 'year' ? year : `${year}-Q${Math.ceil(Number(month.slice(5, 7)) / 3)}`;
}

/** Rows read by month, added up by the year or quarter they fall in (what the SQL roll-up of cellsQuery gives). */
function rollUp(rows: readonly Row[], grain: PeriodGrain): Row[] {
  if (grain === 'month') return [...rows];
  const sums = new Map<string, Row>();
  for (const r of rows) {
    const period = periodOfMonth(r.period, grain);
    const key = `${period}\t${r.d0 ?? '\u0000'}\t${r.d1 ?? '\u0000'}`;
    const s = sums.get(key);
    if (!s) {
      sums.set(key, { ...r, period });
      continue;
    }
    s.value += r.value;
    s.excluded += r.excluded;
    s.records += r.records;
    s.recordsExcluded += r.recordsExcluded;
    if (r.at && (!s.at || r.at > s.at)) s.at = r.at;
  }
  return [...sums.values()];
}

/** Case types whose figures are published with the sensitive threshold (trafficking, as CTDC; GBV). */
const SENSITIVE_CASE_TYPES: readonly string[] = ['trafficking', 'gbv'];

/**
 * Does this cell count only trafficking or GBV cases? Its case type is one of those, or the query keeps only those,
 * or it names a form of exploitation (which only trafficking cases have). A cell of an indicator that is not about
 * them (cases opened by case type and sex, say) then gets the sensitive threshold too, so that it never publishes
 * what the trafficking and GBV tables of the same release suppress.
 */
function countsOnlySensitive(q: IndicatorQuery, values: ExactCell['values']): boolean {
  const type = values.case_type;
  if (type !== undefined && type !== ALL) return SENSITIVE_CASE_TYPES.includes(type);
  const types = q.filters?.case_type;
  if (types && types.length > 0 && types.every((x) => SENSITIVE_CASE_TYPES.includes(x))) return true;
  const form = values.exploitation_type;
  if (form !== undefined && form !== ALL) return form !== UNKNOWN;
  const forms = q.filters?.exploitation_type;
  return forms !== undefined && forms.length > 0 && forms.every((x) => x !== UNKNOWN);
}

/** A published cell's primary threshold: the table's, or the sensitive one for cells of trafficking or GBV only. */
function cellThreshold(q: IndicatorQuery, c: ExactCell, threshold: number): number {
  return countsOnlySensitive(q, c.values) ? Math.max(threshold, SENSITIVE_THRESHOLD) : threshold;
}

/**
 * Disclosure control over exact results already read (pure; publishRelease without the reads).
 *
 * Across grains: a year or quarter table of a sum over time may come with its companion, the same table by month
 * over whole years (`companions[i]`). Disclosure control then runs over the month tables, and the quarters and the
 * year of each year are decided over its protected months (disclosure.ts protectSums): a quarter or year cell is
 * withheld when it is itself small, when exactly one of its months is withheld, or when its withheld months pool to a
 * small value; the others are published when the audit over the months, quarters and year together finds nothing
 * withheld that they fix, else every one with a withheld month is withheld. Both grains are decided together,
 * whichever was asked, so a month table, a quarter table and a year table asked for apart cannot be differenced to
 * give a withheld month (or quarter) away.
 */
export function publishExact(
  release: readonly ExactResult[],
  options: PublishOptions = {},
  companions: readonly (ExactResult | undefined)[] = [],
): PublishedResult[] {
  const rounding = options.rounding ?? null;
  // A cell whose counted value is 0 is an empty cell in the published view, whatever was left out of it: the exact
  // view keeps a cell of no one counted and some left out (value 0, excluded 2), but published, the row it makes
  // (SYR, 25-59: 0) would say that someone without a basis for statistics is there, where an empty cell's row is
  // left out. What was left out is published only in the total (`excluded`), withheld when small.
  const nonZero = (r: ExactResult) => ({ ...r, cells: r.cells.filter((c) => c.value !== 0) });
  const exact = release.map(nonZero);
  const months = release.map((_, i) => {
    const m = companions[i];
    return m ? nonZero(m) : undefined;
  });
  const problem: DcProblem = { cells: [], constraints: [] };
  const seen = new Set<string>();
  for (const r of exact.map((r, i) => months[i] ?? r)) {
    const threshold = Math.max(r.indicator.threshold, options.threshold ?? 0);
    for (const c of r.cells) {
      const key = releaseKey(r.indicator, r.query, c);
      if (seen.has(key)) continue;
      seen.add(key);
      problem.cells.push({
        key,
        value: c.value,
        threshold: cellThreshold(r.query, c, threshold),
        // An amount is judged by the records that make it up (disclosure.ts).
        ...(c.records ? { records: c.records.value } : {}),
      });
    }
    problem.constraints.push(...constraintsOf(r.indicator, r));
  }
  const outcome = protect(problem, { rounding });
  const longer = longerCells(exact, months, outcome.status, options);
  return exact.map((r, i) => {
    const threshold = Math.max(r.indicator.threshold, options.threshold ?? 0);
    const round = (x: number) => (rounding ? Math.round(x / rounding) * rounding : x);
    let primary = 0;
    let complementary = 0;
    const cells: PublishedCell[] = r.cells.map((c) => {
      const key = releaseKey(r.indicator, r.query, c);
      let value = outcome.values.get(key) ?? null;
      let status = outcome.status.get(key) ?? 'published';
      if (months[i]) {
        status = longer.get(key) ?? 'published';
        value = status !== 'published' ? null : rounding ? roundToBase(c.value, rounding) : c.value;
      }
      if (status === 'primary') primary++;
      if (status === 'complementary') complementary++;
      return { period: c.period, values: c.values, value, status };
    });
    // The count left out is a cell too: below the threshold (the sensitive one for a table of trafficking or GBV
    // only) it is withheld.
    const excludedThreshold = countsOnlySensitive(r.query, {}) ? Math.max(threshold, SENSITIVE_THRESHOLD) : threshold;
    const fewExcluded =
      r.excluded !== null &&
      r.excluded > 0 &&
      (r.excluded < excludedThreshold ||
        excludedByPeriod(release[i]!, companions[i]).some((e) => e > 0 && e < excludedThreshold));
    const excluded = r.excluded === null || fewExcluded ? null : round(r.excluded);
    // A currency's left-out amount is an amount like the cells: withheld when fewer records than the threshold make
    // it up.
    const byCurrency = r.excludedByCurrency
      ? {
          excludedByCurrency: Object.fromEntries(
            Object.entries(r.excludedByCurrency).map(([k, v]) => [
              k,
              (r.excludedRecordsByCurrency?.[k] ?? 0) < excludedThreshold ? null : round(v),
            ]),
          ),
        }
      : {};
    return {
      indicator: r.indicator,
      query: r.query,
      periods: r.periods,
      cells,
      threshold,
      rounding,
      suppressed: { primary, complementary },
      excluded,
      ...(fewExcluded ? { excludedSuppressed: true as const } : {}),
      ...byCurrency,
      asOf: r.asOf,
      // Over what is published only: a digest of the exact cells would let anyone recover a suppressed value by
      // trying every small number until the hash matched.
      digest: publishedDigestOf(r.indicator.id, r.query, cells, threshold, rounding, [
        fewExcluded ? 'suppressed' : excluded,
        byCurrency.excludedByCurrency ?? null,
      ]),
    };
  });
}

/**
 * The count left out in each period of a table (its cells with no breakdown), or, for a table with a month companion,
 * in each month of its periods. The total left out of a range is the sum of these, so a table of a longer range less
 * one of a shorter range (or a quarter table less a month table) gives a period's count away: the total is published
 * only when none of them is small.
 */
function excludedByPeriod(r: ExactResult, months: ExactResult | undefined): number[] {
  const totals = (t: ExactResult) => t.cells.filter((c) => t.query.by.every((d) => c.values[d] === ALL));
  if (!months) return totals(r).map((c) => c.excluded);
  const grain = r.query.grain as 'year' | 'quarter';
  const asked = new Set(r.periods);
  return totals(months)
    .filter((c) => asked.has(periodOfMonth(c.period, grain)))
    .map((c) => c.excluded);
}

/**
 * The quarter and year cells of every table with a month companion, decided year by year over its protected months
 * (protectSums); a cell that several tables of the release share takes the most withheld of their decisions.
 */
function longerCells(
  exact: readonly ExactResult[],
  months: readonly (ExactResult | undefined)[],
  monthStatus: ReadonlyMap<string, CellStatus>,
  options: PublishOptions,
): Map<string, CellStatus> {
  const out = new Map<string, CellStatus>();
  const rank: Record<CellStatus, number> = { published: 0, complementary: 1, primary: 2 };
  exact.forEach((r, i) => {
    const m = months[i];
    if (!m) return;
    const def = r.indicator;
    const threshold = Math.max(def.threshold, options.threshold ?? 0);
    const dcCell = (key: string, c: ExactCell): DcCell => ({
      key,
      value: c.value,
      threshold: cellThreshold(r.query, c, threshold),
      ...(c.records ? { records: c.records.value } : {}),
    });
    const byYear = new Map<string, ExactCell[]>();
    for (const c of m.cells) {
      const list = byYear.get(c.period.slice(0, 4));
      if (list) list.push(c);
      else byYear.set(c.period.slice(0, 4), [c]);
    }
    for (const cells of byYear.values()) {
      const parts: DcProblem = {
        cells: cells.map((c) => dcCell(releaseKey(def, m.query, c), c)),
        constraints: constraintsOf(def, { ...m, cells }),
      };
      const sums: DcSumCell[] = [];
      const lines: DcProblem['constraints'] = [];
      for (const grain of ['quarter', 'year'] as const) {
        const q = { ...r.query, grain };
        const totals = new Map<string, { cell: ExactCell; parts: string[] }>();
        for (const c of cells) {
          const period = periodOfMonth(c.period, grain);
          const key = releaseKey(def, q, { ...c, period });
          const t = totals.get(key);
          if (!t) {
            totals.set(key, {
              cell: { ...c, period, ...(c.records ? { records: { ...c.records } } : {}) },
              parts: [releaseKey(def, m.query, c)],
            });
            continue;
          }
          t.cell.value += c.value;
          t.cell.excluded += c.excluded;
          if (t.cell.records && c.records) {
            t.cell.records.value += c.records.value;
            t.cell.records.excluded += c.records.excluded;
          }
          t.parts.push(releaseKey(def, m.query, c));
        }
        for (const [key, t] of totals)
          sums.push({ ...dcCell(key, t.cell), parts: t.parts, span: grain === 'year' ? 12 : 3 });
        lines.push(...constraintsOf(def, { ...r, query: q, cells: [...totals.values()].map((t) => t.cell) }));
      }
      for (const [key, s] of protectSums(parts, monthStatus, sums, lines)) {
        const before = out.get(key);
        if (before === undefined || rank[s] > rank[before]) out.set(key, s);
      }
    }
  });
  return out;
}

function publishedDigestOf(
  id: string,
  q: IndicatorQuery,
  cells: readonly PublishedCell[],
  threshold: number,
  rounding: number | null,
  excluded: readonly [number | string | null, Record<string, number | null> | null],
): string {
  const h = createHash('sha256');
  h.update(JSON.stringify(['published', id, q.grain, q.from, q.to, q.by, q.filters ?? {}, q.pcodePrefix ?? null]));
  // (A count's parameters hash as they always have, so a release's digest stays reproducible.)
  const [count, byCurrency] = excluded;
  h.update(
    JSON.stringify(
      byCurrency ? [threshold, rounding, count, Object.entries(byCurrency).sort()] : [threshold, rounding, count],
    ),
  );
  for (const c of cells)
    h.update(`\n${c.period}\t${DIMENSIONS.map((d) => c.values[d] ?? '').join('|')}\t${c.value ?? 'x'}\t${c.status}`);
  return h.digest('hex');
}

/** One published table (publishRelease with a single query). */
export async function queryPublished(
  db: Db,
  scope: EvidenceScope,
  q: IndicatorQuery,
  options: PublishOptions = {},
): Promise<PublishedResult> {
  return (await publishRelease(db, scope, [q], options))[0]!;
}
