import {
  CreateReintegrationPlan,
  CreateReintegrationPlanItem,
  ExportReintegrationCohorts,
  ExportReintegrationPlans,
  IdParams,
  IsoDate,
  RecordReintegrationSurvey,
  ReintegrationCohortQuery,
  ReintegrationCohortTrend,
  ReintegrationHandover,
  ReintegrationInstrumentList,
  ReintegrationPlan,
  ReintegrationPlanItem,
  ReintegrationPlanList,
  ReintegrationPlanQuery,
  ReintegrationReturnee,
  SendReintegrationHandover,
  UpdateReintegrationPlanItem,
} from '@corridor/contracts';
import { z } from 'zod';
import type { AuditEvent } from '../audit/audit.service.ts';
import { restrictedRead } from '../beneficiaries/beneficiaries.service.ts';
import { tableExportRoute } from '../crises/operations-export.ts';
import type { Db } from '../db/database.ts';
import type { Principal } from '../http/principal.ts';
import { type AnyRoute, defineRoute } from '../http/route.ts';
import { cohortsTable, plansTable } from './reintegration.export.ts';
import { reintegrationPolicies as policy } from './reintegration.policy.ts';
import {
  presentHandover,
  presentItem,
  presentPlan,
  presentPlanSummary,
  presentReturnee,
} from './reintegration.presenter.ts';
import * as svc from './reintegration.service.ts';
import type { ReintegrationPlanRow } from './reintegration.table.ts';
import { INSTRUMENTS } from './survey-instrument.ts';

/**
 * A plan as the caller may see it: a restricted returnee's identity only for staff on their sensitive case, and its
 * showing audited as a sensitive read (SECURITY.md D4, D9).
 */
const planBody = async (
  db: Db,
  p: Principal,
  plan: ReintegrationPlanRow,
  audit: (event: AuditEvent) => Promise<void>,
) => {
  const [items, surveys, handovers, restricted] = await Promise.all([
    svc.itemsOf(db, plan.id),
    svc.surveysOf(db, plan.id),
    svc.handoversOf(db, plan.id),
    svc.returneesRestricted(db, p, [plan]),
  ]);
  for (const id of restricted.shown) await audit(restrictedRead(id, p.organisationId, 'reintegration_plan'));
  return presentPlan(p.organisationId, plan, items, surveys, handovers, restricted.hidden.has(plan.beneficiary_id));
};

const planEvent = (plan: ReintegrationPlanRow, action: string, details: Record<string, unknown> = {}) => ({
  action,
  entityType: 'reintegration_plan',
  entityId: plan.id,
  organisationId: plan.organisation_id,
  purpose: 'assistance',
  details,
});

const PendingHandover = z
  .object({ handover: ReintegrationHandover, returnee: ReintegrationReturnee, countryOfReturn: z.string() })
  .meta({ id: 'PendingReintegrationHandover' });

function decideRoute(accept: boolean) {
  return defineRoute({
    method: 'POST',
    url: `/api/reintegration/handovers/:id/${accept ? 'accept' : 'decline'}`,
    operationId: accept ? 'acceptReintegrationHandover' : 'declineReintegrationHandover',
    summary: accept
      ? 'The origin office accepts a hand-over and from then on holds the plan'
      : 'The origin office declines a hand-over (the host office keeps the plan)',
    tags: ['reintegration'],
    policy: policy.write,
    params: IdParams,
    errors: ['invalid_transition'],
    response: { status: 200, schema: ReintegrationHandover, description: 'The hand-over, decided.' },
    handler: async ({ trx, principal, params, now, audit }) => {
      const { handover, plan } = await svc.decideHandover(trx, principal, params.id, accept, now);
      await audit({
        ...planEvent(plan, `reintegration.handover_${accept ? 'accept' : 'decline'}`, { handoverId: handover.id }),
        organisationId: principal.organisationId,
      });
      return { body: presentHandover(handover) };
    },
  });
}

