import type { Principal } from '../../src/http/principal.ts';
import { createProject, recordAgreement } from '../../src/linkage/pprl/projects.service.ts';
import { buildOrganisation } from '../harness.ts';
import type { Fixture, MatrixPart } from './types.ts';

const projectUrl = (o: Fixture, rest = '') => `/api/linkage-projects/${o.ids.linkageProjectId}${rest}`;
const platformOnly = { none: 'platform administrators only; not one organisation’s record' };
const encodings = { format: 'corridor-clk/1', bits: 2048, schemaDigest: '0'.repeat(64), ids: [], clks: [] };

/** Authorization rows of linkage projects and data-sharing agreements. */
export const linkageProjectsMatrix: MatrixPart = {
  rows: {
    'POST /api/data-sharing-agreements': { anonymous: false, otherOrg: platformOnly },
    'GET /api/data-sharing-agreements': { anonymous: false, otherOrg: { none: 'list, checked by the canary test' } },
    'HEAD /api/data-sharing-agreements': { anonymous: false, otherOrg: { none: 'as GET' } },
    'POST /api/linkage-projects': { anonymous: false, otherOrg: platformOnly },
    'GET /api/linkage-projects': { anonymous: false, otherOrg: { none: 'list, checked by the canary test' } },
    'HEAD /api/linkage-projects': { anonymous: false, otherOrg: { none: 'as GET' } },
    'GET /api/linkage-projects/:id': { anonymous: false, otherOrg: (o) => ({ url: projectUrl(o) }) },
    'HEAD /api/linkage-projects/:id': { anonymous: false, otherOrg: (o) => ({ url: projectUrl(o) }) },
    'POST /api/linkage-projects/:id/encode': { anonymous: false, otherOrg: (o) => ({ url: projectUrl(o, '/encode') }) },
    'PUT /api/linkage-projects/:id/encodings': {
      anonymous: false,
      otherOrg: (o) => ({ url: projectUrl(o, '/encodings'), payload: encodings }),
      payload: encodings,
    },
    'GET /api/linkage-projects/:id/encodings': {
      anonymous: false,
      otherOrg: (o) => ({ url: projectUrl(o, '/encodings') }),
    },
    'HEAD /api/linkage-projects/:id/encodings': {
      anonymous: false,
      otherOrg: (o) => ({ url: projectUrl(o, '/encodings') }),
    },
    'GET /api/linkage-projects/:id/results': {
      anonymous: false,
      otherOrg: (o) => ({ url: projectUrl(o, '/results') }),
    },
    'HEAD /api/linkage-projects/:id/results': {
      anonymous: false,
      otherOrg: (o) => ({ url: projectUrl(o, '/results') }),
    },
  },
  /** A project of the fixture's organisation with a partner of its own, and their agreement. */
  async setup(t, f) {
    const partnerId = (await buildOrganisation(t)).id;
    const admin: Principal = {
      kind: 'session',
      userId: f.adminId,
      id: f.adminId,
      organisationId: f.orgId,
      roles: ['platform_admin'],
      secondFactor: 'none',
    };
    const now = t.clock.now();
    const linkageProjectId = await t.deps.database.db.transaction().execute(async (trx) => {
      await recordAgreement(
        trx,
        admin,
        {
          organisationAId: f.orgId,
          organisationBId: partnerId,
          purpose: 'record_linkage',
          startsOn: '2026-01-01',
          endsOn: null,
        },
        now,
      );
      return createProject(
        trx,
        t.deps.config,
        admin,
        { name: `Linkage ${f.canary}`, memberOrganisationIds: [f.orgId, partnerId], secretCustody: 'platform' },
        now,
      );
    });
    return { linkageProjectId };
  },
};
