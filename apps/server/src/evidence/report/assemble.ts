// Assembles the annual evidence report of one organisation (or the whole platform) for one year from the evidence
// engine's query module: every table of the report is published in ONE release (publishRelease), so disclosure
// control sees them together and no suppressed cell can be derived from another table of the report. Percentages
// are computed from published counts only, and are suppressed whenever their numerator or denominator is.
import type { Db } from '../../db/database.ts';
import { countOrganisations, findOrganisation } from '../../identity/identity.repository.ts';
import { ALL, type Dimension } from '../dimensions.ts';
import { DEFAULT_THRESHOLD, type IncrementalIndicator, SENSITIVE_THRESHOLD } from '../indicators.ts';
import {
  type EvidenceScope,
  type IndicatorQuery,
  listIndicators,
  type PublishedCell,
  type PublishedResult,
  publishRelease,
} from '../query.ts';
import {
  type AgendaPoint,
  type AgendaSection,
  type Breakdown,
  type HeadlineFigure,
  type Localised,
  type Provenance,
  type Published,
  provenanceOf,
  type ReportData,
  type ReportIndicator,
  type ReportScope,
  sealReport,
  shareOf,
} from './report-data.ts';
import { onDemandDefinitionData, onDemandPart } from './report-on-demand.ts';
import { titled, valueLabel } from './texts.ts';

/** One table of the report: the indicator, the breakdown (none for a single figure) and how to draw it. */
type TableSpec = {
  id: string;
  indicatorId: string;
  grain: 'year' | 'month';
  by: Dimension | null;
  chart?: Breakdown['chart'];
};

/** The tables of the report, in the order they appear. */
const TABLES: readonly TableSpec[] = [
  { id: 'people-assisted', indicatorId: 'beneficiaries_assisted', grain: 'year', by: null },
  { id: 'people-assisted-by-month', indicatorId: 'beneficiaries_assisted', grain: 'month', by: null, chart: 'series' },
  { id: 'people-assisted-by-place', indicatorId: 'beneficiaries_assisted', grain: 'year', by: 'pcode', chart: 'map' },
  { id: 'people-assisted-by-sex', indicatorId: 'beneficiaries_assisted', grain: 'year', by: 'sex', chart: 'bars' },
  { id: 'cases-opened-by-type', indicatorId: 'cases_opened', grain: 'year', by: 'case_type', chart: 'bars' },
  { id: 'cases-closed', indicatorId: 'cases_closed', grain: 'year', by: null },
  {
    id: 'victims-by-exploitation',
    indicatorId: 'trafficking_victims_assisted',
    grain: 'year',
    by: 'exploitation_type',
    chart: 'bars',
  },
  { id: 'victims-by-age', indicatorId: 'trafficking_victims_assisted', grain: 'year', by: 'age_group', chart: 'bars' },
  { id: 'unaccompanied-minor-victims', indicatorId: 'unaccompanied_minor_victims', grain: 'year', by: null },
  { id: 'gbv-survivors', indicatorId: 'gbv_survivors_assisted', grain: 'year', by: null },
  { id: 'services-by-type', indicatorId: 'services_delivered', grain: 'year', by: 'service_type', chart: 'bars' },
  { id: 'referrals-sent', indicatorId: 'referrals_sent', grain: 'year', by: null },
  { id: 'referrals-completed', indicatorId: 'referrals_completed', grain: 'year', by: null },
];

const L = (en: string, fr: string, es: string, ar: string): Localised => ({ en, fr, es, ar });

/** Headline figures beyond an indicator's own title. */
const SHARE_LABELS = {
  forcedLabour: L(
    'of victims of trafficking: forced labour',
    'des victimes de la traite : travail forcé',
    'de las víctimas de trata: trabajo forzoso',
    'من ضحايا الاتجار: العمل القسري',
  ),
  sexualExploitation: L(
    'of victims of trafficking: sexual exploitation',
    'des victimes de la traite : exploitation sexuelle',
    'de las víctimas de trata: explotación sexual',
    'من ضحايا الاتجار: الاستغلال الجنسي',
  ),
  unaccompanied: L(
    'of victims of trafficking: unaccompanied minors',
    'des victimes de la traite : mineurs non accompagnés',
    'de las víctimas de trata: menores no acompañados',
    'من ضحايا الاتجار: قاصرون غير مصحوبين',
  ),
};

