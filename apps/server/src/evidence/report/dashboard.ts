// The dashboard's tables: a published (disclosure-controlled) table of one indicator with up to two breakdowns,
// labelled in the caller's language, optionally drawn as a server-rendered SVG chart. Reads the evidence engine's
// aggregate cells through its query module only, so every answer is as fresh as the last committed write.
import type {
  EvidenceBreakdown,
  EvidenceIndicatorSummary,
  EvidenceTable,
  EvidenceTableQuery,
  Locale,
} from '@corridor/contracts';
import type { Db } from '../../db/database.ts';
import { DomainError } from '../../errors.ts';
import type { Principal } from '../../http/principal.ts';
import { isPlatformAdmin } from '../../http/principal.ts';
import { findOrganisation } from '../../identity/identity.repository.ts';
import { periodName } from '../../lib/period-names.ts';
import { renderBarChart } from '../charts/bars.ts';
import { renderChoropleth } from '../charts/choropleth.ts';
import { currencyDigits, formatMoney } from '../charts/svg.ts';
import { renderTimeSeries } from '../charts/time-series.ts';
import { ALL, type Dimension } from '../dimensions.ts';
import { DEFAULT_THRESHOLD, findIndicator, measureOf } from '../indicators.ts';
import {
  type EvidenceScope,
  type IndicatorQuery,
  listIndicators,
  type PublishedResult,
  queryPublished,
} from '../query.ts';
import { type OnDemandTable, onDemandComputation, onDemandTable } from './on-demand.ts';
import { titled, valueLabel } from './texts.ts';

/** The scope a caller asks for: their organisation's, or the platform's (platform administrators only). */
export function scopeFor(p: Principal, scope: 'organisation' | 'platform'): EvidenceScope {
  if (scope === 'platform') {
    if (!isPlatformAdmin(p))
      throw new DomainError('forbidden', 'Only a platform administrator may read the whole platform’s figures.');
    return { platform: true };
  }
  return { organisationId: p.organisationId };
}

type TableQuestion = Pick<
  EvidenceTableQuery,
  'indicator' | 'grain' | 'from' | 'to' | 'by' | 'pcodePrefix' | 'country' | 'sex' | 'caseType'
>;

/** The engine's query for a dashboard or export question. */
export function indicatorQuery(q: TableQuestion): IndicatorQuery {
  const filters: Partial<Record<Dimension, string[]>> = {};
  if (q.country) filters.country = [q.country];
  if (q.sex) filters.sex = [q.sex];
  if (q.caseType) filters.case_type = [q.caseType];
  return {
    indicatorId: q.indicator,
    grain: q.grain,
    from: q.from,
    to: q.to,
    by: q.by as Dimension[],
    ...(Object.keys(filters).length ? { filters } : {}),
    ...(q.pcodePrefix ? { pcodePrefix: q.pcodePrefix } : {}),
  };
}

/** Labels of the values in a result (published or exact), in `language`; organisations are named by their code. */
export async function labelsOf(
  db: Db,
  r: Pick<PublishedResult, 'query'> & { cells: readonly { values: Readonly<Partial<Record<Dimension, string>>> }[] },
  language: Locale,
): Promise<Record<string, Record<string, string>>> {
  const labels: Record<string, Record<string, string>> = {};
  for (const d of r.query.by) {
    const values = new Set(r.cells.map((c) => c.values[d] ?? '').filter((v) => v !== ALL));
    const out: Record<string, string> = {};
    for (const v of values) {
      if (d === 'organisation') out[v] = (await findOrganisation(db, v))?.code ?? v;
      else out[v] = valueLabel(d, v)[language];
    }
    labels[d] = out;
  }
  return labels;
}

/** What a chart needs of a published table, aggregate-cell or on demand. */
type ChartTable = {
  title: string;
  periods: readonly string[];
  by: readonly string[];
  cells: readonly {
    period: string;
    values: Record<string, string>;
    value: number | null;
    status: string;
    /** The value as printed, when a plain number would not say it (an amount of money). */
    text?: string;
  }[];
  /**
   * An aggregate-cell table holds no row where nothing was counted: a period missing from a series is 0 there. An
   * indicator computed on demand answers every period it can compute, so a missing one has no value.
   */
  zeroWhenMissing?: boolean;
};

/** Each period of a table by name in `language`. */
export function periodLabelsOf(periods: readonly string[], language: Locale): Record<string, string> {
  return Object.fromEntries(periods.map((p) => [p, periodName(p, language)]));
}

/**
 * A sum of money as a chart draws it: each cell's amount in its currency's major units (bars and lines compare
 * amounts, not cents), printed as money ("$125.30"); a breakdown by currency after another becomes part of the first
 * ("Female (USD)"), as amounts in different currencies have no total to keep it at. (A dashboard table of money is
 * always broken down by currency: query.ts perCurrency.)
 */
