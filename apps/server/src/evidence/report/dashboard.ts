// The dashboard's tables: a published (disclosure-controlled) table of one indicator with up to two breakdowns,
// labelled in the caller's language, optionally drawn as a server-rendered SVG chart. Reads the evidence engine's
// aggregate cells through its query module only, so every answer is as fresh as the last committed write.
import type { EvidenceTable, EvidenceTableQuery, Locale } from '@corridor/contracts';
import type { Db } from '../../db/database.ts';
import { DomainError } from '../../errors.ts';
import type { Principal } from '../../http/principal.ts';
import { isPlatformAdmin } from '../../http/principal.ts';
import { findOrganisation } from '../../identity/identity.repository.ts';
import { renderBarChart } from '../charts/bars.ts';
import { renderChoropleth } from '../charts/choropleth.ts';
import { renderTimeSeries } from '../charts/time-series.ts';
import { ALL, type Dimension } from '../dimensions.ts';
import {
  type EvidenceScope,
  type IndicatorQuery,
  listIndicators,
  type PublishedResult,
  queryPublished,
} from '../query.ts';
import { valueLabel } from './texts.ts';

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

/** Labels of the values in a result, in `language`; organisations are named by their code. */
export async function labelsOf(
  db: Db,
  r: PublishedResult,
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

/** The chart of a published table, or null when this chart cannot show it (a map needs p-codes with boundaries). */
function chartOf(
  r: PublishedResult,
  chart: 'bars' | 'series' | 'map',
  labels: Record<string, Record<string, string>>,
  language: Locale,
): string | null {
  const def = r.indicator;
  const title = def.titles[language];
  const first = r.query.by[0];
  const second = r.query.by[1];
  const label = (d: Dimension | undefined, v: string | undefined) =>
    d && v !== undefined ? (labels[d]?.[v] ?? v) : title;
  const description = `${title}, ${r.periods[0]}–${r.periods[r.periods.length - 1]}`;
  if (chart === 'series') {
    // One line per value of the first breakdown (its total when there is none), the second at its total.
    const keys = first ? [...new Set(r.cells.map((c) => c.values[first] ?? ''))].filter((v) => v !== ALL) : [ALL];
    return renderTimeSeries({
      title,
      description,
      language,
      periods: r.periods.map((p) => ({ key: p, label: p })),
      series: keys.slice(0, 7).map((k) => ({
        label: first ? label(first, k) : title,
        points: r.cells
          .filter((c) => (first ? c.values[first] === k : true) && (second ? c.values[second] === ALL : true))
          .map((c) => ({ period: c.period, value: c.value, suppressed: c.status !== 'published' })),
      })),
    });
  }
  // Bars and maps show the last period, by the first breakdown, the second at its total.
  const last = r.periods[r.periods.length - 1];
  const cells = r.cells.filter(
    (c) => c.period === last && first && c.values[first] !== ALL && (second ? c.values[second] === ALL : true),
  );
  if (chart === 'map') {
    if (first !== 'pcode') return null;
    return renderChoropleth({
      title,
      description,
      language,
      values: cells.map((c) => ({ pcode: c.values.pcode ?? '', value: c.value, suppressed: c.status !== 'published' })),
    });
  }
  return renderBarChart({
    title,
    description,
    language,
    bars: cells
      .map((c) => ({ label: label(first, c.values[first!]), value: c.value, suppressed: c.status !== 'published' }))
      .sort((a, b) => (b.value ?? -1) - (a.value ?? -1)),
  });
}

/** One published table for the dashboard. */
export async function dashboardTable(db: Db, p: Principal, q: EvidenceTableQuery): Promise<EvidenceTable> {
  const r = await queryPublished(db, scopeFor(p, q.scope), indicatorQuery(q));
  const labels = await labelsOf(db, r, q.language);
  return {
    indicator: { id: r.indicator.id, title: r.indicator.titles[q.language], unit: r.indicator.unit },
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
    asOf: r.asOf,
    labels,
    chart: q.chart ? chartOf(r, q.chart, labels, q.language) : null,
  };
}

/** The indicators a dashboard can show (the ones kept as aggregate cells), titled in `language`. */
export function dashboardIndicators(language: Locale) {
  return listIndicators()
    .filter((d) => d.computation === 'incremental')
    .map((d) => ({
      id: d.id,
      title: d.titles[language],
      unit: d.unit,
      dimensions: d.computation === 'incremental' ? [...d.dimensions] : [],
      threshold: d.computation === 'incremental' ? d.threshold : 0,
      agenda: [...d.tags.agenda],
      sdg: d.tags.sdg,
    }));
}