/** Routes of return and reintegration. */
export const reintegrationRoutes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/api/reintegration/plans',
    operationId: 'listReintegrationPlans',
    summary: 'Reintegration plans the caller’s office holds or opened (country of return, cohort, status)',
    tags: ['reintegration'],
    policy: policy.read,
    query: ReintegrationPlanQuery,
    transactional: 'audit',
    response: { status: 200, schema: ReintegrationPlanList, description: 'Plans, newest first.' },
    handler: async ({ db, principal, query, audit }) => {
      const plans = await svc.listPlans(db, principal, query);
      const surveys = await svc.surveysOfMany(
        db,
        plans.map((p) => p.id),
      );
      const restricted = await svc.returneesRestricted(db, principal, plans);
      for (const id of restricted.shown)
        await audit(restrictedRead(id, principal.organisationId, 'reintegration_list'));
      return {
        body: {
          items: plans.map((p) =>
            presentPlanSummary(
              principal.organisationId,
              p,
              surveys.filter((s) => s.plan_id === p.id),
              restricted.hidden.has(p.beneficiary_id),
            ),
          ),
        },
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/reintegration/plans',
    operationId: 'createReintegrationPlan',
    summary: 'Open a reintegration plan on a returnee’s assisted voluntary return case',
    tags: ['reintegration'],
    policy: policy.write,
    body: CreateReintegrationPlan,
    creates: true,
    etag: true,
    errors: ['invalid_reference', 'conflict'],
    response: { status: 201, schema: ReintegrationPlan, description: 'The plan.' },
    handler: async ({ trx, principal, body, now, audit }) => {
      const plan = await svc.createPlan(trx, principal, body, now);
      await audit(
        planEvent(plan, 'reintegration.plan_create', { caseId: plan.case_id, country: plan.country_of_return }),
      );
      return { status: 201, body: await planBody(trx, principal, plan, audit), version: plan.version };
    },
  }),
  tableExportRoute({
    url: '/api/reintegration/plans/export',
    operationId: 'exportReintegrationPlans',
    summary: 'Plans with their latest survey scores, one row per returnee (CSV or XLSX; names by role; audited)',
    tags: ['reintegration'],
    policy: policy.read,
    body: ExportReintegrationPlans,
    list: 'reintegration_plans',
    sheet: 'Reintegration',
    errors: ['export_too_large'],
    read: async ({ trx, principal, filters, maxRows }) => ({
      ...(await plansTable(trx, principal, filters, maxRows)),
      personal: true,
      file: 'reintegration-plans',
    }),
  }),
  tableExportRoute({
    url: '/api/reintegration/cohorts/export',
    operationId: 'exportReintegrationCohorts',
    summary: 'Mean scores per cohort and survey round (CSV or XLSX; aggregates, small cells suppressed; audited)',
    tags: ['reintegration'],
    policy: policy.figures,
    body: ExportReintegrationCohorts,
    list: 'reintegration_cohorts',
    sheet: 'Cohorts',
    read: async ({ trx, principal, filters }) => ({
      ...(await cohortsTable(trx, principal, filters)),
      personal: false,
      file: 'reintegration-cohorts',
    }),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/reintegration/plans/:id',
    operationId: 'getReintegrationPlan',
    summary: 'One plan: items, hand-overs and the scored surveys (the per-returnee trend)',
    tags: ['reintegration'],
    policy: policy.read,
    params: IdParams,
    transactional: true,
    etag: true,
    response: { status: 200, schema: ReintegrationPlan, description: 'The plan.' },
    handler: async ({ trx, principal, params, audit }) => {
      const plan = await svc.getPlan(trx, principal, params.id);
      await audit({
        ...planEvent(plan, 'reintegration.plan_read'),
        organisationId: principal.organisationId,
        sensitiveRead: true,
      });
      return { body: await planBody(trx, principal, plan, audit), version: plan.version };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/reintegration/plans/:id/return',
    operationId: 'recordReintegrationReturn',
    summary: 'Record the day the returnee arrived (it sets the cohort)',
    tags: ['reintegration'],
    policy: policy.write,
    params: IdParams,
    body: z.object({ returnedOn: IsoDate }).strict(),
    errors: ['invalid_transition'],
    response: { status: 200, schema: ReintegrationPlan, description: 'The plan.' },
    handler: async ({ trx, principal, params, body, now, audit }) => {
      const plan = await svc.recordReturn(trx, principal, params.id, body.returnedOn, now);
      await audit(planEvent(plan, 'reintegration.return', { cohort: plan.cohort }));
      return { body: await planBody(trx, principal, plan, audit), version: plan.version };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/reintegration/plans/:id/items',
    operationId: 'addReintegrationItem',
    summary: 'Add economic, social or psychosocial support at individual, community or structural level',
    tags: ['reintegration'],
    policy: policy.write,
    params: IdParams,
    body: CreateReintegrationPlanItem,
    creates: true,
    errors: ['invalid_transition'],
    response: { status: 201, schema: ReintegrationPlanItem, description: 'The item.' },
    handler: async ({ trx, principal, params, body, now, audit }) => {
      const { plan, item } = await svc.addItem(trx, principal, params.id, body, now);
      await audit(
        planEvent(plan, 'reintegration.item_add', { itemId: item.id, dimension: item.dimension, level: item.level }),
      );
      return { status: 201, body: presentItem(item) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/reintegration/items/:id/status',
    operationId: 'setReintegrationItemStatus',
    summary: 'Mark a support item in progress, delivered or cancelled',
    tags: ['reintegration'],
    policy: policy.write,
    params: IdParams,
    body: UpdateReintegrationPlanItem,
    response: { status: 200, schema: ReintegrationPlanItem, description: 'The item.' },
    handler: async ({ trx, principal, params, body, now, audit }) => {
      const { plan, item } = await svc.setItemStatus(trx, principal, params.id, body.status, now);
      await audit(planEvent(plan, 'reintegration.item_status', { itemId: item.id, status: item.status }));
      return { body: presentItem(item) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/reintegration/plans/:id/handover',
    operationId: 'sendReintegrationHandover',
    summary: 'Hand the plan over to the origin country’s office (needs a basis for sharing with it)',
    tags: ['reintegration'],
    policy: policy.write,
    params: IdParams,
    body: SendReintegrationHandover,
    creates: true,
    errors: ['invalid_transition', 'invalid_reference', 'basis_required', 'conflict'],
    response: { status: 201, schema: ReintegrationHandover, description: 'The hand-over.' },
    handler: async ({ trx, principal, params, body, now, audit }) => {
      const { plan, handover } = await svc.sendHandover(trx, principal, params.id, body, now);
      await audit({
        ...planEvent(plan, 'reintegration.handover_send', { handoverId: handover.id, to: handover.to_organisation_id }),
        purpose: 'referral',
      });
      return { status: 201, body: presentHandover(handover) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/reintegration/handovers',
    operationId: 'listPendingReintegrationHandovers',
    summary: 'Hand-overs addressed to the caller’s office and waiting for a decision',
    tags: ['reintegration'],
    policy: policy.read,
    response: {
      status: 200,
      schema: z.object({ items: z.array(PendingHandover) }),
      description: 'Pending hand-overs, oldest first.',
    },
    handler: async ({ db, principal, now }) => ({
      body: {
        items: (await svc.pendingHandovers(db, principal, now)).map((h) => ({
          handover: presentHandover(h),
          returnee: presentReturnee(h.returnee, false),
          countryOfReturn: h.country_of_return,
        })),
      },
    }),
  }),
  decideRoute(true),
  decideRoute(false),
  defineRoute({
    method: 'POST',
    url: '/api/reintegration/plans/:id/surveys',
    operationId: 'recordReintegrationSurvey',
    summary: 'Record a scored survey round (baseline, 3, 6 or 12 months)',
    tags: ['reintegration'],
    policy: policy.write,
    params: IdParams,
    body: RecordReintegrationSurvey,
    creates: true,
    errors: ['invalid_transition', 'conflict'],
    response: { status: 201, schema: ReintegrationPlan, description: 'The plan with the new scores.' },
    handler: async ({ trx, principal, params, body, now, audit }) => {
      const { plan, survey } = await svc.recordSurvey(trx, principal, params.id, body, now);
      await audit(
        planEvent(plan, 'reintegration.survey_record', {
          round: survey.round,
          instrumentVersion: survey.instrument_version,
          composite: survey.composite,
        }),
      );
      const fresh = await svc.getPlan(trx, principal, plan.id);
      return { status: 201, body: await planBody(trx, principal, fresh, audit), version: fresh.version };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/reintegration/instruments',
    operationId: 'listReintegrationInstruments',
    summary: 'Every version of the reintegration survey: items, answer values and weights',
    tags: ['reintegration'],
    policy: policy.read,
    response: { status: 200, schema: ReintegrationInstrumentList, description: 'Instruments, oldest first.' },
    handler: async () => ({ body: { items: [...INSTRUMENTS] } }),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/reintegration/cohorts',
    operationId: 'getReintegrationCohortTrend',
    summary: 'Mean scores per round of a cohort of returnees (rounds with fewer than 5 returnees suppressed)',
    tags: ['reintegration'],
    policy: policy.figures,
    query: ReintegrationCohortQuery,
    response: { status: 200, schema: ReintegrationCohortTrend, description: 'The trend.' },
    handler: async ({ db, principal, query }) => ({ body: await svc.cohortTrend(db, principal.organisationId, query) }),
  }),
];
