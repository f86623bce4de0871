// Routes of the evidence base's indicators: metadata, and one indicator's values by period and up to two
// dimensions, published (disclosure-controlled) by default, exact when asked by an analyst or administrator
// (audited). Thin: validate, decide the scope, call query.ts, present.
import {
  IndicatorList,
  type IndicatorMetadata,
  IndicatorValues,
  IndicatorValuesQuery,
  type Locale,
} from '@corridor/contracts';
import { z } from 'zod';
import type { Db } from '../db/database.ts';
import { forbidden } from '../errors.ts';
import { hasAnyRole, type Principal } from '../http/principal.ts';
import { defineRoute } from '../http/route.ts';
import type { Dimension } from './dimensions.ts';
import { evidencePolicies as policy } from './evidence.policy.ts';
import type { IndicatorDefinition } from './indicators.ts';
import { type EvidenceScope, type IndicatorQuery, listIndicators, queryExact, queryPublished } from './query.ts';
import { labelsOf, periodLabelsOf } from './report/dashboard.ts';

const ON_DEMAND_HREF: Record<string, string> = {
  sdg_10_c_1: '/api/remittances/sdg-10c1',
  sdg_10_7_1: '/api/recruitment-costs/sdg-1071',
  people_evacuated: '/api/movement-figures',
  people_resettled: '/api/movement-figures',
  people_returned: '/api/movement-figures',
  reintegration_scores: '/api/reintegration/cohorts',
  funds_released_usd: '/api/fund-figures',
  funds_time_to_release: '/api/fund-figures',
  projects_active: '/api/project-figures',
  project_people_reached: '/api/project-figures',
};

/** An indicator definition as the API lists it. */
export function presentIndicator(d: IndicatorDefinition): IndicatorMetadata {
  const incremental = d.computation === 'incremental';
  return {
    id: d.id,
    computation: d.computation,
    titles: { ...d.titles },
    description: d.description,
    unit: d.unit,
    source: { ...d.source },
    dimensions: [...d.dimensions],
    multiValued: incremental ? [...d.multiValued] : [],
    threshold: incremental ? d.threshold : null,
    tags: { agenda: [...d.tags.agenda], gcm: [...d.tags.gcm], sdg: d.tags.sdg, mgi: [...d.tags.mgi] },
    href: incremental ? null : (ON_DEMAND_HREF[d.id] ?? null),
  };
}

/** The scope a caller asked for, if they may have it: the platform is for platform administrators only. */
export function scopeOf(p: Principal, asked: 'organisation' | 'platform'): EvidenceScope {
  if (asked === 'platform') {
    if (!hasAnyRole(p, 'platform_admin'))
      throw forbidden('Only a platform administrator may query the whole platform.');
    return { platform: true };
  }
  return { organisationId: p.organisationId };
}

const FILTERS: readonly Exclude<Dimension, 'pcode'>[] = [
  'organisation',
  'country',
  'sex',
  'age_group',
  'nationality',
  'case_type',
  'exploitation_type',
  'service_type',
  'currency',
];

/** With a language: the result's periods and dimension values by name (nothing without one). */
async function namesIn(
  db: Db,
  r: Parameters<typeof labelsOf>[1] & { periods: readonly string[] },
  language: Locale | undefined,
): Promise<{ labels?: Record<string, Record<string, string>>; periodLabels?: Record<string, string> }> {
  if (!language) return {};
  return { labels: await labelsOf(db, r, language), periodLabels: periodLabelsOf(r.periods, language) };
}

const IndicatorIdParams = z.object({ id: z.string().regex(/^[a-z0-9_]{2,64}$/, 'an indicator id') }).strict();

export const evidenceRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/evidence/indicators',
    operationId: 'listIndicators',
    summary: 'Every indicator with its metadata: titles in four languages, unit, source, dimensions and tags',
    tags: ['evidence'],
    policy: policy.read,
    response: { status: 200, schema: IndicatorList, description: 'The indicators, incremental and on demand.' },
    handler: async () => ({ body: { items: listIndicators().map(presentIndicator) } }),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/evidence/indicators/:id/values',
    operationId: 'indicatorValues',
    summary: 'One indicator by period and up to two dimensions: published cells, or exact ones for analysts (audited)',
    tags: ['evidence'],
    policy: policy.read,
    params: IndicatorIdParams,
    query: IndicatorValuesQuery,
    // Transactional so that an exact read and its audit entry are one unit (the audit is written or nothing is read).
    transactional: true,
    errors: ['not_found', 'forbidden'],
    response: { status: 200, schema: IndicatorValues, description: 'The cells with their margins ("*").' },
    handler: async ({ db, principal, params, query, audit }) => {
      const scope = scopeOf(principal, query.scope);
      const filters: Partial<Record<Dimension, string[]>> = {};
      for (const d of FILTERS) {
        const v = query[d];
        if (v?.length) filters[d] = v;
      }
      if (filters.organisation && !('platform' in scope))
        throw forbidden('Only a platform administrator may filter by organisation.');
      const q: IndicatorQuery = {
        indicatorId: params.id,
        grain: query.grain,
        from: query.from,
        to: query.to,
        by: query.by,
        filters,
        ...(query.pcode ? { pcodePrefix: query.pcode } : {}),
      };
      if (query.view === 'exact') {
        const allowed =
          'platform' in scope ? hasAnyRole(principal, 'platform_admin') : hasAnyRole(principal, 'analyst', 'admin');
        if (!allowed) throw forbidden('Exact values are for analysts and administrators.');
        const r = await queryExact(db, scope, q);
        await audit({
          action: 'evidence.exact_read',
          entityType: 'indicator',
          entityId: null,
          organisationId: 'platform' in scope ? null : scope.organisationId,
          sensitiveRead: true,
          details: {
            indicator: r.indicator.id,
            grain: q.grain,
            from: q.from,
            to: q.to,
            by: r.query.by,
            scope: query.scope,
          },
        });
        return {
          body: {
            indicator: r.indicator.id,
            view: 'exact' as const,
            scope: query.scope,
            grain: q.grain,
            periods: r.periods,
            by: [...r.query.by],
            cells: r.cells.map((c) => ({
              period: c.period,
              values: c.values as Record<string, string>,
              value: c.value,
              excluded: c.excluded,
              status: 'exact' as const,
            })),
            threshold: null,
            rounding: null,
            suppressed: { primary: 0, complementary: 0 },
            excluded: r.excluded,
            ...(r.excludedByCurrency ? { excludedByCurrency: r.excludedByCurrency } : {}),
            asOf: r.asOf,
            digest: r.digest,
            ...(await namesIn(db, r, query.language)),
          },
        };
      }
      const r = await queryPublished(db, scope, q, { rounding: query.rounding ?? null });
      return {
        body: {
          indicator: r.indicator.id,
          view: 'published' as const,
          scope: query.scope,
          grain: q.grain,
          periods: r.periods,
          by: [...r.query.by],
          cells: r.cells.map((c) => ({
            period: c.period,
            values: c.values as Record<string, string>,
            value: c.value,
            status: c.status,
          })),
          threshold: r.threshold,
          rounding: r.rounding,
          suppressed: r.suppressed,
          excluded: r.excluded,
          ...(r.excludedSuppressed ? { excludedSuppressed: true as const } : {}),
          ...(r.excludedByCurrency ? { excludedByCurrency: r.excludedByCurrency } : {}),
          asOf: r.asOf,
          digest: r.digest,
          ...(await namesIn(db, r, query.language)),
        },
      };
    },
  }),
];
