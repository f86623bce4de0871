import type { Fixture, MatrixPart } from './types.ts';

const ledgerUrl = (o: Fixture) => `/api/beneficiaries/${o.ids.beneficiaryId}/consents`;

/** Authorization rows of the consent ledger (its records are the registry's persons). */
export const consentMatrix: MatrixPart = {
  rows: {
    'POST /api/beneficiaries/:id/consents': {
      anonymous: false,
      otherOrg: (o) => ({
        url: ledgerUrl(o),
        payload: { purpose: 'assistance', basis: 'vital_interest', action: 'grant' },
      }),
      payload: { purpose: 'assistance', basis: 'vital_interest', action: 'grant' },
    },
    'GET /api/beneficiaries/:id/consents': { anonymous: false, otherOrg: (o) => ({ url: ledgerUrl(o) }) },
    'HEAD /api/beneficiaries/:id/consents': { anonymous: false, otherOrg: (o) => ({ url: ledgerUrl(o) }) },
  },
};
