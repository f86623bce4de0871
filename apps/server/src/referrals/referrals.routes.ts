import {
  AssignReferral,
  CaseAccessGrant,
  CaseUserParams,
  CloseReferral,
  CreateReferral,
  DeclineReferral,
  GrantCaseAccess,
  IdParams,
  page,
  RecordReferralService,
  Referral,
  ReferralListQuery,
  ReferralSummary,
} from '@corridor/contracts';
import { z } from 'zod';
import type { AuditEvent } from '../audit/audit.service.ts';
import { isSensitiveCaseType } from '../cases/case-access.ts';
import { servicesOfReferral } from '../cases/case-records.service.ts';
import { dayOf } from '../cases/cases.service.ts';
import type { Db } from '../db/database.ts';
import type { Principal } from '../http/principal.ts';
import type { AnyRoute } from '../http/route.ts';
import { defineRoute } from '../http/route.ts';
import { noticeReferralAssigned, noticeReferralOutcome, noticeReferralReceived } from './referral-notices.ts';
import { referralPolicies as policy } from './referrals.policy.ts';
import { presentReferral, presentReferralSummary } from './referrals.presenter.ts';
import {
  acceptReferral,
  assignReferral,
  closeReferral,
  declineReferral,
  effectiveStatus,
  getReferral,
  grantReferralAccess,
  listReferrals,
  receiverMayRead,
  recordService,
  referralAccessGrants,
  revokeReferralAccess,
  type Side,
  sendReferral,
} from './referrals.service.ts';
import type { ReferralAccessRow, ReferralRow } from './referrals.table.ts';

/**
 * The referral as `side` sees it now, with the services delivered under it; `restricted` (a receiving supervisor
 * or administrator on a sensitive referral assigned to someone else) withholds the person, the message and the
 * services.
 */
async function view(db: Db, row: ReferralRow, side: Side, now: Date, restricted = false) {
  const status = await effectiveStatus(db, row, now);
  const services = restricted ? [] : await servicesOfReferral(db, row.id);
  return {
    body: presentReferral(row, side, status, services, dayOf(now), restricted),
    version: row.version,
  };
}

/** What the receiving caller sees of `row` after acting on it. */
const incomingView = async (db: Db, p: Principal, row: ReferralRow, now: Date) =>
  view(db, row, 'incoming', now, !(await receiverMayRead(db, p, row)));

const caseTypeOf = (row: ReferralRow): string => (JSON.parse(row.shared_data) as { caseType: string }).caseType;

/**
 * Audit entry of an action on a referral; the organisation is the one whose data it carries (the sender). Every
 * answer of these routes carries the shared data, so for a sensitive case each entry is a sensitive read (D9),
 * unless the answer withheld it (`restricted`).
 */
const event = (
  row: ReferralRow,
  action: string,
  details: Record<string, unknown> = {},
  restricted = false,
): AuditEvent => ({
  action,
  entityType: 'referral',
  entityId: row.id,
  organisationId: row.from_organisation_id,
  purpose: 'referral',
  sensitiveRead: !restricted && isSensitiveCaseType(caseTypeOf(row)),
  details: { toOrganisationId: row.to_organisation_id, caseType: caseTypeOf(row), ...details },
});

const presentGrant = (g: ReferralAccessRow) => ({
  userId: g.user_id,
  grantedBy: g.granted_by,
  grantedAt: g.granted_at,
  reason: g.reason,
});