function moneyTable(
  r: ChartTable,
  labels: Record<string, Record<string, string>>,
  language: Locale,
): { table: ChartTable; labels: Record<string, Record<string, string>> } {
  const [first, second] = r.by;
  const joined = first !== undefined && second === 'currency';
  const firstLabels = { ...(first ? labels[first] : {}) };
  const cells = r.cells.map((c) => {
    const currency = c.values.currency;
    if (currency === undefined || currency === ALL) return c;
    const digits = currencyDigits(currency);
    const money = {
      ...c,
      value: c.value === null ? null : c.value / 10 ** digits,
      ...(c.value === null ? {} : { text: formatMoney(c.value, currency, language) }),
    };
    if (!joined || c.values[first] === ALL) return money;
    const v = c.values[first]!;
    const key = `${v}\u0001${currency}`;
    firstLabels[key] = `${labels[first]?.[v] ?? v} (${currency})`;
    const { currency: _, ...values } = c.values;
    return { ...money, values: { ...values, [first]: key } };
  });
  if (!joined) return { table: { ...r, cells }, labels };
  return { table: { ...r, by: [first], cells }, labels: { ...labels, [first]: firstLabels } };
}

/** The chart of a published table, or null when this chart cannot show it (a map needs p-codes with boundaries). */
function chartOf(
  r: ChartTable,
  chart: 'bars' | 'series' | 'map',
  labels: Record<string, Record<string, string>>,
  language: Locale,
): string | null {
  const title = r.title;
  const first = r.by[0];
  const second = r.by[1];
  const label = (d: string | undefined, v: string | undefined) =>
    d && v !== undefined ? (labels[d]?.[v] ?? v) : title;
  const periodLabel = (period: string) => periodName(period, language);
  const description = titled(
    language,
    title,
    `${periodLabel(r.periods[0] ?? '')}–${periodLabel(r.periods[r.periods.length - 1] ?? '')}`,
  );
  if (chart === 'series') {
    // One line per value of the first breakdown (its total when there is none), the second at its total.
    const keys = first ? [...new Set(r.cells.map((c) => c.values[first] ?? ''))].filter((v) => v !== ALL) : [ALL];
    return renderTimeSeries({
      title,
      description,
      language,
      periods: r.periods.map((p) => ({ key: p, label: periodLabel(p) })),
      series: keys.slice(0, 7).map((k) => {
        const points = r.cells
          .filter((c) => (first ? c.values[first] === k : true) && (second ? c.values[second] === ALL : true))
          .map((c) => ({
            period: c.period,
            value: c.value,
            suppressed: c.status !== 'published',
            ...(c.text ? { text: c.text } : {}),
          }));
        if (r.zeroWhenMissing) {
          const known = new Set(points.map((x) => x.period));
          for (const period of r.periods) if (!known.has(period)) points.push({ period, value: 0, suppressed: false });
        }
        return { label: first ? label(first, k) : title, points };
      }),
    });
  }
  // Bars and maps show the last period, by the first breakdown, the second at its total; their title names it.
  const last = r.periods[r.periods.length - 1];
  const ofLast = titled(language, title, periodLabel(last ?? ''));
  const cells = r.cells.filter(
    (c) => c.period === last && first && c.values[first] !== ALL && (second ? c.values[second] === ALL : true),
  );
  if (chart === 'map') {
    if (first !== 'pcode') return null;
    return renderChoropleth({
      title: ofLast,
      description: ofLast,
      language,
      values: cells.map((c) => ({
        pcode: c.values.pcode ?? '',
        value: c.value,
        suppressed: c.status !== 'published',
        ...(c.text ? { text: c.text } : {}),
      })),
    });
  }
  return renderBarChart({
    title: ofLast,
    description: ofLast,
    language,
    bars: cells
      .map((c) => ({
        label: label(first, c.values[first!]),
        value: c.value,
        suppressed: c.status !== 'published',
        ...(c.text ? { text: c.text } : {}),
      }))
      .sort((a, b) => (b.value ?? -1) - (a.value ?? -1)),
  });
}

/** Labels of the breakdown values of an on-demand table, in `language`. */
export function onDemandLabels(t: OnDemandTable, language: Locale): Record<string, Record<string, string>> {
  const labels: Record<string, Record<string, string>> = {};
  for (const d of t.by) {
    const out: Record<string, string> = {};
    for (const c of t.cells) {
      const v = c.values[d] ?? '';
      if (v !== ALL) out[v] = valueLabel(d, v)[language];
    }
    labels[d] = out;
  }
  return labels;
}

