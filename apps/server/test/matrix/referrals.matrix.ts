import { recordBasis } from '../../src/cases/cases.fixtures.ts';
import { buildOrganisation, buildUser, type TestApp } from '../harness.ts';
import { staffOf } from './cases.matrix.ts';
import type { Fixture, MatrixPart } from './types.ts';

const referralUrl = (o: Fixture, rest = '') => `/api/referrals/${o.ids.referralId}${rest}`;

/** Authorization rows of the referrals context. */
export const referralsMatrix: MatrixPart = {
  rows: {
    'POST /api/cases/:id/referrals': {
      anonymous: false,
      otherOrg: (o) => ({
        url: `/api/cases/${o.ids.caseId}/referrals`,
        payload: { toOrganisationId: o.ids.partnerId, serviceType: null, reason: 'Other' },
      }),
    },
    'GET /api/referrals/inbox': { anonymous: false, otherOrg: { none: 'list, checked by the canary test' } },
    'HEAD /api/referrals/inbox': { anonymous: false, otherOrg: { none: 'list, checked by the canary test' } },
    'GET /api/referrals/outbox': { anonymous: false, otherOrg: { none: 'list, checked by the canary test' } },
    'HEAD /api/referrals/outbox': { anonymous: false, otherOrg: { none: 'list, checked by the canary test' } },
    'GET /api/referrals/:id': { anonymous: false, otherOrg: (o) => ({ url: referralUrl(o) }) },
    'HEAD /api/referrals/:id': { anonymous: false, otherOrg: (o) => ({ url: referralUrl(o) }) },
    'POST /api/referrals/:id/accept': {
      anonymous: false,
      otherOrg: (o) => ({ url: referralUrl(o, '/accept'), ifMatch: true }),
    },
    'POST /api/referrals/:id/decline': {
      anonymous: false,
      otherOrg: (o) => ({ url: referralUrl(o, '/decline'), payload: { reason: 'No.' }, ifMatch: true }),
    },
    'POST /api/referrals/:id/services': {
      anonymous: false,
      otherOrg: (o) => ({
        url: referralUrl(o, '/services'),
        payload: { serviceType: 'transport', deliveredOn: '2026-05-01' },
        ifMatch: true,
      }),
    },
    'POST /api/referrals/:id/close': {
      anonymous: false,
      otherOrg: (o) => ({ url: referralUrl(o, '/close'), payload: { outcome: 'Done.' }, ifMatch: true }),
    },
    'POST /api/referrals/:id/assignment': {
      anonymous: false,
      otherOrg: (o) => ({ url: referralUrl(o, '/assignment'), payload: { userId: o.adminId }, ifMatch: true }),
    },
    'GET /api/referrals/:id/access': { anonymous: false, otherOrg: (o) => ({ url: referralUrl(o, '/access') }) },
    'HEAD /api/referrals/:id/access': { anonymous: false, otherOrg: (o) => ({ url: referralUrl(o, '/access') }) },
    'POST /api/referrals/:id/access': {
      anonymous: false,
      otherOrg: (o) => ({ url: referralUrl(o, '/access'), payload: { userId: o.adminId, reason: 'Cover.' } }),
    },
    'DELETE /api/referrals/:id/access/:userId': {
      anonymous: false,
      otherOrg: (o) => ({ url: referralUrl(o, `/access/${o.adminId}`) }),
    },
  },
  /**
   * The fixture's (sensitive) case referred to a partner organisation of its own (so no organisation of the test
   * sees it); the partner has a supervisor, without whom a sensitive referral is refused.
   */
  async setup(t: TestApp, f: Fixture) {
    const partnerId = (await buildOrganisation(t)).id;
    await buildUser(t, partnerId, ['supervisor']);
    await recordBasis(t, staffOf(f), {
      beneficiaryId: f.ids.casePersonId!,
      purpose: 'referral',
      recipientOrganisationId: partnerId,
    });
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/cases/${f.ids.caseId}/referrals`,
      headers: { ...f.session.headers, 'idempotency-key': `matrix-${partnerId}` },
      payload: { toOrganisationId: partnerId, serviceType: 'legal_assistance', reason: 'AdditionalServicesRequired' },
    });
    if (res.statusCode !== 201) throw new Error(`matrix setup: referral gave ${res.statusCode} ${res.body}`);
    return { partnerId, referralId: res.json().id as string };
  },
};
