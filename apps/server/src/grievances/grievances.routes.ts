import {
  AssignGrievance,
  CloseGrievance,
  ExportGrievances,
  Grievance,
  GrievanceDesk,
  GrievanceForRecruiter,
  GrievanceIdentity,
  GrievanceListQuery,
  GrievanceOfficers,
  GrievanceSummary,
  HandOverGrievance,
  IdParams,
  LinkGrievanceRecruiter,
  OfficerMessage,
  page,
  RequestRecruiterAudit,
  TriageGrievance,
} from '@corridor/contracts';
import { z } from 'zod';
import type { AuditEvent } from '../audit/audit.service.ts';
import type { Db } from '../db/database.ts';
import { DomainError } from '../errors.ts';
import { takeRateLimit } from '../http/rate-limit.ts';
import { type AnyRoute, defineRoute } from '../http/route.ts';
import { MEDIA_TYPE } from '../imports/tabular.ts';
import { noticeGrievance } from './grievance-notices.ts';
import { exportGrievances } from './grievances.export.ts';
import { handOverGrievance, handoverOrganisations } from './grievances.handover.ts';
import { grievancePolicies as policy } from './grievances.policy.ts';
import {
  presentForRecruiter,
  presentGrievance,
  presentGrievanceSummary,
  presentIdentity,
} from './grievances.presenter.ts';
import {
  assignGrievance,
  closeGrievance,
  getDesk,
  getGrievance,
  historyOf,
  linkRecruiter,
  listGrievances,
  listOfficers,
  markAuditRequested,
  messagesOf,
  messageWorker,
  setDesk,
  triageGrievance,
} from './grievances.service.ts';
import type { GrievanceRow } from './grievances.table.ts';
import { recruiterForOfficer, requestRecruiterAudit } from './recruitment-link.ts';

/** Exports one officer may run in an hour (SECURITY.md: rate limits on exports). */
const EXPORTS_PER_HOUR = 30;

/** An audit entry about a grievance of the desk organisation. */
const event = (
  row: GrievanceRow,
  action: string,
  details: Record<string, unknown> = {},
  sensitiveRead = false,
): AuditEvent => ({
  action,
  entityType: 'grievance',
  entityId: row.id,
  organisationId: row.organisation_id,
  purpose: 'grievance',
  sensitiveRead,
  details,
});

/** The grievance as an officer sees it, with its messages and history. */
async function view(db: Db, row: GrievanceRow, now: Date) {
  return {
    body: presentGrievance(row, await messagesOf(db, row.id), await historyOf(db, row.id), now),
    version: row.version,
  };
}

const DeskView = z.object({ organisationId: z.string(), firstResponseDays: z.number().int() }).nullable();

