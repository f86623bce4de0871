import type { MatrixPart } from './types.ts';

const base64 = (s: string) => Buffer.from(s).toString('base64');

/** Authorization rows of bulk import and export. */
export const importsMatrix: MatrixPart = {
  rows: {
    'POST /api/imports': {
      anonymous: false,
      // A file naming another organisation's case by its id is refused as if the case did not exist: the row is
      // reported (422) and nothing about the case comes back.
      otherOrg: (o) => ({
        url: '/api/imports',
        expect: 422,
        payload: {
          kind: 'services',
          filename: 'services.csv',
          content: base64(`case_id,service_type,delivered_on\n${o.ids.caseId},food_and_items,2026-05-01\n`),
        },
      }),
      payload: {
        kind: 'beneficiaries',
        filename: 'people.csv',
        content: base64('name_latin\nMatrix Import\n'),
        basis: 'public_interest',
        informationGiven: 'Matrix test.',
      },
    },
    'POST /api/exports/beneficiaries': {
      anonymous: false,
      otherOrg: { none: 'exports the caller’s organisation only (exports tests check the rows)' },
      payload: { format: 'csv' },
    },
    'POST /api/exports/cases': {
      anonymous: false,
      otherOrg: { none: 'exports the caller’s organisation only (exports tests check the rows)' },
      payload: { format: 'csv' },
    },
  },
};
