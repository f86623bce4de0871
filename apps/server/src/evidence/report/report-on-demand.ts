// The annual report's figures from the indicators computed on demand (SDG 10.c.1 and 10.7.1, movements,
// reintegration, funds, projects): each is computed for the year by its own context when the report is made, under
// the same disclosure control as the dashboard (on-demand.ts), with the same provenance as every other figure:
// the definition's digest, the moment it was computed, and a digest of definition, question and published cells.
import type { Db } from '../../db/database.ts';
import { ALL } from '../dimensions.ts';
import type { OnDemandIndicator } from '../indicators.ts';
import type { EvidenceScope } from '../query.ts';
import { type OnDemandTable, onDemandComputation, onDemandTable, platformOrganisations } from './on-demand.ts';
import {
  type Breakdown,
  type FigureUnit,
  type HeadlineFigure,
  type Localised,
  type Provenance,
  type Published,
  provenanceOf,
} from './report-data.ts';
import { titled, valueLabel } from './texts.ts';

const L = (en: string, fr: string, es: string, ar: string): Localised => ({ en, fr, es, ar });

/** One on-demand table of the report: the question and what to show of it. */
type Spec = {
  indicatorId: string;
  grain: 'year' | 'quarter' | 'month';
  by: string[];
  /** Monthly tables carry the year's total, protected with the months. */
  yearTotal?: boolean;
  /** The headline value: the total, or the cell with these breakdown values. */
  headline?: { values: Record<string, string>; label?: Localised };
  /** A breakdown drawn as a chart: by period (series) or by one breakdown (bars), other breakdowns at these values. */
  chart?: { by: 'period' | string; at?: Record<string, string>; title: Localised };
};

const SPECS: readonly Spec[] = [
  {
    indicatorId: 'people_evacuated',
    grain: 'month',
    by: [],
    yearTotal: true,
    headline: { values: {} },
    chart: { by: 'period', title: L('by month', 'par mois', 'por mes', 'حسب الشهر') },
  },
  {
    indicatorId: 'people_resettled',
    grain: 'month',
    by: [],
    yearTotal: true,
    headline: { values: {} },
    chart: { by: 'period', title: L('by month', 'par mois', 'por mes', 'حسب الشهر') },
  },
  {
    indicatorId: 'people_returned',
    grain: 'month',
    by: [],
    yearTotal: true,
    headline: { values: {} },
    chart: { by: 'period', title: L('by month', 'par mois', 'por mes', 'حسب الشهر') },
  },
  {
    indicatorId: 'reintegration_scores',
    grain: 'year',
    by: ['round', 'component'],
    headline: {
      values: { round: 'm12', component: 'composite' },
      label: L(
        'Composite reintegration score 12 months after return (0–1)',
        'Score composite de réintégration 12 mois après le retour (0–1)',
        'Puntuación compuesta de reintegración 12 meses después del retorno (0–1)',
        'الدرجة المركبة لإعادة الإدماج بعد 12 شهرًا من العودة (0–1)',
      ),
    },
    chart: {
      by: 'round',
      at: { component: 'composite' },
      title: L(
        'composite score by survey round',
        'score composite par vague',
        'puntuación compuesta por ronda',
        'الدرجة المركبة حسب جولة المسح',
      ),
    },
  },
  {
    indicatorId: 'funds_released_usd',
    grain: 'month',
    by: [],
    yearTotal: true,
    headline: { values: {} },
    chart: { by: 'period', title: L('by month', 'par mois', 'por mes', 'حسب الشهر') },
  },
  {
    indicatorId: 'funds_time_to_release',
    grain: 'year',
    by: ['statistic'],
    headline: { values: { statistic: 'median' } },
  },
  {
    indicatorId: 'projects_active',
    grain: 'year',
    by: ['project_kind'],
    headline: { values: { project_kind: ALL } },
    chart: { by: 'project_kind', title: L('by kind', 'par type', 'por tipo', 'حسب النوع') },
  },
  {
    indicatorId: 'project_people_reached',
    grain: 'year',
    by: ['sex', 'age_group'],
    headline: { values: { sex: ALL, age_group: ALL } },
    chart: { by: 'sex', at: { age_group: ALL }, title: L('by sex', 'par sexe', 'por sexo', 'حسب الجنس') },
  },
  {
    indicatorId: 'sdg_10_c_1',
    grain: 'quarter',
    by: [],
    chart: {
      by: 'period',
      title: L(
        'global average for USD 200, by quarter',
        'moyenne mondiale pour 200 USD, par trimestre',
        'promedio mundial para 200 USD, por trimestre',
        'المتوسط العالمي لمبلغ 200 دولار، حسب الربع',
      ),
    },
  },
  {
    indicatorId: 'sdg_10_7_1',
    grain: 'year',
    by: ['corridor'],
    headline: { values: { corridor: ALL } },
    chart: { by: 'corridor', title: L('by corridor', 'par corridor', 'por corredor', 'حسب الممر') },
  },
];

