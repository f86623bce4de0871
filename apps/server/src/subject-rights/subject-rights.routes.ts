import { IdParams } from '@corridor/contracts';
import { z } from 'zod';
import { DomainError } from '../errors.ts';
import { defineRoute } from '../http/route.ts';
import { subjectRightsPolicies as policy } from './subject-rights.policy.ts';
import { eraseSubject, subjectAccess } from './subject-rights.service.ts';

const rows = z.array(z.record(z.string(), z.unknown()));

/** The subject access document (docs/subject-rights.md); every list holds the stores' records as they are. */
export const SubjectAccessDocument = z
  .object({
    format: z.literal('corridor.subject-access/1'),
    generatedAt: z.string(),
    organisationId: z.string(),
    person: z.record(z.string(), z.unknown()),
    documents: rows,
    consents: rows,
    cases: rows,
    referrals: rows,
    imported: rows,
    audit: rows,
  })
  .meta({ id: 'SubjectAccessDocument' });

/** Why the person is erased or anonymised: a code, never free text (it is audited, and must identify no one). */
export const ErasureReason = z.enum(['subject_request', 'consent_withdrawn', 'retention', 'legal_obligation', 'other']);

export const ErasureRequest = z
  .object({
    mode: z.enum(['erase', 'anonymise']),
    reason: ErasureReason,
  })
  .strict()
  .meta({ id: 'ErasureRequest' });

export const ErasureResult = z
  .object({
    mode: z.enum(['erase', 'anonymise']),
    counts: z.record(z.string(), z.number().int()),
  })
  .meta({ id: 'ErasureResult' });

/** If-Match is optional here; when sent it must name the person's current version. */
function optionalVersion(header: string | undefined): number | null {
  if (header === undefined) return null;
  const m = /^"v(\d{1,12})"$/.exec(header.trim());
  if (!m) throw new DomainError('precondition_failed', 'If-Match does not match the current version.');
  return Number(m[1]);
}

/** Routes of subject rights: access and portability, erasure and anonymisation (SECURITY.md D8). */
export const subjectRightsRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/beneficiaries/:id/subject-access',
    operationId: 'subjectAccess',
    summary: 'Everything the organisation holds about one person, as one JSON document (supervisors; audited)',
    tags: ['subject-rights'],
    policy: policy.supervise,
    params: IdParams,
    response: { status: 200, schema: SubjectAccessDocument, description: 'The subject access document.' },
    handler: async ({ trx, principal, params, now, audit }) => {
      const doc = await subjectAccess(trx, principal, params.id, now);
      await audit({
        action: 'subject.access',
        entityType: 'beneficiary',
        entityId: params.id,
        organisationId: principal.organisationId,
        purpose: 'subject_rights',
        sensitiveRead: true,
        details: {
          via: 'api',
          cases: doc.cases.length,
          referrals: doc.referrals.length,
          auditEntries: doc.audit.length,
        },
      });
      return { body: doc, headers: { 'cache-control': 'no-store' } };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/beneficiaries/:id/erasure',
    operationId: 'eraseSubject',
    summary: 'Erase a person and everything about them, or anonymise them keeping only statistical facts',
    tags: ['subject-rights'],
    policy: policy.supervise,
    params: IdParams,
    body: ErasureRequest,
    errors: ['invalid_transition'],
    response: { status: 200, schema: ErasureResult, description: 'Done; what was removed or blanked, as counts.' },
    handler: async ({ trx, principal, params, body, req, audit }) => {
      const version = optionalVersion(req.headers['if-match']);
      const r = await eraseSubject(trx, principal, params.id, body.mode, version);
      // The entry names the (now meaningless) id, the reason code and counts: nothing that identifies the person.
      await audit({
        action: body.mode === 'erase' ? 'subject.erased' : 'subject.anonymised',
        entityType: 'beneficiary',
        entityId: params.id,
        organisationId: r.organisationId,
        purpose: 'subject_rights',
        details: { reason: body.reason, counts: r.counts },
      });
      return { body: { mode: body.mode, counts: r.counts } };
    },
  }),
];