const BY_TITLES: Record<string, Localised> = {
  month: L('by month', 'par mois', 'por mes', 'حسب الشهر'),
  pcode: L('by place (p-code)', 'par lieu (p-code)', 'por lugar (p-code)', 'حسب المكان (الرمز المكاني)'),
  sex: L('by sex', 'par sexe', 'por sexo', 'حسب الجنس'),
  case_type: L('by type of case', 'par type de dossier', 'por tipo de caso', 'حسب نوع الحالة'),
  exploitation_type: L(
    'by form of exploitation',
    'par forme d’exploitation',
    'por forma de explotación',
    'حسب شكل الاستغلال',
  ),
  age_group: L('by age group', 'par groupe d’âge', 'por grupo de edad', 'حسب الفئة العمرية'),
  service_type: L('by type of service', 'par type de service', 'por tipo de servicio', 'حسب نوع الخدمة'),
};

const AGE_LABELS: Record<string, Localised> = {
  '0-17': L('0–17 years', '0–17 ans', '0–17 años', '0–17 سنة'),
  '18-24': L('18–24 years', '18–24 ans', '18–24 años', '18–24 سنة'),
  '25-59': L('25–59 years', '25–59 ans', '25–59 años', '25–59 سنة'),
  '60+': L('60 years and over', '60 ans et plus', '60 años y más', '60 سنة فأكثر'),
};

function queryOf(t: TableSpec, year: number): IndicatorQuery {
  const y = String(year);
  return t.grain === 'month'
    ? { indicatorId: t.indicatorId, grain: 'month', from: `${y}-01`, to: `${y}-12`, by: [] }
    : { indicatorId: t.indicatorId, grain: 'year', from: y, to: y, by: t.by ? [t.by] : [] };
}

const published = (c: PublishedCell | undefined): Published =>
  c ? { value: c.value, suppressed: c.value === null } : { value: 0, suppressed: false };

/** The total cell of a one-period result (every `by` dimension at '*'), or undefined when nothing was counted. */
function totalCell(r: PublishedResult): PublishedCell | undefined {
  return r.cells.find((c) => r.query.by.every((d) => c.values[d] === ALL));
}

/** An indicator definition as data for its digest: what it counts, how and by what (not the translations). */
function definitionData(def: IncrementalIndicator): unknown {
  const { titles: _titles, ...rest } = def;
  return rest;
}

function scopeQuery(scope: EvidenceScope): Record<string, string> {
  return 'platform' in scope ? { scope: 'platform' } : { scope: 'organisation', organisation: scope.organisationId };
}

function provenanceFor(r: PublishedResult, scope: EvidenceScope, published: unknown, now: string): Provenance {
  const q = r.query;
  return provenanceOf(
    r.indicator.id,
    definitionData(r.indicator),
    {
      ...scopeQuery(scope),
      indicator: q.indicatorId,
      grain: q.grain,
      from: q.from,
      to: q.to,
      by: q.by.join(','),
    },
    published,
    r.asOf ?? now,
  );
}

function labelOf(dimension: Dimension, value: string): Localised {
  if (dimension === 'age_group' && AGE_LABELS[value]) return AGE_LABELS[value];
  return valueLabel(dimension, value);
}

function breakdownOf(t: TableSpec, r: PublishedResult, scope: EvidenceScope, now: string): Breakdown {
  const def = r.indicator;
  const dim = t.by ?? 'month';
  let cells: Breakdown['cells'];
  let total: Published;
  if (t.grain === 'month') {
    // One cell per month of the year, zero where nothing was counted.
    const byPeriod = new Map(r.cells.map((c) => [c.period, c]));
    cells = r.periods.map((p) => ({ key: p, label: L(p, p, p, p), ...published(byPeriod.get(p)) }));
    total = { value: null, suppressed: false };
  } else {
    const by = t.by!;
    cells = r.cells
      .filter((c) => c.values[by] !== ALL)
      .map((c) => {
        const key = c.values[by] ?? '';
        return { key, label: labelOf(by, key), ...published(c) };
      })
      .sort((a, b) => (b.value ?? -1) - (a.value ?? -1) || (a.key < b.key ? -1 : 1));
    total = published(totalCell(r));
  }
  const title = Object.fromEntries(
    (['en', 'fr', 'es', 'ar'] as const).map((l) => [l, titled(l, def.titles[l], BY_TITLES[dim]?.[l] ?? dim)]),
  ) as Localised;
  return {
    id: t.id,
    title,
    indicatorId: def.id,
    dimension: dim,
    chart: t.chart ?? 'bars',
    unit: 'people',
    cells,
    total,
    provenance: provenanceFor(
      r,
      scope,
      cells.map((c) => [c.key, c.value]),
      now,
    ),
  };
}

