import type { MatrixPart } from './types.ts';

/** Authorization rows of the evidence dashboard, its exports and the annual report. */
export const evidenceReportMatrix: MatrixPart = {
  rows: {
    'GET /api/evidence/dashboard/indicators': {
      anonymous: false,
      otherOrg: { none: 'indicator definitions are the same for every organisation' },
    },
    'HEAD /api/evidence/dashboard/indicators': {
      anonymous: false,
      otherOrg: { none: 'indicator definitions are the same for every organisation' },
    },
    'HEAD /api/evidence/dashboard/table': {
      anonymous: false,
      otherOrg: { none: 'figures are always the caller’s organisation’s' },
    },
    'GET /api/evidence/dashboard/table': {
      anonymous: false,
      otherOrg: {
        none: 'figures are always the caller’s organisation’s (or the platform’s, for platform administrators); evidence-report tests check',
      },
    },
    'POST /api/evidence/exports': {
      anonymous: false,
      otherOrg: { none: 'exports the caller’s organisation’s published figures only; evidence-report tests check' },
      payload: { indicator: 'cases_opened', grain: 'year', from: '2026', to: '2026', format: 'csv' },
    },
    'POST /api/evidence/reports/annual': {
      anonymous: false,
      otherOrg: { none: 'reports on the caller’s organisation only (platform scope: platform administrators)' },
      payload: { year: 2026, format: 'json' },
    },
  },
};
