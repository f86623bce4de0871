import type { MatrixPart } from './types.ts';

/** Authorization rows of the evidence base's indicator routes. */
export const evidenceMatrix: MatrixPart = {
  rows: {
    'GET /api/evidence/indicators': {
      anonymous: false,
      otherOrg: { none: 'indicator definitions are the same for every organisation and hold no records' },
    },
    'HEAD /api/evidence/indicators': {
      anonymous: false,
      otherOrg: { none: 'indicator definitions are the same for every organisation and hold no records' },
    },
    'HEAD /api/evidence/indicators/:id/values': {
      anonymous: false,
      otherOrg: { none: 'values are always of the caller’s organisation (see the GET row)' },
    },
    'GET /api/evidence/indicators/:id/values': {
      anonymous: false,
      otherOrg: {
        none:
          'values are always of the caller’s organisation (scope=platform is refused to anyone but a platform ' +
          'administrator, and filtering by organisation too); evidence.integration.test.ts checks both',
      },
    },
  },
};
