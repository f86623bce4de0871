import {
  BalanceQuery,
  CreateFund,
  CreateFundRequest,
  ExportFundRequests,
  FtsFlowList,
  Fund,
  FundBalances,
  FundFigures,
  FundFiguresQuery,
  FundList,
  FundRequest,
  FundRequestPage,
  FundRequestQuery,
  IdParams,
  LedgerEntry,
  LedgerPage,
  LedgerQuery,
  PostReceipt,
  RejectFundRequest,
} from '@corridor/contracts';
import { z } from 'zod';
import { carriesPersonalData, tableExportRoute } from '../crises/operations-export.ts';
import type { Db } from '../db/database.ts';
import { DomainError } from '../errors.ts';
import { takeRateLimit } from '../http/rate-limit.ts';
import { type AnyRoute, defineRoute } from '../http/route.ts';
import { EXPORTS_PER_HOUR } from '../imports/imports.routes.ts';
import { reachedOf } from '../projects/projects.service.ts';
import { ftsFlows } from './fts.ts';
import { fundRequestsTable } from './funds.export.ts';
import { fundsReleased, timeToRelease } from './funds.indicators.ts';
import { fundPolicies as policy } from './funds.policy.ts';
import { presentBalances, presentEntry, presentFund, presentRequest } from './funds.presenter.ts';
import {
  approveRequest,
  cancelRequest,
  createRequest,
  getRequest,
  listRequests,
  rejectRequest,
  releaseRequest,
} from './funds.requests.ts';
import {
  balancesOf,
  createFund,
  getFund,
  ledgerPage,
  limitsOf,
  linesOf,
  listFunds,
  postReceipt,
} from './funds.service.ts';
import type { FundRequestRow, FundRow } from './funds.table.ts';
import { iatiActivities } from './iati.ts';
import { fromMinor } from './money.ts';

const HOUR = 3_600_000;

async function fundView(db: Db, f: FundRow, now: Date) {
  return presentFund(f, await limitsOf(db, f.id), await balancesOf(db, f.id), now);
}

/** Audit entry of a request's step: ids, amounts and links, never the purpose text. */
const requestEvent = (r: FundRequestRow, action: string) => ({
  action,
  entityType: 'fund_request',
  entityId: r.id,
  organisationId: r.organisation_id,
  details: {
    fundId: r.fund_id,
    status: r.status,
    amountMinor: Number(r.amount_minor),
    amountUsdMinor: Number(r.amount_usd_minor),
    crisisId: r.crisis_id,
    caseId: r.case_id,
    projectId: r.project_id,
    releaseSeconds: r.release_seconds,
  },
});

async function fundCodeOf(db: Db, r: FundRequestRow): Promise<string> {
  const f = await db.selectFrom('funds').select('code').where('id', '=', r.fund_id).executeTakeFirstOrThrow();
  return f.code;
}

function decisionRoute(
  step: 'approve' | 'release' | 'cancel',
  summary: string,
  errors: ('insufficient_funds' | 'approval_limit_exceeded' | 'invalid_transition')[],
) {
  return defineRoute({
    method: 'POST',
    url: `/api/fund-requests/:id/${step}`,
    operationId: { approve: 'approveFundRequest', release: 'releaseFundRequest', cancel: 'cancelFundRequest' }[step],
    summary,
    tags: ['funds'],
    policy: { approve: policy.approve, release: policy.release, cancel: policy.request }[step],
    params: IdParams,
    errors,
    response: { status: 200, schema: FundRequest, description: 'The request, in its new state.' },
    handler: async ({ trx, engine, principal, params, now, audit }) => {
      const run = { approve: approveRequest, release: releaseRequest, cancel: cancelRequest }[step];
      const r = await run(trx, engine, principal, params.id, now);
      await audit(requestEvent(r, `fund_request.${step}`));
      return { body: presentRequest(r, await fundCodeOf(trx, r), principal) };
    },
  });
}

