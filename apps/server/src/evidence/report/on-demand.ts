// The indicators computed on demand (SDG 10.c.1 and 10.7.1, movements, reintegration, funds and projects) as
// tables the dashboard, the exports and the annual report can show like the aggregate-cell ones: periods, up to
// two breakdowns with their margins ('*') where the values add up, and disclosure control where the values are
// about people (docs/indicators.md, "Indicators computed on demand"):
// - counts of people: cells with 0 < value < threshold suppressed, then complementary suppression over the lines
//   of the table (disclosure.ts, the same method as the aggregate cells);
// - a mean (score, ratio) over fewer than threshold people is suppressed; so is a total mean when the suppressed
//   parts together stand for fewer than threshold people (their pooled mean would follow from it);
// - prices, funds and projects are not about people and are published as computed.
// Each table is computed by the owning context's own indicator functions, for the caller's organisation (prices:
// the whole market, as RPW publishes them). At platform scope, additive indicators are summed over organisations;
// means and medians per organisation cannot be pooled exactly, so they answer for one organisation only.
import type { EvidenceBreakdown, EvidenceMeasure } from '@corridor/contracts';
import type { Db } from '../../db/database.ts';
import { DomainError, invalidField } from '../../errors.ts';
import {
  fundsReleased,
  fundsReleasedByPeriod,
  peopleReached,
  projectsActive,
  timeToRelease,
} from '../../funds/funds.indicators.ts';
import type { Principal } from '../../http/principal.ts';
import { listOrganisations } from '../../identity/identity.repository.ts';
import { movementFigures } from '../../movements/movements.indicators.ts';
import { reintegrationScores } from '../../reintegration/reintegration.indicators.ts';
import { sdg10c1Report, sdg1071Report } from '../../remittances/remittances.service.ts';
import { ALL, type PeriodGrain } from '../dimensions.ts';
import { type DcConstraint, type DcStatus, protect } from '../disclosure.ts';
import { DEFAULT_THRESHOLD, findIndicator, type OnDemandIndicator } from '../indicators.ts';
import { type EvidenceScope, monthsBetween, periodRange } from '../query.ts';
import { sha256Of } from './report-data.ts';

/** One value of an on-demand computation: its breakdown values, the value, and how many people stand behind it. */
type RawCell = { values: Record<string, string>; value: number | null; people?: number };

type Computation = {
  measure: EvidenceMeasure;
  /** The only grain the source has, when it has one. */
  grain?: PeriodGrain;
  /** Every breakdown the computation gives; '*' is the margin of an additive one. */
  dims: readonly EvidenceBreakdown[];
  /** Breakdowns without a margin (scores per round): always shown. */
  required: readonly EvidenceBreakdown[];
  /** Counts of people (additive), means over people, or not about people. */
  control: 'people_counts' | 'people_means' | 'none';
  /** How the platform's figure is formed from the organisations': summed, the same for all, or not at all. */
  platform: 'sum' | 'market' | 'none';
  /** A longer period's value is the sum of its shorter periods' (arrivals, money released). */
  additiveOverTime?: boolean;
  /** `now`: the request's clock (a source that holds records of periods still to come leaves them out). */
  compute(db: Db, organisationId: string, p: Period, now: Date): Promise<RawCell[]>;
  /** All periods in one call, when the source gives a whole series at once (fewer queries than one per period). */
  series?(db: Db, organisationId: string, periods: readonly Period[]): Promise<Map<string, RawCell[]>>;
};

/** A period of a table: its key (2025, 2025-Q1, 2025-01) and the days it covers. */
type Period = { key: string; from: string; to: string };

const people = (n: number): RawCell => ({ values: {}, value: n });

