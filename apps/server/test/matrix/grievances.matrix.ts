import { GRIEVANCE_OFFICER_ROLES } from '../../src/grievances/grievances.policy.ts';
import { fileGrievance, setDesk } from '../../src/grievances/grievances.service.ts';
import type { Principal } from '../../src/http/principal.ts';
import type { Fixture, MatrixPart, Row } from './types.ts';

const grievanceUrl = (o: Fixture, tail = '') => `/api/grievances/${o.ids.grievanceId}${tail}`;

// The fixture's administrator holds admin, auditor, supervisor and caseworker. When the officer role is one of
// those, another organisation's grievance answers 404; when it is the certifying body's own role, the caller is
// refused before any record is looked at (403), which reveals nothing either.
const otherOrgStatus = GRIEVANCE_OFFICER_ROLES.some((r) => ['admin', 'auditor', 'supervisor', 'caseworker'].includes(r))
  ? 404
  : 403;

const read = (tail = ''): Row => ({
  anonymous: false,
  otherOrg: (o) => ({ url: grievanceUrl(o, tail), expect: otherOrgStatus }),
});
const change = (tail: string, payload: unknown, ifMatch: boolean): Row => ({
  anonymous: false,
  otherOrg: (o) => ({ url: grievanceUrl(o, tail), payload, ifMatch, expect: otherOrgStatus }),
  payload,
});
const publicRow = (payload?: unknown): Row => ({
  anonymous: true,
  otherOrg: { none: 'public, anonymous: no organisation’s record is addressed (the tracking code is the key)' },
  ...(payload === undefined ? {} : { payload }),
});

const filing = { categories: ['fees_charged'], description: 'The agency charged me a fee.' };
const code = { code: 'AAAAA-AAAAA-AAAAA-AAAAA' };

/** Authorization rows of worker grievances (officer routes, the desk setting, the public intake and follow-up). */
export const grievancesMatrix: MatrixPart = {
  rows: {
    'GET /api/grievance-desk': {
      anonymous: false,
      otherOrg: { none: 'one platform-wide setting' },
      directory: 'which organisation receives grievances is shown to every grievance officer by design',
    },
    'HEAD /api/grievance-desk': { anonymous: false, otherOrg: { none: 'one platform-wide setting' } },
    'PUT /api/grievance-desk': {
      anonymous: false,
      otherOrg: { none: 'one platform-wide setting, platform administrators only' },
      payload: { organisationId: '00000000-0000-4000-8000-000000000000' },
    },
    'GET /api/grievance-officers': {
      anonymous: false,
      otherOrg: { none: 'the officers of the caller’s own organisation only' },
    },
    'HEAD /api/grievance-officers': {
      anonymous: false,
      otherOrg: { none: 'the officers of the caller’s own organisation only' },
    },
    'GET /api/grievances': { anonymous: false, otherOrg: { none: 'list of the caller’s organisation only' } },
    'HEAD /api/grievances': { anonymous: false, otherOrg: { none: 'list of the caller’s organisation only' } },
    'POST /api/grievances/export': {
      anonymous: false,
      otherOrg: { none: 'export of the caller’s organisation only' },
      payload: { format: 'csv' },
    },
    'GET /api/grievances/:id': read(),
    'HEAD /api/grievances/:id': read(),
    'GET /api/grievances/:id/identity': read('/identity'),
    'HEAD /api/grievances/:id/identity': read('/identity'),
    'GET /api/grievances/:id/recruiter-view': read('/recruiter-view'),
    'HEAD /api/grievances/:id/recruiter-view': read('/recruiter-view'),
    'POST /api/grievances/:id/triage': change('/triage', { severity: 'low', categories: ['other'] }, true),
    'POST /api/grievances/:id/assign': change('/assign', { userId: '00000000-0000-4000-8000-000000000000' }, true),
    'POST /api/grievances/:id/messages': change('/messages', { body: 'Hello' }, false),
    'POST /api/grievances/:id/close': change('/close', { outcome: 'withdrawn', summary: 'Withdrawn' }, true),
    'POST /api/grievances/:id/recruiter': change(
      '/recruiter',
      { recruiterId: '00000000-0000-4000-8000-000000000000' },
      true,
    ),
    'POST /api/grievances/:id/audit-request': change('/audit-request', { reason: 'Findings' }, false),
    'GET /api/grievances/:id/handover-organisations': read('/handover-organisations'),
    'HEAD /api/grievances/:id/handover-organisations': read('/handover-organisations'),
    'POST /api/grievances/:id/handover': change(
      '/handover',
      { organisationId: '00000000-0000-4000-8000-000000000000' },
      true,
    ),
    'POST /api/public/grievances': publicRow(filing),
    'POST /api/public/grievances/track': publicRow(code),
    'POST /api/public/grievances/reply': publicRow({ ...code, message: 'Hello' }),
    'POST /api/public/grievances/consent': publicRow({ ...code, handoverConsent: true }),
    'GET /public/grievances': publicRow(),
    'HEAD /public/grievances': publicRow(),
    'POST /public/grievances': publicRow(),
    'GET /public/grievances/track': publicRow(),
    'HEAD /public/grievances/track': publicRow(),
    'POST /public/grievances/track': publicRow(),
  },
  async setup(t, fixture) {
    // The fixture's organisation becomes the desk for a moment and receives one grievance with its canary.
    const now = t.clock.now();
    const admin: Principal = {
      kind: 'session',
      userId: fixture.adminId,
      id: fixture.adminId,
      organisationId: fixture.orgId,
      roles: ['platform_admin'],
      secondFactor: 'none',
    };
    const filed = await t.deps.database.db.transaction().execute(async (trx) => {
      await setDesk(trx, admin, { organisationId: fixture.orgId, firstResponseDays: 5 }, now);
      return fileGrievance(
        trx,
        t.engine,
        {
          ...filing,
          categories: ['fees_charged'],
          recruiterLicence: null,
          recruiterName: `Recruiter ${fixture.canary}`,
          employerName: null,
          destinationCountry: null,
          contact: { name: `Worker ${fixture.canary}`, phone: null, email: null },
          recruiterMayKnowIdentity: false,
          handoverConsent: false,
          language: 'en',
        },
        now,
        async () => null,
      );
    });
    return { grievanceId: filed.row.id };
  },
};
