import { IdParams } from '@corridor/contracts';
import { z } from 'zod';
import { defineRoute } from '../http/route.ts';
import {
  approveRequest,
  copyUntil,
  fileRequest,
  type ListedRequest,
  listRequests,
  type RequestRow,
  refuseRequest,
  requestedCopy,
  withdrawRequest,
} from './requests.service.ts';
import { subjectRightsPolicies as policy } from './subject-rights.policy.ts';
import { ErasureReason, SubjectAccessDocument } from './subject-rights.routes.ts';

const Kind = z.enum(['access', 'erase', 'anonymise']);
const Status = z.enum(['pending', 'approved', 'refused', 'withdrawn', 'done', 'closed']);

export const NewSubjectRightsRequest = z
  .object({ kind: Kind, reason: ErasureReason })
  .strict()
  .meta({ id: 'NewSubjectRightsRequest' });

const Colleague = z.object({ id: z.string(), name: z.string().nullable() });

export const SubjectRightsRequest = z
  .object({
    id: z.string(),
    kind: Kind,
    reason: ErasureReason,
    status: Status,
    /** Shown to the colleague who filed it and on the person's own list; null for others, and once erased. */
    beneficiaryId: z.string().nullable(),
    requestedBy: Colleague,
    requestedAt: z.string(),
    decidedBy: Colleague.nullable(),
    decidedAt: z.string().nullable(),
    completedAt: z.string().nullable(),
    /** An approved access request: until when its copy may be downloaded. */
    copyUntil: z.string().nullable(),
  })
  .meta({ id: 'SubjectRightsRequest' });

const RequestQuery = z
  .object({ beneficiaryId: z.uuid().optional(), status: Status.optional() })
  .strict()
  .meta({ id: 'SubjectRightsRequestQuery' });

type Row = RequestRow & Partial<Pick<ListedRequest, 'requested_by_name' | 'decided_by_name'>>;

/**
 * A request as the API shows it. The person's id only to the colleague who filed it or on the person's own list
 * (callers who may see the person): a supervisor deciding it learns nothing of who it is about.
 */
function present(r: Row, callerId: string, byPerson: boolean): z.infer<typeof SubjectRightsRequest> {
  return {
    id: r.id,
    kind: r.kind,
    reason: r.reason as z.infer<typeof ErasureReason>,
    status: r.status,
    beneficiaryId: byPerson || r.requested_by === callerId ? r.beneficiary_id : null,
    requestedBy: { id: r.requested_by, name: r.requested_by_name ?? null },
    requestedAt: r.requested_at,
    decidedBy: r.decided_by ? { id: r.decided_by, name: r.decided_by_name ?? null } : null,
    decidedAt: r.decided_at,
    completedAt: r.completed_at,
    copyUntil: copyUntil(r),
  };
}

/** The audit entry of a step of a request: the person's id (known to the audit trail), the kind and the reason code. */
const about = (r: RequestRow) => ({
  entityType: 'beneficiary',
  entityId: r.beneficiary_id,
  organisationId: r.organisation_id,
  purpose: 'subject_rights',
});