/** Movements arrived in the period, of one type. */
const movement = (kind: 'evacuated' | 'resettled' | 'returned'): Computation => ({
  measure: 'people',
  dims: [],
  required: [],
  control: 'people_counts',
  platform: 'sum',
  additiveOverTime: true,
  compute: async (db, org, p) => [people((await movementFigures(db, org, p.from, p.to)).totals[kind])],
  // Whole periods are whole months: one call gives every month of the range, and each period sums its months.
  series: async (db, org, periods) => {
    const f = await movementFigures(db, org, periods[0]!.from, periods[periods.length - 1]!.to);
    return new Map(
      periods.map((p) => {
        const months = f.byMonth.filter((m) => `${m.month}-01` >= p.from && `${m.month}-01` <= p.to);
        return [p.key, [people(months.reduce((n, m) => n + m[kind], 0))]];
      }),
    );
  },
});

const COMPONENTS = ['economic', 'social', 'psychosocial', 'composite'] as const;

/** The RPW quarter (2025_1Q) of a Corridor quarter (2025-Q1). */
const rpwQuarter = (q: string) => `${q.slice(0, 4)}_${q.slice(6)}Q`;

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/** How each on-demand indicator becomes a table. */
const COMPUTATIONS: Record<string, Computation> = {
  people_evacuated: movement('evacuated'),
  people_resettled: movement('resettled'),
  people_returned: movement('returned'),
  reintegration_scores: {
    measure: 'score',
    dims: ['round', 'component'],
    required: ['round', 'component'],
    control: 'people_means',
    platform: 'none',
    compute: async (db, org, p) =>
      // reintegrationScores already withholds rounds with fewer than 5 returnees (n = 0, scores null).
      (await reintegrationScores(db, org, p.from, p.to)).flatMap((r) =>
        COMPONENTS.map((c) => {
          const score = r[c];
          return {
            values: { round: r.round, component: c },
            value: score === null ? null : round(score, 3),
            people: r.n,
          };
        }),
      ),
  },
  funds_released_usd: {
    measure: 'usd',
    dims: [],
    required: [],
    control: 'none',
    platform: 'sum',
    additiveOverTime: true,
    compute: async (db, org, p) => [{ values: {}, value: (await fundsReleased(db, org, p.from, p.to)).usdMinor / 100 }],
    // One query for every period (the report's twelve months) instead of one per period.
    series: async (db, org, periods) => {
      const usdMinor = await fundsReleasedByPeriod(db, org, periods);
      return new Map(periods.map((p) => [p.key, [{ values: {}, value: usdMinor.get(p.key)! / 100 }]]));
    },
  },
  funds_time_to_release: {
    measure: 'hours',
    dims: ['statistic'],
    required: ['statistic'],
    control: 'none',
    platform: 'none',
    compute: async (db, org, p) => {
      const t = await timeToRelease(db, org, p.from, p.to);
      return [
        { values: { statistic: 'median' }, value: t.medianHours },
        { values: { statistic: 'p90' }, value: t.p90Hours },
        { values: { statistic: 'mean' }, value: t.meanHours },
      ];
    },
  },
  projects_active: {
    measure: 'count',
    dims: ['project_kind'],
    required: [],
    control: 'none',
    platform: 'sum',
    compute: async (db, org, p) => {
      const r = await projectsActive(db, org, p.from, p.to);
      return [
        { values: { project_kind: ALL }, value: r.total },
        ...Object.entries(r.byKind).map(([k, n]) => ({ values: { project_kind: k }, value: n })),
      ];
    },
  },
  project_people_reached: {
    measure: 'people',
    dims: ['sex', 'age_group'],
    required: [],
    control: 'people_counts',
    platform: 'sum',
    compute: async (db, org, p) => {
      const r = await peopleReached(db, org, p.from, p.to);
      const cell = (sex: string, age: string, n: number) => ({ values: { sex, age_group: age }, value: n });
      return [
        cell('female', '18+', r.women),
        cell('male', '18+', r.men),
        cell('female', '0-17', r.girls),
        cell('male', '0-17', r.boys),
        cell('female', ALL, r.women + r.girls),
        cell('male', ALL, r.men + r.boys),
        cell(ALL, '18+', r.women + r.men),
        cell(ALL, '0-17', r.girls + r.boys),
        cell(ALL, ALL, r.total),
      ];
    },
  },
  sdg_10_c_1: {
    measure: 'percent',
    grain: 'quarter',
    dims: ['corridor'],
    required: [],
    control: 'none',
    platform: 'market',
    // The USD 200 band, as SDG 10.c.1 is reported: each corridor's average total cost, the global average as '*'.
    compute: async (db, _org, p, now) => {
      const r = await sdg10c1Report(db, { period: rpwQuarter(p.key) }, now);
      const band = r.periods[0]?.bands.find((b) => b.amount === 200);
      if (!band) return [];
      return [
        { values: { corridor: ALL }, value: band.globalAverage === null ? null : round(band.globalAverage, 2) },
        ...band.corridors.map((c) => ({
          values: { corridor: `${c.source}-${c.destination}` },
          value: round(c.average, 2),
        })),
      ];
    },
  },
  sdg_10_7_1: {
    measure: 'percent',
    grain: 'year',
    dims: ['corridor'],
    required: [],
    control: 'people_means',
    platform: 'none',
    compute: async (db, org, p) => {
      // The survey functions take the caller; they read only its organisation (remittances.service.ts).
      const caller = { organisationId: org } as Principal;
      const r = await sdg1071Report(db, caller, { year: Number(p.key) });
      const workers = r.corridors.reduce((n, c) => n + c.responses, 0);
      if (workers === 0) return [];
      // The mean of every worker's ratio: the corridors' means weighted by their respondents.
      const pooled = r.corridors.reduce((s, c) => s + c.indicatorPct * c.responses, 0) / workers;
      return [
        { values: { corridor: ALL }, value: round(pooled, 2), people: workers },
        ...r.corridors.map((c) => ({
          values: { corridor: `${c.origin}-${c.destination}` },
          value: round(c.indicatorPct, 2),
          people: c.responses,
        })),
      ];
    },
  },
};

