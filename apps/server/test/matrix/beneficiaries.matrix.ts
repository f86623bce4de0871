import { idemKey, type TestApp } from '../harness.ts';
import type { Fixture, MatrixPart } from './types.ts';

const personUrl = (o: Fixture) => `/api/beneficiaries/${o.ids.beneficiaryId}`;

/** Authorization rows of the beneficiary registry. */
export const beneficiariesMatrix: MatrixPart = {
  rows: {
    'POST /api/beneficiaries': {
      anonymous: false,
      otherOrg: { none: 'always registers in the caller’s organisation' },
      payload: { nameLatin: 'Matrix Person' },
    },
    'POST /api/beneficiaries/search': {
      anonymous: false,
      otherOrg: { none: 'searches the caller’s organisation only (beneficiaries.search tests)' },
      payload: { name: 'Matrix Person' },
    },
    'GET /api/beneficiaries': { anonymous: false, otherOrg: { none: 'list, checked by the canary test' } },
    'HEAD /api/beneficiaries': { anonymous: false, otherOrg: { none: 'list, checked by the canary test' } },
    'GET /api/beneficiaries/:id': { anonymous: false, otherOrg: (o) => ({ url: personUrl(o) }) },
    'HEAD /api/beneficiaries/:id': { anonymous: false, otherOrg: (o) => ({ url: personUrl(o) }) },
    'PATCH /api/beneficiaries/:id': {
      anonymous: false,
      otherOrg: (o) => ({ url: personUrl(o), payload: { nameLatin: 'Taken Over' }, ifMatch: true }),
    },
  },
  // A person whose name carries the organisation's canary, so the list's canary check has something to find.
  async setup(t: TestApp, f: Fixture) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/beneficiaries',
      headers: { ...f.session.headers, 'idempotency-key': idemKey() },
      payload: { nameLatin: `Canary ${f.canary}`, dateOfBirth: '1990-01-01', country: 'SDN' },
    });
    if (res.statusCode !== 201) throw new Error(`matrix setup: registration failed (${res.statusCode})`);
    return { beneficiaryId: res.json().id as string };
  },
};