/** Routes of subject-rights requests for a person with a sensitive case (docs/subject-rights.md). */
export const subjectRightsRequestRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/beneficiaries/:id/subject-rights-requests',
    operationId: 'fileSubjectRightsRequest',
    summary:
      'Ask a supervisor to decide an access, erasure or anonymisation request for a person with a sensitive case',
    tags: ['subject-rights'],
    policy: policy.request,
    params: IdParams,
    body: NewSubjectRightsRequest,
    creates: true,
    errors: ['invalid_transition', 'conflict'],
    response: { status: 201, schema: SubjectRightsRequest, description: 'The request, pending.' },
    handler: async ({ trx, principal, params, body, now, audit }) => {
      const row = await fileRequest(trx, principal, params.id, body, now);
      await audit({
        action: 'subject.request_filed',
        ...about(row),
        details: { request: row.id, kind: row.kind, reason: row.reason },
      });
      return { status: 201, body: present(row, principal.userId, true) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/subject-rights-requests',
    operationId: 'listSubjectRightsRequests',
    summary:
      'Subject-rights requests: one person’s (beneficiaryId), else the organisation’s (supervisors) or one’s own',
    tags: ['subject-rights'],
    policy: policy.request,
    query: RequestQuery,
    response: {
      status: 200,
      schema: z.object({ items: z.array(SubjectRightsRequest) }),
      description: 'The requests, newest first (at most 200).',
    },
    handler: async ({ db, principal, query }) => {
      const { items, byPerson } = await listRequests(db, principal, query);
      return { body: { items: items.map((r) => present(r, principal.userId, byPerson)) } };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/subject-rights-requests/:id/approve',
    operationId: 'approveSubjectRightsRequest',
    summary: 'Approve a request another colleague filed; an erasure or anonymisation is carried out at once',
    tags: ['subject-rights'],
    policy: policy.supervise,
    params: IdParams,
    errors: ['invalid_transition'],
    response: { status: 200, schema: SubjectRightsRequest, description: 'The request, approved or done.' },
    handler: async ({ trx, principal, params, now, audit }) => {
      const { row, erasure } = await approveRequest(trx, principal, params.id, now);
      if (erasure)
        await audit({
          action: row.kind === 'erase' ? 'subject.erased' : 'subject.anonymised',
          entityType: 'beneficiary',
          entityId: row.beneficiary_id, // as the direct erasure does: the id, now meaningless
          organisationId: erasure.organisationId,
          purpose: 'subject_rights',
          details: { reason: row.reason, counts: erasure.counts, request: row.id },
        });
      else await audit({ action: 'subject.request_approved', ...about(row), details: { request: row.id } });
      return { body: present(row, principal.userId, false) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/subject-rights-requests/:id/refuse',
    operationId: 'refuseSubjectRightsRequest',
    summary: 'Refuse a request another colleague filed',
    tags: ['subject-rights'],
    policy: policy.supervise,
    params: IdParams,
    errors: ['invalid_transition'],
    response: { status: 200, schema: SubjectRightsRequest, description: 'The request, refused.' },
    handler: async ({ trx, principal, params, now, audit }) => {
      const row = await refuseRequest(trx, principal, params.id, now);
      await audit({ action: 'subject.request_refused', ...about(row), details: { request: row.id } });
      return { body: present(row, principal.userId, false) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/subject-rights-requests/:id/withdraw',
    operationId: 'withdrawSubjectRightsRequest',
    summary: 'Withdraw a pending request one filed',
    tags: ['subject-rights'],
    policy: policy.request,
    params: IdParams,
    errors: ['invalid_transition'],
    response: { status: 200, schema: SubjectRightsRequest, description: 'The request, withdrawn.' },
    handler: async ({ trx, principal, params, now, audit }) => {
      const row = await withdrawRequest(trx, principal, params.id, now);
      await audit({ action: 'subject.request_withdrawn', ...about(row), details: { request: row.id } });
      return { body: present(row, principal.userId, false) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/subject-rights-requests/:id/copy',
    operationId: 'subjectRightsRequestCopy',
    summary: 'The subject access document of an approved access request (the colleague who filed it; audited)',
    tags: ['subject-rights'],
    policy: policy.request,
    params: IdParams,
    errors: ['invalid_transition'],
    response: { status: 200, schema: SubjectAccessDocument, description: 'The subject access document.' },
    handler: async ({ trx, principal, params, now, audit }) => {
      const { row, doc } = await requestedCopy(trx, principal, params.id, now);
      await audit({
        action: 'subject.access',
        entityType: 'beneficiary',
        entityId: row.beneficiary_id,
        organisationId: principal.organisationId,
        purpose: 'subject_rights',
        sensitiveRead: true,
        details: {
          via: 'request',
          request: row.id,
          cases: doc.cases.length,
          referrals: doc.referrals.length,
          auditEntries: doc.audit.length,
        },
      });
      return { body: doc, headers: { 'cache-control': 'no-store' } };
    },
  }),
];
