import { randomUUID } from 'node:crypto';
import type { Fixture, MatrixPart } from './types.ts';

const personUrl = (o: Fixture, what: string) => `/api/beneficiaries/${o.ids.beneficiaryId}/${what}`;
const requestUrl = (o: Fixture, what: string) => `/api/subject-rights-requests/${o.ids.subjectRightsRequestId}/${what}`;
const erasure = { mode: 'erase', reason: 'subject_request' };
const request = { kind: 'access', reason: 'subject_request' };

/** Authorization rows of subject rights (its records are the registry's persons and the requests about them). */
export const subjectRightsMatrix: MatrixPart = {
  rows: {
    'POST /api/beneficiaries/:id/subject-access': {
      anonymous: false,
      otherOrg: (o) => ({ url: personUrl(o, 'subject-access') }),
    },
    'POST /api/beneficiaries/:id/erasure': {
      anonymous: false,
      otherOrg: (o) => ({ url: personUrl(o, 'erasure'), payload: erasure }),
      payload: erasure,
    },
    'POST /api/beneficiaries/:id/subject-rights-requests': {
      anonymous: false,
      otherOrg: (o) => ({ url: personUrl(o, 'subject-rights-requests'), payload: request }),
      payload: request,
    },
    'GET /api/subject-rights-requests': {
      anonymous: false,
      otherOrg: (o) => ({ url: `/api/subject-rights-requests?beneficiaryId=${o.ids.beneficiaryId}` }),
    },
    'HEAD /api/subject-rights-requests': {
      anonymous: false,
      otherOrg: (o) => ({ url: `/api/subject-rights-requests?beneficiaryId=${o.ids.beneficiaryId}` }),
    },
    'POST /api/subject-rights-requests/:id/approve': {
      anonymous: false,
      otherOrg: (o) => ({ url: requestUrl(o, 'approve') }),
    },
    'POST /api/subject-rights-requests/:id/refuse': {
      anonymous: false,
      otherOrg: (o) => ({ url: requestUrl(o, 'refuse') }),
    },
    'POST /api/subject-rights-requests/:id/withdraw': {
      anonymous: false,
      otherOrg: (o) => ({ url: requestUrl(o, 'withdraw') }),
    },
    'POST /api/subject-rights-requests/:id/copy': {
      anonymous: false,
      otherOrg: (o) => ({ url: requestUrl(o, 'copy') }),
    },
  },
  /** A pending request about the organisation's person (written directly: filing one needs a sensitive case). */
  async setup(t, fx) {
    const id = randomUUID();
    await t.deps.database.db
      .insertInto('subject_rights_requests')
      .values({
        id,
        organisation_id: fx.orgId,
        beneficiary_id: fx.ids.beneficiaryId ?? null,
        kind: 'access',
        reason: 'subject_request',
        status: 'pending',
        requested_by: fx.adminId,
        requested_at: new Date().toISOString(),
        decided_by: null,
        decided_at: null,
        completed_at: null,
      })
      .execute();
    return { subjectRightsRequestId: id };
  },
};