/** Is this indicator computed on demand (by another context) rather than read from aggregate cells? */
export function isOnDemand(id: string): boolean {
  return findIndicator(id)?.computation === 'on_demand';
}

/** The filters of a question that only aggregate cells can apply. */
const filtered = (q: TableQuestion) => Boolean(q.pcodePrefix || q.country || q.sex || q.caseType);

/** One on-demand table for the dashboard or an export. */
export function onDemandQuestion(q: TableQuestion) {
  return {
    indicator: q.indicator,
    grain: q.grain,
    from: q.from,
    to: q.to,
    by: q.by as EvidenceBreakdown[],
    filtered: filtered(q),
  };
}

/** One published table for the dashboard. */
export async function dashboardTable(
  db: Db,
  p: Principal,
  q: EvidenceTableQuery,
  now: Date = new Date(),
): Promise<EvidenceTable> {
  if (isOnDemand(q.indicator)) {
    const t = await onDemandTable(db, scopeFor(p, q.scope), onDemandQuestion(q), now);
    const labels = onDemandLabels(t, q.language);
    const title = t.indicator.titles[q.language];
    return {
      indicator: { id: t.indicator.id, title, unit: t.indicator.unit },
      computation: 'on_demand',
      measure: t.measure,
      grain: t.grain,
      periods: t.periods,
      by: t.by,
      cells: t.cells,
      threshold: t.threshold,
      suppressed: t.suppressed,
      excluded: 0,
      asOf: t.asOf,
      digest: t.digest,
      labels,
      periodLabels: periodLabelsOf(t.periods, q.language),
      chart: q.chart && q.chart !== 'map' ? chartOf({ ...t, title }, q.chart, labels, q.language) : null,
    };
  }
  const r = await queryPublished(db, scopeFor(p, q.scope), indicatorQuery(q));
  const labels = await labelsOf(db, r, q.language);
  const title = r.indicator.titles[q.language];
  return {
    indicator: { id: r.indicator.id, title, unit: r.indicator.unit },
    computation: 'incremental',
    measure: measureOf(r.indicator),
    grain: r.query.grain,
    periods: r.periods,
    by: [...r.query.by],
    cells: r.cells.map((c) => ({
      period: c.period,
      values: c.values as Record<string, string>,
      value: c.value,
      status: c.status,
    })),
    threshold: r.threshold,
    suppressed: r.suppressed,
    excluded: r.excluded,
    ...(r.excludedSuppressed ? { excludedSuppressed: true as const } : {}),
    ...(r.excludedByCurrency ? { excludedByCurrency: r.excludedByCurrency } : {}),
    asOf: r.asOf,
    digest: r.digest,
    labels,
    periodLabels: periodLabelsOf(r.periods, q.language),
    chart: q.chart ? incrementalChart(r, title, labels, q.chart, q.language) : null,
  };
}

/** The chart of an aggregate-cell table; a sum of money drawn as amounts of its currencies (moneyTable). */
function incrementalChart(
  r: PublishedResult,
  title: string,
  labels: Record<string, Record<string, string>>,
  chart: 'bars' | 'series' | 'map',
  language: Locale,
): string | null {
  const table: ChartTable = {
    title,
    periods: r.periods,
    by: r.query.by,
    cells: r.cells as ChartTable['cells'],
    zeroWhenMissing: true,
  };
  if (measureOf(r.indicator) !== 'money') return chartOf(table, chart, labels, language);
  const money = moneyTable(table, labels, language);
  return chartOf(money.table, chart, money.labels, language);
}

/** The indicators a dashboard can show (aggregate cells, and those computed on demand), titled in `language`. */
export function dashboardIndicators(language: Locale): EvidenceIndicatorSummary[] {
  const out: EvidenceIndicatorSummary[] = [];
  for (const d of listIndicators()) {
    const common = { id: d.id, title: d.titles[language], unit: d.unit, agenda: [...d.tags.agenda], sdg: d.tags.sdg };
    if (d.computation === 'incremental') {
      out.push({
        ...common,
        computation: 'incremental',
        measure: measureOf(d),
        dimensions: [...d.dimensions],
        // A sum of money is always read per currency (query.ts perCurrency).
        required: d.valued ? ['currency'] : [],
        grain: null,
        threshold: d.threshold,
        exact: true,
      });
      continue;
    }
    const c = onDemandComputation(d.id);
    if (!c) continue;
    out.push({
      ...common,
      computation: 'on_demand',
      measure: c.measure,
      dimensions: [...c.dims],
      required: [...c.required],
      grain: c.grain ?? null,
      threshold: c.control === 'none' ? null : DEFAULT_THRESHOLD,
      exact: false,
    });
  }
  return out;
}
