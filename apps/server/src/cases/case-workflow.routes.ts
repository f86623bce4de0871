import {
  AssignCase,
  CaseAccessGrant,
  CaseSummary,
  CaseUserParams,
  ChangeCaseStatus,
  ClosureDecision,
  GrantCaseAccess,
  IdParams,
  RequestClosure,
} from '@corridor/contracts';
import { z } from 'zod';
import { defineRoute } from '../http/route.ts';
import { noticeCase } from './case-notices.ts';
import {
  accessGrants,
  assignCase,
  changeStatus,
  decideClosure,
  grantAccess,
  requestClosure,
  revokeAccess,
} from './case-workflow.service.ts';
import { casePolicies as policy } from './cases.policy.ts';
import { presentCaseSummary, presentGrant } from './cases.presenter.ts';
import type { CaseRow } from './cases.table.ts';

/** Workflow answers carry the case's state only: a supervisor may manage a sensitive case without reading it. */
const summary = (row: CaseRow) => ({ body: presentCaseSummary(row), version: row.version });

const caseEvent = (row: CaseRow, action: string, details: Record<string, unknown>) => ({
  action,
  entityType: 'case',
  entityId: row.id,
  organisationId: row.organisation_id,
  details,
});

export const caseWorkflowRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/cases/:id/status',
    operationId: 'changeCaseStatus',
    summary: 'Move an open case between Active and FollowUp; supervisors reopen a closed case as Active',
    tags: ['cases'],
    policy: policy.work,
    params: IdParams,
    body: ChangeCaseStatus,
    etag: true,
    ifMatch: true,
    errors: ['invalid_transition'],
    response: { status: 200, schema: CaseSummary, description: 'The case’s new state.' },
    handler: async ({ trx, principal, params, body, ifMatch, now, audit }) => {
      const row = await changeStatus(trx, principal, params.id, body.status, now, ifMatch, body.reason);
      await audit(caseEvent(row, 'case.status', { status: row.status }));
      return summary(row);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/cases/:id/closure-request',
    operationId: 'requestCaseClosure',
    summary: 'Ask a supervisor to close the case (ClosedReferred when closed because referred)',
    tags: ['cases'],
    policy: policy.work,
    params: IdParams,
    body: RequestClosure,
    etag: true,
    ifMatch: true,
    errors: ['invalid_transition'],
    response: { status: 200, schema: CaseSummary, description: 'The case, with its closure pending.' },
    handler: async ({ deps, trx, principal, params, body, ifMatch, now, audit }) => {
      const row = await requestClosure(trx, principal, params.id, body, now, ifMatch);
      await audit(caseEvent(row, 'case.closure_request', { referred: body.referred }));
      await noticeCase(
        trx,
        row,
        'closure_requested',
        { role: 'supervisor' },
        principal.userId,
        now,
        deps.config.publicUrl,
      );
      return summary(row);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/cases/:id/closure-decision',
    operationId: 'decideCaseClosure',
    summary: 'Approve (the case closes) or reject a pending closure request (supervisors; not their own request)',
    tags: ['cases'],
    policy: policy.supervise,
    params: IdParams,
    body: ClosureDecision,
    etag: true,
    ifMatch: true,
    errors: ['invalid_transition'],
    response: { status: 200, schema: CaseSummary, description: 'The case after the decision.' },
    handler: async ({ deps, trx, principal, params, body, ifMatch, now, audit }) => {
      const { before, after: row } = await decideClosure(trx, principal, params.id, body, now, ifMatch);
      const approved = body.decision === 'approve';
      await audit(caseEvent(row, approved ? 'case.close' : 'case.closure_reject', { status: row.status }));
      const asker = { userId: before.closure_requested_by };
      const kind = approved ? 'closure_approved' : 'closure_rejected';
      await noticeCase(trx, row, kind, asker, principal.userId, now, deps.config.publicUrl);
      return summary(row);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/cases/:id/assignment',
    operationId: 'assignCase',
    summary: 'Assign or transfer the case to a caseworker of the organisation (supervisors)',
    tags: ['cases'],
    policy: policy.supervise,
    params: IdParams,
    body: AssignCase,
    etag: true,
    ifMatch: true,
    errors: ['invalid_reference'],
    response: { status: 200, schema: CaseSummary, description: 'The case with its new caseworker.' },
    handler: async ({ deps, trx, principal, params, body, ifMatch, now, audit }) => {
      const { before, after } = await assignCase(trx, principal, params.id, body.userId, now, ifMatch);
      if (before.version !== after.version) {
        await audit(caseEvent(after, 'case.assign', { from: before.assigned_to, to: after.assigned_to }));
        const assignee = { userId: after.assigned_to };
        await noticeCase(trx, after, 'assigned', assignee, principal.userId, now, deps.config.publicUrl);
      }
      return summary(after);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/cases/:id/access',
    operationId: 'listCaseAccess',
    summary: 'Colleagues given access to a sensitive case (supervisors)',
    tags: ['cases'],
    policy: policy.supervise,
    params: IdParams,
    response: {
      status: 200,
      schema: z.object({ items: z.array(CaseAccessGrant) }),
      description: 'The access grants, oldest first.',
    },
    handler: async ({ db, principal, params }) => {
      const grants = await accessGrants(db, principal, params.id);
      return { body: { items: grants.map(presentGrant) } };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/cases/:id/access',
    operationId: 'grantCaseAccess',
    summary: 'Let a named colleague see a sensitive case, with the reason (supervisors; audited)',
    tags: ['cases'],
    policy: policy.supervise,
    params: IdParams,
    body: GrantCaseAccess,
    errors: ['invalid_reference', 'invalid_transition', 'conflict'],
    response: { status: 201, schema: CaseAccessGrant, description: 'The grant.' },
    handler: async ({ trx, principal, params, body, now, audit }) => {
      const { row, grant } = await grantAccess(trx, principal, params.id, body, now);
      // The reason stays on the grant; the audit entry says who was let in, not why in free text.
      await audit(caseEvent(row, 'case.access_grant', { userId: grant.user_id }));
      return { status: 201, body: presentGrant(grant) };
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/cases/:id/access/:userId',
    operationId: 'revokeCaseAccess',
    summary: 'End a colleague’s access to a sensitive case (supervisors; audited)',
    tags: ['cases'],
    policy: policy.supervise,
    params: CaseUserParams,
    response: { status: 204, schema: null, description: 'Revoked.' },
    handler: async ({ trx, principal, params, audit }) => {
      const row = await revokeAccess(trx, principal, params.id, params.userId);
      await audit(caseEvent(row, 'case.access_revoke', { userId: params.userId }));
      return { body: undefined };
    },
  }),
];