/** The on-demand indicators the engine can tabulate. */
export function onDemandComputation(id: string): Computation | undefined {
  return COMPUTATIONS[id];
}

/** A published cell of an on-demand table. */
export type OnDemandCell = { period: string; values: Record<string, string>; value: number | null; status: DcStatus };

export type OnDemandTable = {
  indicator: OnDemandIndicator;
  measure: EvidenceMeasure;
  grain: PeriodGrain;
  periods: string[];
  by: EvidenceBreakdown[];
  cells: OnDemandCell[];
  threshold: number | null;
  suppressed: { primary: number; complementary: number };
  asOf: string;
  /** SHA-256 of the definition, the question and the published cells. */
  digest: string;
  /** The question, as hashed. */
  query: Record<string, string>;
};

export type OnDemandQuestion = {
  indicator: string;
  grain: PeriodGrain;
  from: string;
  to: string;
  by: readonly EvidenceBreakdown[];
  /** Filters the dashboard offers for aggregate cells; none applies to an on-demand indicator. */
  filtered?: boolean;
};

const issue = (pointer: string, message: string) => invalidField(pointer, message, undefined, 'query');

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** The days (inclusive) a period covers. */
export function daysOf(period: string): { from: string; to: string } {
  const y = Number(period.slice(0, 4));
  if (period.length === 4) return { from: `${y}-01-01`, to: `${y}-12-31` };
  if (period[5] === 'Q') {
    const q = Number(period[6]);
    return { from: `${y}-${pad(q * 3 - 2)}-01`, to: `${y}-${pad(q * 3)}-${lastDay(y, q * 3)}` };
  }
  const m = Number(period.slice(5, 7));
  return { from: `${y}-${pad(m)}-01`, to: `${y}-${pad(m)}-${lastDay(y, m)}` };
}