const UNIT: Record<string, FigureUnit> = {
  people: 'people',
  count: 'count',
  usd: 'usd',
  hours: 'hours',
  score: 'score',
  percent: 'percent',
};

/** What the report takes from the on-demand indicators for one year. */
export type OnDemandPart = {
  headline: HeadlineFigure[];
  breakdowns: Breakdown[];
  /** Every table computed, for the coverage and indicator lists. */
  tables: OnDemandTable[];
  /** Indicators left out at platform scope (no pooled figure). */
  notPooled: string[];
};

/** The definition as data for its digest: what it counts and from which records (not the translations). */
export function onDemandDefinitionData(def: OnDemandIndicator): unknown {
  const { titles: _titles, ...rest } = def;
  return { ...rest, computation: onDemandComputation(def.id)?.measure ?? null };
}

const publishedOf = (c: OnDemandTable['cells'][number] | undefined): Published =>
  c ? { value: c.value, suppressed: c.status !== 'published' } : { value: null, suppressed: false };

const matches = (values: Record<string, string>, want: Record<string, string>) =>
  Object.entries(want).every(([k, v]) => values[k] === v);

function provenanceOfTable(t: OnDemandTable, published: unknown): Provenance {
  return provenanceOf(t.indicator.id, onDemandDefinitionData(t.indicator), t.query, published, t.asOf);
}

/** Computes the report's on-demand figures of `year` for `scope`. */
export async function onDemandPart(
  db: Db,
  scope: EvidenceScope,
  year: number,
  now: Date,
  options: { rounding?: number | null } = {},
): Promise<OnDemandPart> {
  const y = String(year);
  const out: OnDemandPart = { headline: [], breakdowns: [], tables: [], notPooled: [] };
  // Every table of the report reads in one snapshot (produce.ts): the platform's organisations are read once.
  const organisations = 'platform' in scope ? await platformOrganisations(db) : undefined;
  for (const spec of SPECS) {
    const comp = onDemandComputation(spec.indicatorId);
    if (!comp) continue;
    if ('platform' in scope && comp.platform === 'none') {
      out.notPooled.push(spec.indicatorId);
      continue;
    }
    const range =
      spec.grain === 'year'
        ? { from: y, to: y }
        : spec.grain === 'quarter'
          ? { from: `${y}-Q1`, to: `${y}-Q4` }
          : { from: `${y}-01`, to: `${y}-12` };
    const t = await onDemandTable(
      db,
      scope,
      { indicator: spec.indicatorId, grain: spec.grain, ...range, by: spec.by as never },
      now,
      {
        ...(spec.yearTotal ? { periodTotal: y } : {}),
        rounding: options.rounding ?? null,
        ...(organisations ? { organisations } : {}),
      },
    );
    out.tables.push(t);
    const unit = UNIT[t.measure] ?? 'count';
    const def = t.indicator;
    if (spec.headline) {
      const want = spec.headline.values;
      const cell = t.cells.find((c) => c.period === y && matches(c.values, want));
      const value = publishedOf(cell);
      out.headline.push({
        id: `od-${def.id}`,
        label: spec.headline.label ?? def.titles,
        unit,
        ...value,
        provenance: provenanceOfTable(t, value.value),
      });
    }
    if (spec.chart) {
      const chart = spec.chart;
      const series = chart.by === 'period';
      const periods = t.periods;
      const cells = series
        ? periods.map((p) => {
            const c = t.cells.find((x) => x.period === p);
            // A period without a value: nothing counted (0) for counts and sums; no figure at all for a mean or a rate.
            const none = unit === 'people' || unit === 'count' || unit === 'usd' ? 0 : null;
            return { key: p, label: L(p, p, p, p), ...(c ? publishedOf(c) : { value: none, suppressed: false }) };
          })
        : t.cells
            .filter((c) => c.values[chart.by] !== ALL && matches(c.values, chart.at ?? {}))
            .map((c) => {
              const key = c.values[chart.by] ?? '';
              return { key, label: valueLabel(chart.by, key), ...publishedOf(c) };
            });
      const totalCell = series
        ? t.cells.find((c) => c.period === y)
        : t.cells.find((c) => c.values[chart.by] === ALL && matches(c.values, chart.at ?? {}));
      const title = Object.fromEntries(
        (['en', 'fr', 'es', 'ar'] as const).map((l) => [l, titled(l, def.titles[l], chart.title[l])]),
      ) as Localised;
      out.breakdowns.push({
        id: `od-${def.id}-${series ? 'period' : chart.by}`,
        title,
        indicatorId: def.id,
        dimension: series ? (spec.grain === 'quarter' ? 'quarter' : 'month') : chart.by,
        chart: series ? 'series' : 'bars',
        unit,
        cells,
        total: totalCell ? publishedOf(totalCell) : { value: null, suppressed: false },
        provenance: provenanceOfTable(
          t,
          cells.map((c) => [c.key, c.value]),
        ),
      });
    }
  }
  return out;
}