/** Routes of referrals between organisations. */
export const referralRoutes: AnyRoute[] = [
  defineRoute({
    method: 'POST',
    url: '/api/cases/:id/referrals',
    operationId: 'referCase',
    summary: 'Refer the case, or one service of it, to another organisation (needs a referral basis for it)',
    tags: ['referrals'],
    policy: policy.work,
    params: IdParams,
    body: CreateReferral,
    creates: true,
    etag: true,
    errors: ['basis_required', 'invalid_reference', 'invalid_transition', 'conflict'],
    response: { status: 201, schema: Referral, description: 'The referral, as sent.' },
    handler: async ({ deps, trx, principal, params, body, now, audit }) => {
      const row = await sendReferral(trx, principal, params.id, body, now);
      await noticeReferralReceived(trx, row, now, deps.config.publicUrl);
      await audit(
        event(row, 'referral.send', {
          serviceType: row.service_type,
          sharedFields: ['person', 'caseType', 'serviceType'],
        }),
      );
      const r = await view(trx, row, 'outgoing', now);
      return { ...r, status: 201, headers: { location: `/api/referrals/${row.id}` } };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/referrals/inbox',
    operationId: 'referralInbox',
    summary:
      'Referrals received by the caller’s organisation, newest first (withdrawn ones are gone; its administrators ' +
      'see the sensitive ones only, to assign them)',
    tags: ['referrals'],
    policy: policy.manage,
    query: ReferralListQuery,
    response: { status: 200, schema: page(ReferralSummary), description: 'A page of received referrals.' },
    handler: async ({ db, principal, query, now }) => {
      const r = await listReferrals(db, principal, 'incoming', query, now);
      const today = dayOf(now);
      return {
        body: { items: r.items.map((i) => presentReferralSummary(i.row, 'incoming', i.status, today)), next: r.next },
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/referrals/outbox',
    operationId: 'referralOutbox',
    summary: 'Referrals sent from cases the caller may read, newest first, with their status and overdue flag',
    tags: ['referrals'],
    policy: policy.work,
    query: ReferralListQuery,
    response: { status: 200, schema: page(ReferralSummary), description: 'A page of sent referrals.' },
    handler: async ({ db, principal, query, now }) => {
      const r = await listReferrals(db, principal, 'outgoing', query, now);
      const today = dayOf(now);
      return {
        body: { items: r.items.map((i) => presentReferralSummary(i.row, 'outgoing', i.status, today)), next: r.next },
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/referrals/:id',
    operationId: 'getReferral',
    summary:
      'One referral, for either side (the receiver sees the shared data only; reads of sensitive ones are audited)',
    tags: ['referrals'],
    policy: policy.manage,
    params: IdParams,
    etag: true,
    transactional: 'audit',
    response: { status: 200, schema: Referral, description: 'The referral; ETag carries its version.' },
    handler: async ({ db, principal, params, now, audit }) => {
      const { row, side, restricted } = await getReferral(db, principal, params.id, now);
      // Only reads of sensitive referrals are audited (like cases); the entry says which side read.
      const e = event(row, 'referral.read', { side, parts: ['sharedData', 'services'] }, restricted);
      if (e.sensitiveRead) await audit(e);
      return view(db, row, side, now, restricted);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/referrals/:id/accept',
    operationId: 'acceptReferral',
    summary:
      'Accept a referral received (receiving organisation; If-Match the version read); an unassigned one is ' +
      'assigned to the one who accepts it (for a sensitive one, when they are a caseworker)',
    tags: ['referrals'],
    policy: policy.work,
    params: IdParams,
    etag: true,
    ifMatch: true,
    errors: ['invalid_transition'],
    response: { status: 200, schema: Referral, description: 'The referral, accepted.' },
    handler: async ({ deps, trx, principal, params, ifMatch, now, audit }) => {
      const { before, after: row } = await acceptReferral(trx, principal, params.id, now, ifMatch);
      await noticeReferralOutcome(trx, row, 'accepted', now, deps.config.publicUrl);
      const restricted = !(await receiverMayRead(trx, principal, row));
      await audit(event(row, 'referral.accept', {}, restricted));
      // Accepting an unassigned referral assigns it to the one who accepts it: audited as any assignment is (they
      // are not told of giving it to themselves).
      if (before.assigned_to !== row.assigned_to)
        await audit(event(row, 'referral.assign', { from: before.assigned_to, to: row.assigned_to }, restricted));
      return incomingView(trx, principal, row, now);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/referrals/:id/decline',
    operationId: 'declineReferral',
    summary: 'Decline a referral received, with the reason (receiving organisation)',
    tags: ['referrals'],
    policy: policy.work,
    params: IdParams,
    body: DeclineReferral,
    etag: true,
    ifMatch: true,
    errors: ['invalid_transition'],
    response: { status: 200, schema: Referral, description: 'The referral, declined.' },
    handler: async ({ deps, trx, principal, params, body, ifMatch, now, audit }) => {
      const row = await declineReferral(trx, principal, params.id, body.reason, now, ifMatch);
      await noticeReferralOutcome(trx, row, 'declined', now, deps.config.publicUrl);
      await audit(event(row, 'referral.decline', {}, !(await receiverMayRead(trx, principal, row))));
      return incomingView(trx, principal, row, now);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/referrals/:id/services',
    operationId: 'recordReferralService',
    summary: 'Record a service delivered under the referral; it appears on the referring organisation’s case',
    tags: ['referrals'],
    policy: policy.work,
    params: IdParams,
    body: RecordReferralService,
    creates: true,
    etag: true,
    ifMatch: true,
    errors: ['invalid_transition'],
    response: { status: 201, schema: Referral, description: 'The referral, with the service.' },
    handler: async ({ trx, principal, params, body, ifMatch, now, audit }) => {
      const { row, service } = await recordService(trx, principal, params.id, body, now, ifMatch);
      await audit(event(row, 'referral.service', { serviceId: service.id, serviceType: service.service_type }));
      return { ...(await view(trx, row, 'incoming', now)), status: 201 };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/referrals/:id/close',
    operationId: 'closeReferral',
    summary: 'Close the receiving organisation’s part with an outcome the referring side sees',
    tags: ['referrals'],
    policy: policy.work,
    params: IdParams,
    body: CloseReferral,
    etag: true,
    ifMatch: true,
    errors: ['invalid_transition'],
    response: { status: 200, schema: Referral, description: 'The referral, closed.' },
    handler: async ({ deps, trx, principal, params, body, ifMatch, now, audit }) => {
      const row = await closeReferral(trx, principal, params.id, body.outcome, now, ifMatch);
      await noticeReferralOutcome(trx, row, 'closed', now, deps.config.publicUrl);
      await audit(event(row, 'referral.close'));
      return view(trx, row, 'incoming', now);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/referrals/:id/assignment',
    operationId: 'assignReferral',
    summary:
      'Assign or reassign a received referral to a caseworker of the receiving organisation (its supervisors, and ' +
      'its administrators for a sensitive referral; that caseworker alone then sees the person)',
    tags: ['referrals'],
    policy: policy.manage,
    params: IdParams,
    body: AssignReferral,
    etag: true,
    ifMatch: true,
    errors: ['invalid_reference', 'invalid_transition'],
    response: { status: 200, schema: Referral, description: 'The referral, with its assigned caseworker.' },
    handler: async ({ deps, trx, principal, params, body, ifMatch, now, audit }) => {
      const { before, after } = await assignReferral(trx, principal, params.id, body.userId, now, ifMatch);
      const restricted = !(await receiverMayRead(trx, principal, after));
      if (before.version !== after.version) {
        await audit(event(after, 'referral.assign', { from: before.assigned_to, to: after.assigned_to }, restricted));
        await noticeReferralAssigned(trx, after, principal.userId, now, deps.config.publicUrl);
      }
      return incomingView(trx, principal, after, now);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/referrals/:id/access',
    operationId: 'listReferralAccess',
    summary:
      'Colleagues let in to a sensitive referral received (supervisors and administrators of the receiving organisation)',
    tags: ['referrals'],
    policy: policy.manage,
    params: IdParams,
    response: {
      status: 200,
      schema: z.object({ items: z.array(CaseAccessGrant) }),
      description: 'The access grants, oldest first.',
    },
    handler: async ({ db, principal, params, now }) => {
      const grants = await referralAccessGrants(db, principal, params.id, now);
      return { body: { items: grants.map(presentGrant) } };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/referrals/:id/access',
    operationId: 'grantReferralAccess',
    summary:
      'Let a named colleague of the receiving organisation see a sensitive referral, with the reason ' +
      '(its supervisors and administrators; audited)',
    tags: ['referrals'],
    policy: policy.manage,
    params: IdParams,
    body: GrantCaseAccess,
    errors: ['invalid_reference', 'invalid_transition', 'conflict'],
    response: { status: 201, schema: CaseAccessGrant, description: 'The grant.' },
    handler: async ({ trx, principal, params, body, now, audit }) => {
      const { row, grant } = await grantReferralAccess(trx, principal, params.id, body, now);
      // The reason stays on the grant; the audit entry says who was let in, not why in free text.
      await audit(event(row, 'referral.access_grant', { userId: grant.user_id }, true));
      return { status: 201, body: presentGrant(grant) };
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/referrals/:id/access/:userId',
    operationId: 'revokeReferralAccess',
    summary: 'End a colleague’s access to a sensitive referral received (its supervisors and administrators; audited)',
    tags: ['referrals'],
    policy: policy.manage,
    params: CaseUserParams,
    response: { status: 204, schema: null, description: 'Revoked.' },
    handler: async ({ trx, principal, params, now, audit }) => {
      const row = await revokeReferralAccess(trx, principal, params.id, params.userId, now);
      await audit(event(row, 'referral.access_revoke', { userId: params.userId }, true));
      return { body: undefined };
    },
  }),
] as AnyRoute[];