/** A period range moved to another grain: from the first period of `from` to the last of `to`. */
function regrain(grain: PeriodGrain, from: string, to: string): { from: string; to: string } {
  const a = daysOf(from).from;
  const b = daysOf(to).to;
  if (grain === 'year') return { from: a.slice(0, 4), to: b.slice(0, 4) };
  if (grain === 'month') return { from: a.slice(0, 7), to: b.slice(0, 7) };
  return { from: quarterOf(a), to: quarterOf(b) };
}

/** The quarter a month (2026-08) or day falls in (2026-Q3). */
const quarterOf = (d: string) => `${d.slice(0, 4)}-Q${Math.ceil(Number(d.slice(5, 7)) / 3)}`;

const keyOf = (period: string, values: Record<string, string>, dims: readonly string[]) =>
  `${period}|${dims.map((d) => values[d] ?? ALL).join('|')}`;

/** The additive lines of a table: for each breakdown, each margin is the sum of its parts. */
function linesOf(
  cells: readonly { key: string; period: string; values: Record<string, string> }[],
  dims: readonly string[],
) {
  const constraints: DcConstraint[] = [];
  const byKey = new Set(cells.map((c) => c.key));
  for (const c of cells) {
    for (const d of dims) {
      if (c.values[d] !== ALL) continue;
      const parts = cells
        .filter(
          (o) =>
            o.period === c.period && o.values[d] !== ALL && dims.every((e) => e === d || o.values[e] === c.values[e]),
        )
        .map((o) => o.key);
      if (parts.length && byKey.has(c.key)) constraints.push({ total: c.key, parts });
    }
  }
  return constraints;
}

/** The ids of every organisation: whose figures the platform sums. */
export async function platformOrganisations(db: Db): Promise<string[]> {
  return (await listOrganisations(db, { limit: 100_000 })).map((o) => o.id);
}

