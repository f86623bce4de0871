import {
  CountryCode,
  CreateOrganisation,
  IdParams,
  Organisation,
  PageQuery,
  Partner,
  page,
  UpdateOrganisation,
} from '@corridor/contracts';
import { z } from 'zod';
import { CASE_ROLES } from '../cases/case-access.ts';
import { defineRoute } from '../http/route.ts';
import { identityPolicies as policy } from './identity.policy.ts';
import { presentOrganisation, referralIntakeOf } from './identity.presenter.ts';
import {
  createOrganisation,
  getOrganisation,
  listOrganisationsFor,
  partnerDirectory,
  updateOrganisation,
} from './organisations.service.ts';

const PartnerQuery = z.object({
  country: CountryCode.optional(),
  kind: z
    .enum(['state_agency', 'international_organisation', 'civil_society', 'private_sector', 'local_government'])
    .optional(),
});

/** The columns of the fields of UpdateOrganisation whose names differ, for the audit entry's list of changes. */
const COLUMN_OF: Record<string, string> = {
  iatiIdentifier: 'iati_identifier',
  referralsPaused: 'referrals_paused',
  referralServices: 'referral_services',
  referralNote: 'referral_note',
};

export const organisationRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/partners',
    operationId: 'listPartners',
    summary:
      'The partner directory: every organisation on the platform, to name in consents, and whether it takes referrals',
    tags: ['organisations'],
    policy: policy.partnerDirectory,
    query: PartnerQuery,
    response: { status: 200, schema: z.object({ items: z.array(Partner) }), description: 'Organisations by code.' },
    handler: async ({ db, query }) => {
      const rows = await partnerDirectory(db, query, CASE_ROLES);
      return {
        body: {
          items: rows.map((o) => ({
            id: o.id,
            code: o.code,
            name: o.name,
            kind: presentOrganisation(o).kind,
            country: o.country,
            takesReferrals: o.takes_referrals,
            ...referralIntakeOf(o),
          })),
        },
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/organisations',
    operationId: 'listOrganisations',
    summary: 'Organisations the caller may see, by code',
    tags: ['organisations'],
    policy: policy.readOrganisations,
    query: PageQuery,
    response: { status: 200, schema: page(Organisation), description: 'A page of organisations.' },
    handler: async ({ db, principal, query }) => {
      const r = await listOrganisationsFor(db, principal, query);
      return { body: { items: r.items.map(presentOrganisation), next: r.next } };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/organisations',
    operationId: 'createOrganisation',
    summary: 'Register an organisation',
    tags: ['organisations'],
    policy: policy.manageOrganisations,
    body: CreateOrganisation,
    creates: true,
    etag: true,
    errors: ['conflict'],
    response: { status: 201, schema: Organisation, description: 'Created.' },
    handler: async ({ trx, body, now, audit }) => {
      const o = await createOrganisation(trx, body, now);
      await audit({
        action: 'organisation.create',
        entityType: 'organisation',
        entityId: o.id,
        organisationId: o.id,
        details: { code: o.code, kind: o.kind, country: o.country },
      });
      return {
        status: 201,
        body: presentOrganisation(o),
        version: o.version,
        headers: { location: `/api/organisations/${o.id}` },
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/organisations/:id',
    operationId: 'getOrganisation',
    summary: 'One organisation',
    tags: ['organisations'],
    policy: policy.readOrganisations,
    params: IdParams,
    etag: true,
    response: { status: 200, schema: Organisation, description: 'The organisation; ETag carries its version.' },
    handler: async ({ db, principal, params }) => {
      const o = await getOrganisation(db, principal, params.id);
      return { body: presentOrganisation(o), version: o.version };
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/organisations/:id',
    operationId: 'updateOrganisation',
    summary: 'Change an organisation (If-Match required)',
    tags: ['organisations'],
    policy: policy.updateOrganisation,
    params: IdParams,
    body: UpdateOrganisation,
    ifMatch: true,
    etag: true,
    response: { status: 200, schema: Organisation, description: 'The updated organisation.' },
    handler: async ({ trx, principal, params, body, ifMatch, now, audit }) => {
      const { before, after } = await updateOrganisation(trx, principal, params.id, ifMatch, body, now);
      const column = (k: string) => (COLUMN_OF[k] ?? k) as keyof typeof before;
      const changed = Object.keys(body).filter((k) => before[column(k)] !== after[column(k)]);
      await audit({
        action: 'organisation.update',
        entityType: 'organisation',
        entityId: after.id,
        organisationId: after.id,
        details: { changed },
      });
      return { body: presentOrganisation(after), version: after.version };
    },
  }),
];
