// Indicators of funds and projects as plain functions of the records (docs/operations.md, "Indicators"): funds
// released and time to release, projects and people reached. They are on-demand indicators in the sense of the
// indicator engine (evidence/indicators.ts): OPERATIONS_FUND_INDICATORS describes them in its shape, and the
// engine's owner registers them by adding the definitions to INDICATORS and calling these functions.
import type { Db } from '../db/database.ts';
import type { OnDemandIndicator } from '../evidence/indicators.ts';

/** The value at quantile q (0..1) of sorted numbers, by linear interpolation; null for none. */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

const dayStart = (d: string) => `${d}T00:00:00.000Z`;
const dayEnd = (d: string) => `${d}T23:59:59.999Z`;

/** Requests released in [from, to] (dates, UTC) by an organisation: count, USD minor units, crises funded. */
export async function fundsReleased(
  db: Db,
  organisationId: string,
  from: string,
  to: string,
  fundId?: string,
): Promise<{ count: number; usdMinor: number; crises: number }> {
  let q = db
    .selectFrom('fund_requests')
    .select((eb) => [
      eb.fn.countAll<number>().as('n'),
      eb.fn.sum<number>('amount_usd_minor').as('usd'),
      eb.fn.count<number>('crisis_id').distinct().as('crises'),
    ])
    .where('organisation_id', '=', organisationId)
    .where('status', '=', 'released')
    .where('released_at', '>=', dayStart(from))
    .where('released_at', '<=', dayEnd(to));
  if (fundId) q = q.where('fund_id', '=', fundId);
  const r = await q.executeTakeFirstOrThrow();
  return { count: Number(r.n), usdMinor: Number(r.usd ?? 0), crises: Number(r.crises) };
}

/**
 * fundsReleased's USD minor units for several periods at once (the months of a year), in one query: the requests
 * released from the first period's start to the last one's end, each counted in the periods whose bounds hold it.
 */
export async function fundsReleasedByPeriod(
  db: Db,
  organisationId: string,
  periods: readonly { key: string; from: string; to: string }[],
): Promise<Map<string, number>> {
  const out = new Map(periods.map((p) => [p.key, 0]));
  if (periods.length === 0) return out;
  const rows = await db
    .selectFrom('fund_requests')
    .select(['released_at', 'amount_usd_minor'])
    .where('organisation_id', '=', organisationId)
    .where('status', '=', 'released')
    .where('released_at', '>=', dayStart(periods[0]!.from))
    .where('released_at', '<=', dayEnd(periods[periods.length - 1]!.to))
    .execute();
  for (const p of periods) {
    const [a, b] = [dayStart(p.from), dayEnd(p.to)];
    for (const r of rows)
      if (r.released_at !== null && r.released_at >= a && r.released_at <= b)
        out.set(p.key, out.get(p.key)! + Number(r.amount_usd_minor));
  }
  return out;
}

/** Time from request to release of the requests released in [from, to]: median, 90th percentile and mean, in hours. */
export async function timeToRelease(
  db: Db,
  organisationId: string,
  from: string,
  to: string,
  fundId?: string,
): Promise<{ count: number; medianHours: number | null; p90Hours: number | null; meanHours: number | null }> {
  let q = db
    .selectFrom('fund_requests')
    .select('release_seconds')
    .where('organisation_id', '=', organisationId)
    .where('status', '=', 'released')
    .where('released_at', '>=', dayStart(from))
    .where('released_at', '<=', dayEnd(to));
  if (fundId) q = q.where('fund_id', '=', fundId);
  const hours = (await q.execute()).map((r) => Number(r.release_seconds) / 3600).sort((a, b) => a - b);
  const round = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);
  return {
    count: hours.length,
    medianHours: round(quantile(hours, 0.5)),
    p90Hours: round(quantile(hours, 0.9)),
    meanHours: round(hours.length ? hours.reduce((a, b) => a + b, 0) / hours.length : null),
  };
}