/** Computes one table of an on-demand indicator for a scope, with disclosure control where it is about people. */
export async function onDemandTable(
  db: Db,
  scope: EvidenceScope,
  q: OnDemandQuestion,
  now: Date,
  options: {
    threshold?: number;
    /**
     * Also the total over all the periods, under this period key (the year of a monthly series), protected together
     * with the periods so that no suppressed period follows from it. Indicators additive over time only.
     */
    periodTotal?: string;
    /** Controlled rounding of published counts of people to a multiple of this base (the annual report's option). */
    rounding?: number | null;
    /**
     * The platform's organisations, when the caller has read them in the same snapshot already (the annual report
     * reads them once for all its tables); read here otherwise.
     */
    organisations?: readonly string[];
  } = {},
): Promise<OnDemandTable> {
  const def = findIndicator(q.indicator);
  const comp = COMPUTATIONS[q.indicator];
  if (def?.computation !== 'on_demand' || !comp)
    throw new DomainError('not_found', 'No indicator with this id is computed on demand.');
  if (q.filtered) throw issue('/indicator', `${def.id} is computed on demand and cannot be filtered by place or group`);
  if (new Set(q.by).size !== q.by.length) throw issue('/by', 'a dimension appears twice');
  q.by.forEach((d, i) => {
    if (!comp.dims.includes(d)) throw issue(`/by/${i}`, `not a breakdown of ${def.id}`);
  });
  const by = [...comp.required, ...q.by.filter((d) => !comp.required.includes(d))];
  if (by.length > 2) throw issue('/by', 'at most two dimensions');
  if ('platform' in scope && comp.platform === 'none')
    throw issue('/scope', `${def.id} is a mean or median per organisation and has no platform-wide figure`);
  const grain = comp.grain ?? q.grain;
  const range = comp.grain && comp.grain !== q.grain ? regrain(comp.grain, q.from, q.to) : q;
  const periods = periodRange(grain, range.from, range.to);

  const organisations =
    'platform' in scope
      ? comp.platform === 'market'
        ? ['']
        : (options.organisations ?? (await platformOrganisations(db)))
      : [scope.organisationId];
  // Raw cells per period, summed over the organisations (one organisation unless the platform sums them).
  type Raw = { key: string; period: string; values: Record<string, string>; value: number | null; people?: number };
  const rawOf = async (keys: readonly string[]): Promise<Raw[]> => {
    const out: Raw[] = [];
    const spans: Period[] = keys.map((key) => ({ key, ...daysOf(key) }));
    const computed = new Map<string, RawCell[][]>(keys.map((p) => [p, []]));
    for (const org of organisations) {
      if (comp.series) {
        const all = await comp.series(db, org, spans);
        for (const p of keys) computed.get(p)!.push(all.get(p) ?? []);
      } else for (const p of spans) computed.get(p.key)!.push(await comp.compute(db, org, p, now));
    }
    for (const period of keys) {
      const sums = new Map<string, Raw>();
      for (const cellsOfOrg of computed.get(period)!) {
        for (const c of cellsOfOrg) {
          const values = Object.fromEntries(comp.dims.map((d) => [d, c.values[d] ?? ALL]));
          const key = keyOf(period, values, comp.dims);
          const prev = sums.get(key);
          if (!prev)
            sums.set(key, {
              key,
              period,
              values,
              value: c.value,
              ...(c.people !== undefined ? { people: c.people } : {}),
            });
          else prev.value = prev.value === null || c.value === null ? null : prev.value + c.value;
        }
      }
      out.push(...sums.values());
    }
    return out;
  };
  /** Cells of longer periods as the sums of the cells of `parts`: each value's sum, and the keys it sums. */
  const sumsOf = (parts: readonly Raw[], periodOf: (period: string) => string) => {
    const totals = new Map<string, { cell: Raw; parts: string[] }>();
    for (const c of parts) {
      const period = periodOf(c.period);
      const key = keyOf(period, c.values, comp.dims);
      const t = totals.get(key);
      if (!t) totals.set(key, { cell: { key, period, values: c.values, value: c.value }, parts: [c.key] });
      else {
        t.cell.value = t.cell.value === null || c.value === null ? null : t.cell.value + c.value;
        t.parts.push(c.key);
      }
    }
    return [...totals.values()];
  };
  if (options.periodTotal !== undefined && !comp.additiveOverTime)
    throw new Error(`${def.id} does not add up over time`);

  const threshold = comp.control === 'none' ? null : Math.max(DEFAULT_THRESHOLD, options.threshold ?? 0);
  const status = new Map<string, DcStatus>();
  const published = new Map<string, number | null>();
  const rounding = options.rounding ?? null;
  let raw: Raw[];
  if (comp.control === 'people_counts' && comp.additiveOverTime) {
    // Counts of people over time (arrivals): each year is protected as one block, its months, quarters and the year
    // with the lines that make each quarter and the year the sum of its months, whatever grain and range were asked.
    // So a month table, a quarter table, a year table and the annual report's total, asked for apart, are views of
    // one protected block and cannot be differenced into a withheld month (query.ts publishExact, "Across grains").
    const first = periods[0]!.slice(0, 4);
    const last = periods[periods.length - 1]!.slice(0, 4);
    if (options.periodTotal !== undefined && (grain !== 'month' || first !== last || options.periodTotal !== first))
      throw new Error('periodTotal: the year of a monthly series of that year');
    const byMonth = await rawOf(monthsBetween(`${first}-01-01`, `${last}-12-31`));
    const block: Raw[] = [...byMonth];
    const constraints = linesOf(byMonth, comp.dims);
    for (let y = Number(first); y <= Number(last); y++) {
      const months = byMonth.filter((c) => c.period.startsWith(`${y}-`));
      for (const g of ['quarter', 'year'] as const) {
        const totals = sumsOf(months, (m) => (g === 'year' ? m.slice(0, 4) : quarterOf(m)));
        block.push(...totals.map((t) => t.cell));
        constraints.push(
          ...totals.map((t) => ({ total: t.cell.key, parts: t.parts })),
          ...linesOf(
            totals.map((t) => t.cell),
            comp.dims,
          ),
        );
      }
    }
    const out = protect(
      { cells: block.map((c) => ({ key: c.key, value: c.value ?? 0, threshold: threshold! })), constraints },
      { rounding },
    );
    for (const c of block) {
      status.set(c.key, out.status.get(c.key) ?? 'published');
      published.set(c.key, out.values.get(c.key) ?? null);
    }
    const asked = new Set(periods);
    raw = [
      ...block.filter((c) => asked.has(c.period)),
      ...(options.periodTotal !== undefined ? block.filter((c) => c.period === options.periodTotal) : []),
    ];
  } else {
    raw = await rawOf(periods);
    if (options.periodTotal !== undefined) raw.push(...sumsOf(raw, () => options.periodTotal!).map((t) => t.cell));
    if (comp.control === 'people_counts') {
      const out = protect(
        {
          cells: raw.map((c) => ({ key: c.key, value: c.value ?? 0, threshold: threshold! })),
          constraints: linesOf(raw, comp.dims),
        },
        { rounding },
      );
      for (const c of raw) {
        status.set(c.key, out.status.get(c.key) ?? 'published');
        published.set(c.key, out.values.get(c.key) ?? null);
      }
    } else if (comp.control === 'people_means') {
      for (const c of raw) {
        // A value the owning context withheld (reintegration rounds of fewer than 5 returnees come without a score)
        // or a mean over fewer than threshold people.
        const withheld = c.value === null || (c.people ?? 0) < threshold!;
        status.set(c.key, withheld ? 'primary' : 'published');
        published.set(c.key, withheld ? null : c.value);
      }
      // A pooled mean ('*') whose suppressed parts stand for fewer than threshold people would give their mean away.
      for (const total of raw.filter((c) => comp.dims.some((d) => c.values[d] === ALL))) {
        if (status.get(total.key) !== 'published') continue;
        const hidden = raw.filter(
          (c) => c.period === total.period && c.key !== total.key && status.get(c.key) !== 'published',
        );
        const hiddenPeople = hidden.reduce((n, c) => n + (c.people ?? 0), 0);
        if (hidden.length && hiddenPeople < threshold!) {
          status.set(total.key, 'complementary');
          published.set(total.key, null);
        }
      }
    } else {
      for (const c of raw) {
        status.set(c.key, 'published');
        published.set(c.key, c.value);
      }
    }
  }

  // The cells asked for: the breakdowns not shown at their margin.
  const cells: OnDemandCell[] = raw
    .filter((c) => comp.dims.every((d) => by.includes(d) || c.values[d] === ALL))
    .map((c) => ({
      period: c.period,
      values: Object.fromEntries(by.map((d) => [d, c.values[d] ?? ALL])),
      value: published.get(c.key) ?? null,
      status: status.get(c.key) ?? 'published',
    }));
  const shownStatus = cells.map((c) => c.status);
  const query = {
    ...('platform' in scope ? { scope: 'platform' } : { scope: 'organisation', organisation: scope.organisationId }),
    indicator: def.id,
    grain,
    from: periods[0]!,
    to: periods[periods.length - 1]!,
    by: by.join(','),
  };
  const { titles: _titles, ...definition } = def;
  return {
    indicator: def,
    measure: comp.measure,
    grain,
    periods,
    by,
    cells,
    threshold,
    suppressed: {
      primary: shownStatus.filter((s) => s === 'primary').length,
      complementary: shownStatus.filter((s) => s === 'complementary').length,
    },
    asOf: now.toISOString(),
    digest: sha256Of({
      definition: sha256Of(definition),
      query,
      threshold,
      cells: cells.map((c) => [c.period, c.values, c.value, c.status]),
    }),
    query,
  };
}