/** Routes of funds: funds and their ledgers, requests for money and their approval and release, figures, exports. */
export const fundRoutes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/api/funds',
    operationId: 'listFunds',
    summary: 'The funds of the caller’s organisation with their balances and approval limits',
    tags: ['funds'],
    policy: policy.read,
    response: { status: 200, schema: FundList, description: 'Funds by code.' },
    handler: async ({ db, principal, now }) => ({
      body: { items: await Promise.all((await listFunds(db, principal)).map((f) => fundView(db, f, now))) },
    }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/funds',
    operationId: 'createFund',
    summary: 'Create a fund: kind, currency and the approval limit of each role',
    tags: ['funds'],
    policy: policy.manage,
    body: CreateFund,
    creates: true,
    response: { status: 201, schema: Fund, description: 'The fund, with every balance at zero.' },
    handler: async ({ trx, principal, body, now, audit }) => {
      const f = await createFund(trx, principal, body, now);
      await audit({
        action: 'fund.create',
        entityType: 'fund',
        entityId: f.id,
        organisationId: f.organisation_id,
        details: { code: f.code, kind: f.kind, currency: f.currency, approvalLimits: body.approvalLimits },
      });
      return { status: 201, body: await fundView(trx, f, now) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/funds/:id',
    operationId: 'getFund',
    summary: 'One fund with its balances now',
    tags: ['funds'],
    policy: policy.read,
    params: IdParams,
    response: { status: 200, schema: Fund, description: 'The fund.' },
    handler: async ({ db, principal, params, now }) => ({
      body: await fundView(db, await getFund(db, principal, params.id), now),
    }),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/funds/:id/balance',
    operationId: 'getFundBalance',
    summary: 'A fund’s balances at any moment (`at`, default now), from the ledger’s running balances',
    tags: ['funds'],
    policy: policy.read,
    params: IdParams,
    query: BalanceQuery,
    response: { status: 200, schema: FundBalances, description: 'Balances per account at that moment.' },
    handler: async ({ db, principal, params, query, now }) => {
      const f = await getFund(db, principal, params.id);
      const at = query.at ? new Date(query.at) : now;
      return { body: presentBalances(await balancesOf(db, f.id, query.at ? at : undefined), at) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/funds/:id/ledger',
    operationId: 'listFundLedger',
    summary: 'The journal of a fund, newest first: every entry with its two lines and the balances after them',
    tags: ['funds'],
    policy: policy.read,
    params: IdParams,
    query: LedgerQuery,
    response: { status: 200, schema: LedgerPage, description: 'A page of journal entries.' },
    handler: async ({ db, principal, params, query }) => {
      const f = await getFund(db, principal, params.id);
      const page = await ledgerPage(db, f.id, query);
      const lines = await linesOf(
        db,
        page.rows.map((r) => r.id),
      );
      return {
        body: { items: page.rows.map((e) => presentEntry(e, lines.get(e.id) ?? [], principal)), next: page.next },
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/funds/:id/receipts',
    operationId: 'postFundReceipt',
    summary: 'Record money in: a contribution, a pledge, a payment against a pledge, or a reimbursement of an advance',
    tags: ['funds'],
    policy: policy.manage,
    params: IdParams,
    body: PostReceipt,
    creates: true,
    errors: ['insufficient_funds', 'invalid_transition'],
    response: { status: 201, schema: LedgerEntry, description: 'The journal entry.' },
    handler: async ({ trx, principal, params, body, now, audit }) => {
      const f = await getFund(trx, principal, params.id);
      const e = await postReceipt(trx, principal, f, body, now);
      await audit({
        action: `fund.${body.kind}`,
        entityType: 'fund',
        entityId: f.id,
        organisationId: f.organisation_id,
        details: { entryId: e.id, amountMinor: e.amount_minor, usdRate: e.usd_rate, donor: body.donor },
      });
      const lines = await linesOf(trx, [e.id]);
      return { status: 201, body: presentEntry(e, lines.get(e.id) ?? [], principal) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/funds/:id/requests',
    operationId: 'createFundRequest',
    summary: 'Request money from a fund for a crisis, a case or a project',
    tags: ['funds'],
    policy: policy.request,
    params: IdParams,
    body: CreateFundRequest,
    creates: true,
    errors: ['invalid_reference'],
    response: { status: 201, schema: FundRequest, description: 'The request, awaiting approval.' },
    handler: async ({ trx, principal, params, body, now, audit }) => {
      const f = await getFund(trx, principal, params.id);
      const r = await createRequest(trx, principal, f, body, now);
      await audit(requestEvent(r, 'fund_request.create'));
      return { status: 201, body: presentRequest(r, f.code, principal) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/fund-requests',
    operationId: 'listFundRequests',
    summary: 'Requests for money of the caller’s organisation, newest first, by status, fund, crisis or project',
    tags: ['funds'],
    policy: policy.read,
    query: FundRequestQuery,
    response: { status: 200, schema: FundRequestPage, description: 'A page of requests.' },
    handler: async ({ db, principal, query }) => {
      const page = await listRequests(db, principal, query);
      return { body: { items: page.rows.map((r) => presentRequest(r, r.fund_code, principal)), next: page.next } };
    },
  }),
  tableExportRoute({
    url: '/api/fund-requests/export',
    operationId: 'exportFundRequests',
    summary: 'Requests for money with approval state and time to release (CSV or XLSX; recipient by role; audited)',
    tags: ['funds'],
    policy: policy.read,
    body: ExportFundRequests,
    list: 'fund_requests',
    sheet: 'Fund requests',
    errors: ['export_too_large'],
    read: async ({ trx, principal, filters, maxRows }) => {
      if (filters.fundId) await getFund(trx, principal, filters.fundId);
      const t = await fundRequestsTable(trx, principal, filters, maxRows);
      return { ...t, personal: carriesPersonalData(t.columns), file: 'fund-requests' };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/fund-requests/:id',
    operationId: 'getFundRequest',
    summary: 'One request for money, with its approvals and time to release',
    tags: ['funds'],
    policy: policy.read,
    params: IdParams,
    response: { status: 200, schema: FundRequest, description: 'The request.' },
    handler: async ({ db, principal, params }) => {
      const r = await getRequest(db, principal, params.id);
      return { body: presentRequest(r, await fundCodeOf(db, r), principal) };
    },
  }),
  decisionRoute(
    'approve',
    'Approve a request within your role’s limit for the fund; above it, yours is the first of two approvals',
    ['insufficient_funds', 'approval_limit_exceeded', 'invalid_transition'],
  ),
  defineRoute({
    method: 'POST',
    url: '/api/fund-requests/:id/reject',
    operationId: 'rejectFundRequest',
    summary: 'Reject a request that awaits approval, with a reason',
    tags: ['funds'],
    policy: policy.approve,
    params: IdParams,
    body: RejectFundRequest,
    errors: ['approval_limit_exceeded', 'invalid_transition'],
    response: { status: 200, schema: FundRequest, description: 'The request, rejected.' },
    handler: async ({ trx, engine, principal, params, body, now, audit }) => {
      const r = await rejectRequest(trx, engine, principal, params.id, body.reason, now);
      await audit(requestEvent(r, 'fund_request.reject'));
      return { body: presentRequest(r, await fundCodeOf(trx, r), principal) };
    },
  }),
  decisionRoute('release', 'Release approved money (the disbursement); records the time from request to release', [
    'insufficient_funds',
    'invalid_transition',
  ]),
  decisionRoute('cancel', 'Cancel a request not yet released (approved money goes back to available)', [
    'insufficient_funds',
    'invalid_transition',
  ]),
  defineRoute({
    method: 'GET',
    url: '/api/fund-figures',
    operationId: 'getFundFigures',
    summary: 'Funds released and time from request to release over a period (median, 90th percentile, mean)',
    tags: ['funds'],
    policy: policy.figures,
    query: FundFiguresQuery,
    response: { status: 200, schema: FundFigures, description: 'The figures.' },
    handler: async ({ db, principal, query }) => {
      if (query.fundId) await getFund(db, principal, query.fundId);
      const released = await fundsReleased(db, principal.organisationId, query.from, query.to, query.fundId);
      const time = await timeToRelease(db, principal.organisationId, query.from, query.to, query.fundId);
      return {
        body: {
          from: query.from,
          to: query.to,
          releasedCount: released.count,
          releasedUsd: fromMinor(released.usdMinor),
          crisesFunded: released.crises,
          timeToRelease: { medianHours: time.medianHours, p90Hours: time.p90Hours, meanHours: time.meanHours },
        },
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/funds/:id/fts-flows',
    operationId: 'exportFundFtsFlows',
    summary: 'A fund’s funding flows in the shape of OCHA’s Financial Tracking Service API (audited)',
    tags: ['funds'],
    policy: policy.figures,
    params: IdParams,
    transactional: true,
    errors: ['rate_limited', 'export_too_large'],
    response: { status: 200, schema: FtsFlowList, description: 'The flows, as FTS wraps them: data.flows.' },
    handler: async ({ trx, deps, principal, params, now, audit }) => {
      const f = await getFund(trx, principal, params.id);
      await takeRateLimit(trx, `export:${principal.userId}`, EXPORTS_PER_HOUR, HOUR, now);
      const entries = await trx
        .selectFrom('fund_entries')
        .leftJoin('fund_requests', 'fund_requests.id', 'fund_entries.request_id')
        .selectAll('fund_entries')
        .select('fund_requests.crisis_id')
        .where('fund_entries.fund_id', '=', f.id)
        .orderBy('fund_entries.posted_at')
        .limit(deps.config.exportMaxRows + 1)
        .execute();
      if (entries.length > deps.config.exportMaxRows)
        throw new DomainError('export_too_large', 'The fund has more entries than one export may hold.');
      const org = await trx
        .selectFrom('organisations')
        .select(['id', 'name'])
        .where('id', '=', f.organisation_id)
        .executeTakeFirstOrThrow();
      await audit({
        action: 'export.fts',
        entityType: 'fund',
        entityId: f.id,
        organisationId: f.organisation_id,
        details: { rows: entries.length },
      });
      return { body: { data: { flows: ftsFlows(org, f, entries) } } };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/iati/activities/export',
    operationId: 'exportIatiActivities',
    summary:
      'The organisation’s funds and projects as IATI 2.03 activities with budgets and transactions (XML, audited)',
    tags: ['funds'],
    policy: policy.figures,
    body: z.object({}).strict().default({}),
    errors: ['rate_limited', 'export_too_large', 'invalid_transition'],
    response: { status: 200, schema: null, description: 'An iati-activities XML file.' },
    handler: async ({ trx, deps, principal, now, audit }) => {
      await takeRateLimit(trx, `export:${principal.userId}`, EXPORTS_PER_HOUR, HOUR, now);
      const org = await trx
        .selectFrom('organisations')
        .select(['id', 'code', 'name', 'kind', 'iati_identifier'])
        .where('id', '=', principal.organisationId)
        .executeTakeFirstOrThrow();
      const funds = await listFunds(trx, principal);
      const entries = funds.length
        ? await trx
            .selectFrom('fund_entries')
            .selectAll()
            .where(
              'fund_id',
              'in',
              funds.map((f) => f.id),
            )
            .orderBy('posted_at')
            .limit(deps.config.exportMaxRows + 1)
            .execute()
        : [];
      if (entries.length > deps.config.exportMaxRows)
        throw new DomainError('export_too_large', 'The funds have more transactions than one export may hold.');
      const projects = await trx
        .selectFrom('projects')
        .selectAll()
        .where('organisation_id', '=', org.id)
        .orderBy('code')
        .execute();
      if (funds.length === 0 && projects.length === 0)
        throw new DomainError('invalid_transition', 'There is no fund or project to publish yet.');
      const reached = await reachedOf(
        trx,
        projects.map((p) => p.id),
      );
      if (!org.iati_identifier)
        throw new DomainError(
          'invalid_transition',
          'Set the organisation’s IATI identifier (org-id.guide) on its administration page before publishing to IATI.',
        );
      const xml = iatiActivities(
        { ref: org.iati_identifier, name: org.name, kind: org.kind },
        funds.map((fund) => ({ fund, entries: entries.filter((e) => e.fund_id === fund.id) })),
        projects.map((project) => {
          const r = reached.get(project.id);
          return { project, reached: r ? r.women + r.men + r.girls + r.boys : null };
        }),
        now,
      );
      await audit({
        action: 'export.iati',
        entityType: 'organisation',
        entityId: org.id,
        organisationId: org.id,
        details: { funds: funds.length, projects: projects.length, transactions: entries.length },
      });
      const stamp = now.toISOString().slice(0, 19).replace(/[-:]/g, '');
      return {
        body: null,
        file: {
          contentType: 'application/xml; charset=utf-8',
          filename: `iati-activities-${stamp}Z.xml`,
          data: Buffer.from(xml),
        },
      };
    },
  }),
];