/** Projects active in [from, to] (their period overlaps it, not cancelled), by kind, and the countries they cover. */
export async function projectsActive(
  db: Db,
  organisationId: string,
  from: string,
  to: string,
): Promise<{ total: number; byKind: Record<string, number>; countries: number }> {
  const rows = await db
    .selectFrom('projects')
    .select(['kind', 'country'])
    .where('organisation_id', '=', organisationId)
    .where('status', '!=', 'cancelled')
    .where('start_date', '<=', to)
    .where('end_date', '>=', from)
    .execute();
  const byKind: Record<string, number> = {};
  for (const r of rows) byKind[r.kind] = (byKind[r.kind] ?? 0) + 1;
  return { total: rows.length, byKind, countries: new Set(rows.map((r) => r.country)).size };
}

/** People reached by sex and age in reports whose period falls in [from, to]. */
export async function peopleReached(
  db: Db,
  organisationId: string,
  from: string,
  to: string,
): Promise<{ women: number; men: number; girls: number; boys: number; total: number }> {
  const r = await db
    .selectFrom('project_reports')
    .select((eb) => [
      eb.fn.sum<number>('reached_women').as('women'),
      eb.fn.sum<number>('reached_men').as('men'),
      eb.fn.sum<number>('reached_girls').as('girls'),
      eb.fn.sum<number>('reached_boys').as('boys'),
    ])
    .where('organisation_id', '=', organisationId)
    .where('period_start', '>=', from)
    .where('period_end', '<=', to)
    .executeTakeFirstOrThrow();
  const v = {
    women: Number(r.women ?? 0),
    men: Number(r.men ?? 0),
    girls: Number(r.girls ?? 0),
    boys: Number(r.boys ?? 0),
  };
  return { ...v, total: v.women + v.men + v.girls + v.boys };
}

const crises = { agenda: [6], gcm: [7, 23], sdg: null, mgi: ['mobility_dimensions_of_crises' as const] };

/** The four indicators in the indicator engine's shape, ready to be added to its INDICATORS. */
export const OPERATIONS_FUND_INDICATORS = [
  {
    id: 'funds_released_usd',
    computation: 'on_demand',
    titles: {
      en: 'Funds released (USD)',
      fr: 'Fonds décaissés (USD)',
      es: 'Fondos liberados (USD)',
      ar: 'الأموال المصروفة (دولار أمريكي)',
    },
    description:
      'USD equivalent, at the recorded rate, of the requests released in the period (funds.indicators.ts fundsReleased).',
    unit: 'USD',
    source: { context: 'funds', records: 'fund_requests' },
    dimensions: ['organisation', 'fund'],
    tags: crises,
  },
  {
    id: 'funds_time_to_release',
    computation: 'on_demand',
    titles: {
      en: 'Time from request to release (median hours)',
      fr: 'Délai entre demande et décaissement (heures, médiane)',
      es: 'Tiempo entre solicitud y liberación (horas, mediana)',
      ar: 'المدة من الطلب إلى الصرف (الوسيط بالساعات)',
    },
    description:
      'Median hours from a request for money to its release, over the requests released in the period (timeToRelease).',
    unit: 'hours',
    source: { context: 'funds', records: 'fund_requests' },
    dimensions: ['organisation', 'fund'],
    tags: crises,
  },
  {
    id: 'projects_active',
    computation: 'on_demand',
    titles: { en: 'Projects active', fr: 'Projets en cours', es: 'Proyectos activos', ar: 'المشاريع الجارية' },
    description: 'Projects whose period overlaps the period and that are not cancelled, by kind (projectsActive).',
    unit: 'projects',
    source: { context: 'projects', records: 'projects' },
    dimensions: ['organisation', 'project_kind'],
    tags: { agenda: [8], gcm: [2, 16, 19, 23], sdg: null, mgi: ['partnerships', 'whole_of_government'] },
  },
  {
    id: 'project_people_reached',
    computation: 'on_demand',
    titles: {
      en: 'People reached by projects',
      fr: 'Personnes atteintes par les projets',
      es: 'Personas alcanzadas por los proyectos',
      ar: 'الأشخاص الذين وصلت إليهم المشاريع',
    },
    description:
      'People reached by sex and age in the activity reports of the period (peopleReached; counts as reported).',
    unit: 'people',
    source: { context: 'projects', records: 'project_reports' },
    dimensions: ['organisation', 'sex', 'age_group'],
    tags: { agenda: [7], gcm: [16, 19], sdg: null, mgi: ['well_being'] },
  },
] as const satisfies readonly OnDemandIndicator[];
