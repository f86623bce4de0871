import { idemKey, type TestApp } from '../harness.ts';
import type { Fixture, MatrixPart } from './types.ts';

const candidateUrl = (o: Fixture, rest = '') => `/api/linkage/candidates/${o.ids.linkageCandidateId}${rest}`;

/** Authorization rows of duplicate review (docs/linkage.md). */
export const linkageReviewMatrix: MatrixPart = {
  rows: {
    'POST /api/linkage/duplicates/check': {
      anonymous: false,
      otherOrg: { none: 'checks against the caller’s organisation only (review.integration tests)' },
      payload: { nameLatin: 'Matrix Person' },
    },
    'GET /api/linkage/candidates': { anonymous: false, otherOrg: { none: 'list, checked by the canary test' } },
    'HEAD /api/linkage/candidates': { anonymous: false, otherOrg: { none: 'as GET' } },
    'GET /api/linkage/candidates/:id': { anonymous: false, otherOrg: (o) => ({ url: candidateUrl(o) }) },
    'HEAD /api/linkage/candidates/:id': { anonymous: false, otherOrg: (o) => ({ url: candidateUrl(o) }) },
    'POST /api/linkage/candidates/:id/decision': {
      anonymous: false,
      otherOrg: (o) => ({ url: candidateUrl(o, '/decision'), payload: { decision: 'distinct' }, ifMatch: true }),
      payload: { decision: 'distinct' },
    },
    'POST /api/linkage/candidates/:id/reopen': {
      anonymous: false,
      otherOrg: (o) => ({ url: candidateUrl(o, '/reopen'), ifMatch: true }),
    },
    'POST /api/linkage/merges/:id/unmerge': {
      anonymous: false,
      otherOrg: (o) => ({ url: `/api/linkage/merges/${o.ids.linkageMergeId}/unmerge` }),
    },
    'POST /api/linkage/scan': { anonymous: false, otherOrg: { none: 'scans the caller’s organisation only' } },
  },
  // Two registrations of one person carrying the canary: the registration flags the pair; one pair merged.
  async setup(t: TestApp, f: Fixture) {
    const register = async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/beneficiaries',
        headers: { ...f.session.headers, 'idempotency-key': idemKey() },
        payload: {
          givenName: 'Linkage',
          familyName: `Canary${f.canary.replace(/[^A-Za-z]/g, '')}`,
          dateOfBirth: '1984-06-15',
          sex: 'female',
          phone: '+249 91 234 5678',
        },
      });
      if (res.statusCode !== 201) throw new Error(`matrix setup: registration failed (${res.statusCode})`);
      return res.json().id as string;
    };
    await register();
    await register();
    const c = await t.deps.database.db
      .selectFrom('linkage_candidates')
      .select(['id', 'version'])
      .where('organisation_id', '=', f.orgId)
      .executeTakeFirst();
    if (!c) throw new Error('matrix setup: the second registration was not flagged as a duplicate');
    const merged = await t.app.inject({
      method: 'POST',
      url: `/api/linkage/candidates/${c.id}/decision`,
      headers: { ...f.session.headers, 'if-match': `"v${c.version}"` },
      payload: { decision: 'same' },
    });
    if (merged.statusCode !== 200) throw new Error(`matrix setup: merge failed (${merged.statusCode})`);
    return { linkageCandidateId: c.id, linkageMergeId: merged.json().mergeId as string };
  },
};