/** The scope as the report names it. */
async function reportScope(db: Db, scope: EvidenceScope): Promise<ReportScope> {
  if ('platform' in scope) return { kind: 'platform', organisations: await countOrganisations(db) };
  const org = await findOrganisation(db, scope.organisationId);
  return { kind: 'organisation', code: org?.code ?? '', name: org?.name ?? '' };
}

/** Builds the annual report of `scope` for `year`, with disclosure control over all its tables at once. */
export async function assembleAnnualReport(
  db: Db,
  scope: EvidenceScope,
  year: number,
  now: Date,
  options: { rounding?: number | null } = {},
): Promise<ReportData> {
  const generatedAt = now.toISOString();
  const results = await publishRelease(
    db,
    scope,
    TABLES.map((t) => queryOf(t, year)),
    { rounding: options.rounding ?? null },
  );
  const byId = new Map(TABLES.map((t, i) => [t.id, { spec: t, result: results[i]! }]));
  const res = (id: string) => byId.get(id)!.result;

  // Headline figures: the seed's figures (people assisted; victims of trafficking with the shares of forced
  // labour, sexual exploitation and unaccompanied minors), then the other single figures.
  const headline: HeadlineFigure[] = [];
  const figure = (
    id: string,
    r: PublishedResult,
    value: Published,
    unit: HeadlineFigure['unit'],
    label: Localised,
    publishedInputs: unknown,
    share?: string,
  ) => {
    headline.push({
      id,
      label,
      unit,
      ...value,
      ...(share ? { shareOf: share } : {}),
      provenance: provenanceFor(r, scope, publishedInputs, generatedAt),
    });
  };
  const people = res('people-assisted');
  const peopleTotal = published(totalCell(people));
  figure('people-assisted', people, peopleTotal, 'people', people.indicator.titles, peopleTotal.value);

  const victims = res('victims-by-exploitation');
  const victimsTotal = published(totalCell(victims));
  const form = (code: string) => published(victims.cells.find((c) => c.values.exploitation_type === code));
  figure('victims-assisted', victims, victimsTotal, 'people', victims.indicator.titles, victimsTotal.value);
  const fl = form('ForcedLabour');
  const se = form('SexualExploitation');
  figure(
    'victims-forced-labour-share',
    victims,
    shareOf(fl, victimsTotal),
    'percent',
    SHARE_LABELS.forcedLabour,
    [fl.value, victimsTotal.value],
    'victims-assisted',
  );
  figure(
    'victims-sexual-exploitation-share',
    victims,
    shareOf(se, victimsTotal),
    'percent',
    SHARE_LABELS.sexualExploitation,
    [se.value, victimsTotal.value],
    'victims-assisted',
  );
  const minors = res('unaccompanied-minor-victims');
  const minorsTotal = published(totalCell(minors));
  figure(
    'victims-unaccompanied-minors-share',
    minors,
    shareOf(minorsTotal, victimsTotal),
    'percent',
    SHARE_LABELS.unaccompanied,
    [minorsTotal.value, victimsTotal.value],
    'victims-assisted',
  );
  for (const id of ['gbv-survivors', 'cases-closed', 'referrals-sent', 'referrals-completed']) {
    const r = res(id);
    const v = published(totalCell(r));
    figure(id, r, v, 'people', r.indicator.titles, v.value);
  }

  const breakdowns = TABLES.filter((t) => t.chart).map((t) => breakdownOf(t, res(t.id), scope, generatedAt));

  // The indicators computed on demand by other contexts (movements, reintegration, funds, projects, remittances).
  const od = await onDemandPart(db, scope, year, now, { rounding: options.rounding ?? null });
  headline.push(...od.headline);
  breakdowns.push(...od.breakdowns);
  const odIndicators = new Map(od.tables.map((t) => [t.indicator.id, t.indicator]));

  // Sections: a figure is listed under every agenda point its indicator serves; a breakdown is drawn once, under
  // the first point other than 7 (the evidence base itself, which every indicator serves).
  const indicatorOf = (tableId: string) => byId.get(tableId)?.result.indicator;
  const tableOfFigure = (id: string) =>
    id === 'victims-unaccompanied-minors-share'
      ? 'unaccompanied-minor-victims'
      : id.startsWith('victims-')
        ? 'victims-by-exploitation'
        : id;
  const agendaOfFigure = (f: HeadlineFigure) =>
    indicatorOf(tableOfFigure(f.id))?.tags.agenda ?? odIndicators.get(f.provenance.indicatorId)?.tags.agenda ?? [];
  const agendaOfBreakdown = (b: Breakdown) =>
    indicatorOf(b.id)?.tags.agenda ?? odIndicators.get(b.indicatorId)?.tags.agenda ?? [];
  const sections: AgendaSection[] = ([1, 2, 3, 4, 5, 6, 7, 8] as AgendaPoint[]).map((point) => ({
    point,
    figures: headline.filter((f) => agendaOfFigure(f).includes(point)).map((f) => f.id),
    breakdowns: breakdowns
      .filter((b) => {
        const agenda = agendaOfBreakdown(b);
        const home = agenda.find((p) => p !== 7) ?? 7;
        return home === point;
      })
      .map((b) => b.id),
  }));

  const used = new Map<string, IncrementalIndicator>();
  for (const r of results) used.set(r.indicator.id, r.indicator);
  const indicators: ReportIndicator[] = [
    ...[...used.values()].map((d) => ({
      id: d.id,
      computation: 'incremental' as const,
      title: d.titles,
      unit: d.unit,
      agendaPoints: d.tags.agenda.filter((p): p is AgendaPoint => p >= 1 && p <= 8),
      sdg: d.tags.sdg ? [d.tags.sdg] : [],
      gcm: [...d.tags.gcm],
      definitionDigest: provenanceOf(d.id, definitionData(d), {}, null, generatedAt).definitionDigest,
    })),
    ...[...odIndicators.values()].map((d) => ({
      id: d.id,
      computation: 'on_demand' as const,
      title: d.titles,
      unit: d.unit,
      agendaPoints: d.tags.agenda.filter((p): p is AgendaPoint => p >= 1 && p <= 8),
      sdg: d.tags.sdg ? [d.tags.sdg] : [],
      gcm: [...d.tags.gcm],
      definitionDigest: provenanceOf(d.id, onDemandDefinitionData(d), {}, null, generatedAt).definitionDigest,
    })),
  ];
  const withData = new Set(results.filter((r) => r.cells.some((c) => (c.value ?? 1) > 0)).map((r) => r.indicator.id));
  for (const t of od.tables) if (t.cells.some((c) => c.value !== 0 && c.value !== null)) withData.add(t.indicator.id);
  const catalogue = listIndicators().filter(
    (d) => (d.computation === 'incremental' && d.id !== 'services_value') || odIndicators.has(d.id),
  );
  const asOf = results
    .map((r) => r.asOf)
    .filter((a): a is string => a !== null)
    .sort()
    .pop();
  return sealReport({
    format: 'corridor.annual-evidence-report',
    version: 1,
    year,
    scope: await reportScope(db, scope),
    generatedAt,
    dataAsOf: asOf ?? generatedAt,
    headline,
    breakdowns,
    sections,
    coverage: {
      recordsCounted: peopleTotal.value,
      excludedNoStatisticalBasis: people.excluded,
      ...(people.excludedSuppressed ? { excludedSuppressed: true as const } : {}),
      suppressedCells:
        results.reduce((n, r) => n + r.suppressed.primary + r.suppressed.complementary, 0) +
        od.tables.reduce((n, t) => n + t.suppressed.primary + t.suppressed.complementary, 0),
      thresholds: { standard: DEFAULT_THRESHOLD, sensitive: SENSITIVE_THRESHOLD },
      roundingBase: options.rounding ?? null,
      indicatorsWithoutData: catalogue.filter((d) => !withData.has(d.id)).map((d) => d.id),
      notPooled: od.notPooled,
    },
    indicators,
  });
}
