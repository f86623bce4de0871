import assert from 'node:assert/strict';
import { CRITERIA } from '../../src/recruitment/iris.ts';
import { buildOrganisation, buildUser, signIn } from '../harness.ts';
import type { MatrixPart, Row } from './types.ts';

const none = (why: string) => ({ none: why });
const officerOnly =
  (url: (o: import('./types.ts').Fixture) => string, payload?: unknown): Row['otherOrg'] =>
  (o) => ({
    url: url(o),
    ...(payload === undefined ? {} : { payload: payload as object }),
    // The matrix's caller is an organisation administrator: the role check refuses before any record is read.
    expect: 403,
  });

/**
 * Recruiter registry and IRIS certification (docs/recruitment.md), and the public recruiter check. The matrix's
 * caller (an administrator of organisation A) acts for A's recruiter; B's recruiter, certification and findings
 * answer 404. Steps reserved to certification officers and auditors answer 403 for it, whatever the record.
 */
export const recruitmentMatrix: MatrixPart = {
  rows: {
    'GET /api/recruitment/criteria': { anonymous: false, otherOrg: none('reference data') },
    'HEAD /api/recruitment/criteria': { anonymous: false, otherOrg: none('reference data') },
    'GET /api/recruitment/auditors': {
      anonymous: false,
      otherOrg: none('directory of accredited auditors (officers)'),
    },
    'HEAD /api/recruitment/auditors': {
      anonymous: false,
      otherOrg: none('directory of accredited auditors (officers)'),
    },
    'GET /api/recruiters': { anonymous: false, otherOrg: none('list, checked by the canary test') },
    'HEAD /api/recruiters': { anonymous: false, otherOrg: none('list, checked by the canary test') },
    'POST /api/recruiters': {
      anonymous: false,
      otherOrg: officerOnly(() => '/api/recruiters', {
        organisationId: '00000000-0000-4000-8000-000000000000',
        name: 'x',
        licenceNumber: 'x1',
        licensingAuthority: 'x',
        licenceCountry: 'BGD',
      }),
    },
    'POST /api/recruiters/export': {
      anonymous: false,
      otherOrg: none('list export: only the recruiters the caller may see'),
      payload: { format: 'csv' },
    },
    'GET /api/recruiters/:id': { anonymous: false, otherOrg: (o) => ({ url: `/api/recruiters/${o.ids.recruiterId}` }) },
    'HEAD /api/recruiters/:id': {
      anonymous: false,
      otherOrg: (o) => ({ url: `/api/recruiters/${o.ids.recruiterId}` }),
    },
    'PATCH /api/recruiters/:id': {
      anonymous: false,
      otherOrg: (o) => ({
        url: `/api/recruiters/${o.ids.recruiterId}`,
        payload: { name: 'Taken over' },
        ifMatch: true,
      }),
    },
    'POST /api/recruiters/:id/applications': {
      anonymous: false,
      otherOrg: (o) => ({ url: `/api/recruiters/${o.ids.recruiterId}/applications` }),
    },
    'POST /api/recruiters/:id/audit-requests': {
      anonymous: false,
      otherOrg: officerOnly((o) => `/api/recruiters/${o.ids.recruiterId}/audit-requests`, { reason: 'x' }),
    },
    'POST /api/certifications/:id/self-assessment': {
      anonymous: false,
      otherOrg: (o) => ({
        url: `/api/certifications/${o.ids.certificationId}/self-assessment`,
        payload: { answers: Object.fromEntries(CRITERIA.map((c) => [c.code, { answer: 'yes' }])) },
      }),
    },
    'POST /api/certifications/:id/audits': {
      anonymous: false,
      otherOrg: officerOnly((o) => `/api/certifications/${o.ids.certificationId}/audits`, {
        kind: 'initial',
        auditorUserId: '00000000-0000-4000-8000-000000000000',
        scheduledFor: '2026-12-01',
      }),
    },
    'POST /api/certifications/:id/decision': {
      anonymous: false,
      otherOrg: officerOnly((o) => `/api/certifications/${o.ids.certificationId}/decision`, {
        decision: 'grant',
        reason: 'x',
      }),
    },
    'POST /api/certifications/:id/suspension': {
      anonymous: false,
      otherOrg: officerOnly((o) => `/api/certifications/${o.ids.certificationId}/suspension`, { reason: 'x' }),
    },
    'POST /api/certifications/:id/reinstatement': {
      anonymous: false,
      otherOrg: officerOnly((o) => `/api/certifications/${o.ids.certificationId}/reinstatement`, { reason: 'x' }),
    },
    'POST /api/certifications/:id/withdrawal': {
      anonymous: false,
      otherOrg: officerOnly((o) => `/api/certifications/${o.ids.certificationId}/withdrawal`, { reason: 'x' }),
    },
    'GET /api/recruitment-audits': { anonymous: false, otherOrg: none('worklist of officers and auditors') },
    'HEAD /api/recruitment-audits': { anonymous: false, otherOrg: none('worklist of officers and auditors') },
    'POST /api/recruitment-audits/:id/assignment': {
      anonymous: false,
      otherOrg: officerOnly((o) => `/api/recruitment-audits/${o.ids.recruitmentAuditId}/assignment`, {
        auditorUserId: '00000000-0000-4000-8000-000000000000',
        scheduledFor: '2026-12-01',
      }),
    },
    'POST /api/recruitment-audits/:id/findings': {
      anonymous: false,
      otherOrg: officerOnly((o) => `/api/recruitment-audits/${o.ids.recruitmentAuditId}/findings`, {
        criterion: '1.1',
        severity: 'major',
        description: 'x',
      }),
    },
    'POST /api/recruitment-audits/:id/completion': {
      anonymous: false,
      otherOrg: officerOnly((o) => `/api/recruitment-audits/${o.ids.recruitmentAuditId}/completion`, { summary: 'x' }),
    },
    'POST /api/audit-findings/:id/action-plan': {
      anonymous: false,
      otherOrg: (o) => ({
        url: `/api/audit-findings/${o.ids.findingId}/action-plan`,
        payload: { plan: 'x', dueOn: '2099-01-01' },
      }),
    },
    'POST /api/audit-findings/:id/evidence': {
      anonymous: false,
      otherOrg: (o) => ({ url: `/api/audit-findings/${o.ids.findingId}/evidence`, payload: { evidence: 'x' } }),
    },
    'POST /api/audit-findings/:id/verification': {
      anonymous: false,
      otherOrg: officerOnly((o) => `/api/audit-findings/${o.ids.findingId}/verification`, {
        accepted: true,
        note: 'x',
      }),
    },
    'GET /api/public/recruiters': { anonymous: true, otherOrg: none('public register, no personal data') },
    'HEAD /api/public/recruiters': { anonymous: true, otherOrg: none('public register, no personal data') },
    'GET /public/recruiters': { anonymous: true, otherOrg: none('public page, no personal data') },
    'HEAD /public/recruiters': { anonymous: true, otherOrg: none('public page, no personal data') },
  },
  async setup(t, fx) {
    // The fixture organisation becomes a recruiter (briefly a private-sector organisation, as registration needs),
    // certified by a certifying body and audited by an accredited auditor of their own.
    const body = await buildOrganisation(t, { kind: 'international_organisation', country: 'CHE' });
    const firm = await buildOrganisation(t, { kind: 'private_sector', country: 'PHL' });
    const officer = await signIn(t, await buildUser(t, body.id, ['certification_officer']));
    const auditorUser = await buildUser(t, firm.id, ['certification_auditor']);
    const auditor = await signIn(t, auditorUser);
    const db = t.deps.database.db;
    const org = await db
      .selectFrom('organisations')
      .select('kind')
      .where('id', '=', fx.orgId)
      .executeTakeFirstOrThrow();
    await db.updateTable('organisations').set({ kind: 'private_sector' }).where('id', '=', fx.orgId).execute();
    const post = async (headers: Record<string, string>, url: string, payload?: unknown) => {
      const res = await t.app.inject({
        method: 'POST',
        url,
        headers,
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
      assert.ok(res.statusCode < 300, `${url}: ${res.body}`);
      return res.json();
    };
    const created = await post(officer.headers, '/api/recruiters', {
      organisationId: fx.orgId,
      name: `Recruiter ${fx.canary}`,
      licenceNumber: fx.canary.slice(-12),
      licensingAuthority: 'Matrix licensing authority',
      licenceCountry: 'BGD',
    });
    await db.updateTable('organisations').set({ kind: org.kind }).where('id', '=', fx.orgId).execute();
    const recruiterId = created.recruiter.id as string;
    const applied = await post(fx.session.headers, `/api/recruiters/${recruiterId}/applications`);
    const certificationId = applied.certifications[0].id as string;
    await post(fx.session.headers, `/api/certifications/${certificationId}/self-assessment`, {
      answers: Object.fromEntries(CRITERIA.map((c) => [c.code, { answer: 'yes' }])),
    });
    const scheduled = await post(officer.headers, `/api/certifications/${certificationId}/audits`, {
      kind: 'initial',
      auditorUserId: auditorUser.id,
      scheduledFor: '2026-12-01',
    });
    const recruitmentAuditId = scheduled.audits[0].id as string;
    const found = await post(auditor.headers, `/api/recruitment-audits/${recruitmentAuditId}/findings`, {
      criterion: '2.1',
      severity: 'minor',
      description: `Finding ${fx.canary}`,
    });
    const findingId = found.audits[0].findings[0].id as string;
    return { recruiterId, certificationId, recruitmentAuditId, findingId };
  },
};
