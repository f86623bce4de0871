import type { MatrixPart } from './types.ts';

/** The public site's own routes (home page, stylesheet); each public page adds its rows in its context's part. */
export const publicSiteMatrix: MatrixPart = {
  rows: {
    'GET /public': { anonymous: true, otherOrg: { none: 'public page, no record' } },
    'HEAD /public': { anonymous: true, otherOrg: { none: 'public page, no record' } },
    'GET /public/site.css': { anonymous: true, otherOrg: { none: 'stylesheet, no record' } },
    'HEAD /public/site.css': { anonymous: true, otherOrg: { none: 'stylesheet, no record' } },
  },
};