/** Officer routes of worker grievances (the certifying body's staff) and the desk setting. */
export const grievanceRoutes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/api/grievance-desk',
    operationId: 'getGrievanceDesk',
    summary: 'Which organisation receives public grievances (null when none is set: the intake is closed)',
    tags: ['grievances'],
    policy: policy.readDesk,
    response: { status: 200, schema: DeskView, description: 'The desk, or null.' },
    handler: async ({ db }) => {
      const d = await getDesk(db);
      return { body: d ? { organisationId: d.organisation_id, firstResponseDays: d.first_response_days } : null };
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/grievance-desk',
    operationId: 'setGrievanceDesk',
    summary: 'Choose the organisation that receives public grievances and its first-response time',
    tags: ['grievances'],
    policy: policy.desk,
    body: GrievanceDesk,
    errors: ['invalid_reference'],
    response: { status: 200, schema: DeskView, description: 'The desk.' },
    handler: async ({ trx, principal, body, now, audit }) => {
      const d = await setDesk(trx, principal, body, now);
      await audit({
        action: 'grievance.desk_set',
        entityType: 'grievance_desk',
        organisationId: d.organisation_id,
        details: { organisationId: d.organisation_id, firstResponseDays: d.first_response_days },
      });
      return { body: { organisationId: d.organisation_id, firstResponseDays: d.first_response_days } };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/grievances',
    operationId: 'listGrievances',
    summary: 'Grievances received by the caller’s organisation, newest first, filtered (no worker identities)',
    tags: ['grievances'],
    policy: policy.work,
    query: GrievanceListQuery,
    response: { status: 200, schema: page(GrievanceSummary), description: 'A page of grievances.' },
    handler: async ({ db, principal, query, now }) => {
      const r = await listGrievances(db, principal, query, now);
      return { body: { items: r.items.map((g) => presentGrievanceSummary(g, now)), next: r.next } };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/grievances/export',
    operationId: 'exportGrievances',
    summary:
      'Export the grievance list as CSV or XLSX, without worker identities or descriptions (row-limited; audited)',
    tags: ['grievances'],
    policy: policy.work,
    body: ExportGrievances,
    transactional: true,
    errors: ['export_too_large', 'rate_limited'],
    response: { status: 200, schema: null, description: 'The file (text/csv or XLSX).' },
    handler: async ({ trx, deps, principal, body, now, audit }) => {
      const bucket = `grievance-export:${principal.id}`;
      await takeRateLimit(trx, bucket, EXPORTS_PER_HOUR, 3_600_000, now);
      const r = await exportGrievances(trx, principal, body, deps.config.exportMaxRows, now);
      const { format, ...filters } = body;
      await audit({
        action: 'grievance.export',
        entityType: 'grievance',
        organisationId: principal.organisationId,
        purpose: 'grievance',
        details: { format, rows: r.rows, filters: Object.keys(filters) },
      });
      const stamp = now.toISOString().slice(0, 19).replace(/[-:]/g, '');
      return {
        body: null,
        file: { contentType: MEDIA_TYPE[format], filename: `grievances-${stamp}Z.${format}`, data: r.data },
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/grievances/:id',
    operationId: 'getGrievance',
    summary:
      'One grievance with its messages and history (a sensitive read: the worker’s own account); the worker’s identity is a separate, audited read',
    tags: ['grievances'],
    policy: policy.work,
    params: IdParams,
    transactional: 'audit',
    etag: true,
    response: { status: 200, schema: Grievance, description: 'The grievance.' },
    handler: async ({ db, principal, params, now, audit }) => {
      const row = await getGrievance(db, principal, params.id);
      // The worker's account of what happened to them: audited as a sensitive read, as their identity is.
      await audit(event(row, 'grievance.read', {}, true));
      return view(db, row, now);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/grievances/:id/identity',
    operationId: 'getGrievanceIdentity',
    summary: 'The worker’s name and contact details as they left them (every read is audited as sensitive)',
    tags: ['grievances'],
    policy: policy.work,
    params: IdParams,
    transactional: 'audit',
    response: { status: 200, schema: GrievanceIdentity, description: 'The identity, or anonymous.' },
    handler: async ({ db, principal, params, audit }) => {
      const row = await getGrievance(db, principal, params.id);
      await audit(event(row, 'grievance.identity_read', {}, true));
      return { body: presentIdentity(row), headers: { 'cache-control': 'no-store' } };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/grievances/:id/recruiter-view',
    operationId: 'previewGrievanceForRecruiter',
    summary: 'What the recruiter concerned may be told of the grievance (no identity unless the worker agreed)',
    tags: ['grievances'],
    policy: policy.work,
    params: IdParams,
    transactional: 'audit',
    response: { status: 200, schema: GrievanceForRecruiter, description: 'The recruiter’s view.' },
    handler: async ({ db, principal, params, audit }) => {
      const row = await getGrievance(db, principal, params.id);
      const body = presentForRecruiter(row);
      await audit(event(row, 'grievance.recruiter_view', { withIdentity: body.worker !== null }, body.worker !== null));
      return { body };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/grievances/:id/triage',
    operationId: 'triageGrievance',
    summary: 'Triage: severity and confirmed categories; sets the resolution due date',
    tags: ['grievances'],
    policy: policy.work,
    params: IdParams,
    body: TriageGrievance,
    ifMatch: true,
    etag: true,
    errors: ['invalid_transition'],
    response: { status: 200, schema: Grievance, description: 'The grievance.' },
    handler: async ({ trx, principal, params, body, ifMatch, now, audit }) => {
      const row = await triageGrievance(trx, principal, params.id, ifMatch, body, now);
      await audit(event(row, 'grievance.triage', { severity: body.severity, categories: body.categories }));
      return view(trx, row, now);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/grievance-officers',
    operationId: 'listGrievanceOfficers',
    summary: 'The grievance officers of the caller’s organisation (id and name), whom a grievance can be assigned to',
    tags: ['grievances'],
    policy: policy.work,
    response: { status: 200, schema: GrievanceOfficers, description: 'The officers, by name.' },
    handler: async ({ db, principal }) => ({ body: { items: await listOfficers(db, principal) } }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/grievances/:id/assign',
    operationId: 'assignGrievance',
    summary: 'Assign the grievance to an officer of the organisation',
    tags: ['grievances'],
    policy: policy.work,
    params: IdParams,
    body: AssignGrievance,
    ifMatch: true,
    etag: true,
    errors: ['invalid_reference', 'invalid_transition'],
    response: { status: 200, schema: Grievance, description: 'The grievance.' },
    handler: async ({ deps, trx, principal, params, body, ifMatch, now, audit }) => {
      const row = await assignGrievance(trx, principal, params.id, ifMatch, body.userId, now);
      await audit(event(row, 'grievance.assign', { assignedTo: body.userId }));
      // (assigning it again to the same officer changes nothing, and tells nobody)
      if (row.version !== ifMatch)
        await noticeGrievance(trx, row, 'assigned', now, deps.config.publicUrl, principal.userId);
      return view(trx, row, now);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/grievances/:id/messages',
    operationId: 'messageGrievanceWorker',
    summary: 'Send a message to the worker (shown on their tracking page); the first one is the first response',
    tags: ['grievances'],
    policy: policy.work,
    params: IdParams,
    body: OfficerMessage,
    creates: true,
    etag: true,
    errors: ['invalid_transition'],
    response: { status: 201, schema: Grievance, description: 'The grievance with the message.' },
    handler: async ({ trx, principal, params, body, now, audit }) => {
      const row = await messageWorker(trx, principal, params.id, body.body, now);
      await audit(event(row, 'grievance.message', { length: body.body.length }));
      return { ...(await view(trx, row, now)), status: 201 };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/grievances/:id/close',
    operationId: 'closeGrievance',
    summary:
      'Close the grievance with an outcome (upheld, not upheld, referred, withdrawn) and a summary for the worker',
    tags: ['grievances'],
    policy: policy.work,
    params: IdParams,
    body: CloseGrievance,
    ifMatch: true,
    etag: true,
    errors: ['invalid_transition'],
    response: { status: 200, schema: Grievance, description: 'The grievance.' },
    handler: async ({ trx, principal, params, body, ifMatch, now, audit }) => {
      const row = await closeGrievance(trx, principal, params.id, ifMatch, body, now);
      await audit(event(row, 'grievance.close', { outcome: body.outcome }));
      return view(trx, row, now);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/grievances/:id/recruiter',
    operationId: 'linkGrievanceRecruiter',
    summary: 'Link the grievance to a recruiter of the register (and so to its certification)',
    tags: ['grievances'],
    policy: policy.work,
    params: IdParams,
    body: LinkGrievanceRecruiter,
    ifMatch: true,
    etag: true,
    errors: ['invalid_reference'],
    response: { status: 200, schema: Grievance, description: 'The grievance, linked.' },
    handler: async ({ trx, principal, params, body, ifMatch, now, audit }) => {
      const row = await getGrievance(trx, principal, params.id);
      if (row.version !== ifMatch)
        throw new DomainError('precondition_failed', 'The grievance has changed since you read it.');
      let recruiter: Awaited<ReturnType<typeof recruiterForOfficer>>;
      try {
        recruiter = await recruiterForOfficer(trx, principal, body.recruiterId);
      } catch (err) {
        if (err instanceof DomainError && err.code === 'not_found')
          throw new DomainError('invalid_reference', 'The recruiter is not in the register.');
        throw err;
      }
      const after = await linkRecruiter(trx, principal, row, recruiter, now);
      await audit(event(after, 'grievance.link_recruiter', { recruiterId: recruiter.id }));
      return view(trx, after, now);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/grievances/:id/audit-request',
    operationId: 'requestRecruiterAuditFromGrievance',
    summary: 'Ask for an audit of the recruiter named in the grievance (the recruiter must be in the register)',
    tags: ['grievances'],
    policy: policy.work,
    params: IdParams,
    body: RequestRecruiterAudit,
    etag: true,
    // (conflict: an audit for cause of the recruiter is open already, asked for from another grievance or by an
    // officer; recruitment.service.ts FOR_CAUSE_OPEN)
    errors: ['invalid_transition', 'conflict'],
    response: { status: 200, schema: Grievance, description: 'The grievance, with the request recorded.' },
    handler: async ({ trx, engine, principal, params, body, now, audit }) => {
      const row = await getGrievance(trx, principal, params.id);
      if (!row.recruiter_id)
        throw new DomainError('invalid_transition', 'The recruiter is not one of the register; no audit can be asked.');
      if (row.audit_requested_at) throw new DomainError('invalid_transition', 'An audit has been asked for already.');
      const auditId = await requestRecruiterAudit(
        trx,
        engine,
        principal,
        { recruiterId: row.recruiter_id, grievanceReference: row.reference, reason: body.reason },
        now,
      );
      const details = { recruiterId: row.recruiter_id, auditId };
      const after = await markAuditRequested(trx, principal, row, body.reason, details, now);
      await audit(event(after, 'grievance.audit_request', details));
      return view(trx, after, now);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/grievances/:id/handover-organisations',
    operationId: 'listGrievanceHandoverOrganisations',
    summary:
      'The organisations the grievance may be handed over to: protection organisations with someone working cases, never a recruiter (least of all the one it is about)',
    tags: ['grievances'],
    policy: policy.work,
    params: IdParams,
    response: {
      status: 200,
      schema: z.object({ organisationIds: z.array(z.string()) }),
      description: 'Organisation ids, by code.',
    },
    handler: async ({ db, principal, params }) => ({
      body: { organisationIds: await handoverOrganisations(db, principal, params.id) },
    }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/grievances/:id/handover',
    operationId: 'handOverGrievance',
    summary:
      'Hand the grievance over to a trafficking case in a protection organisation (needs the worker’s consent and trafficking indicators)',
    tags: ['grievances'],
    policy: policy.work,
    params: IdParams,
    body: HandOverGrievance,
    ifMatch: true,
    etag: true,
    errors: ['basis_required', 'conflict', 'invalid_reference', 'invalid_transition'],
    response: { status: 200, schema: Grievance, description: 'The grievance, linked to the new case.' },
    handler: async ({ trx, engine, principal, params, body, ifMatch, now, audit }) => {
      const r = await handOverGrievance(trx, engine, principal, params.id, ifMatch, body.organisationId, now);
      // the receiving organisation sees in its audit log what was created in it, and by whom
      await audit({
        action: 'beneficiary.create',
        entityType: 'beneficiary',
        entityId: r.beneficiaryId,
        organisationId: r.organisationId,
        purpose: 'assistance',
        details: { via: 'grievance_handover', fields: ['nameOriginal', 'phone', 'email'] },
      });
      await audit({
        action: 'case.open',
        entityType: 'case',
        entityId: r.caseId,
        organisationId: r.organisationId,
        purpose: 'assistance',
        details: { type: 'trafficking', via: 'grievance_handover' },
      });
      await audit(event(r.row, 'grievance.handover', { organisationId: r.organisationId, caseId: r.caseId }, true));
      return view(trx, r.row, now);
    },
  }),
];
