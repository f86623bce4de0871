import type { Fixture, MatrixPart } from './types.ts';

const personUrl = (o: Fixture, what: string) => `/api/beneficiaries/${o.ids.beneficiaryId}/${what}`;
const erasure = { mode: 'erase', reason: 'subject_request' };

/** Authorization rows of subject rights (its records are the registry's persons). */
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
  },
};
