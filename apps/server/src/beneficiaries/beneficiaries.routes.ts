import {
  Beneficiary,
  BeneficiaryListQuery,
  BeneficiarySummary,
  CreateBeneficiary,
  IdParams,
  page,
  SearchBeneficiaries,
  SearchResult,
  UpdateBeneficiary,
} from '@corridor/contracts';
import { defineRoute } from '../http/route.ts';
import { flagDuplicatesOf } from '../linkage/review.service.ts';
import { beneficiaryPolicies as policy } from './beneficiaries.policy.ts';
import { presentBeneficiary, presentBeneficiarySummary } from './beneficiaries.presenter.ts';
import { searchBeneficiaries } from './beneficiaries.search.ts';
import {
  createBeneficiary,
  documentsOfBeneficiary,
  getBeneficiary,
  listBeneficiaries,
  restrictedRead,
  standaloneChecks,
  updateBeneficiary,
} from './beneficiaries.service.ts';

/** Routes of the beneficiary registry. Names never travel in URLs: search is a POST with a body (D4). */
export const beneficiaryRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/beneficiaries',
    operationId: 'createBeneficiary',
    summary: 'Register a person (search first with POST /api/beneficiaries/search: it takes the same fields)',
    tags: ['beneficiaries'],
    policy: policy.writePersons,
    body: CreateBeneficiary,
    checksWhenRefused: (body, now) => standaloneChecks(body as Parameters<typeof standaloneChecks>[0], now),
    creates: true,
    etag: true,
    response: { status: 201, schema: Beneficiary, description: 'Registered; ETag carries the version.' },
    handler: async ({ trx, principal, body, now, audit }) => {
      const { row, documents } = await createBeneficiary(trx, principal, body, now);
      await audit({
        action: 'beneficiary.create',
        entityType: 'beneficiary',
        entityId: row.id,
        organisationId: row.organisation_id,
        purpose: 'assistance',
        details: { fields: Object.keys(body).sort() },
      });
      // Likely duplicates of the new person go to the review queue (docs/linkage.md).
      await flagDuplicatesOf(trx, principal, row, now);
      return {
        status: 201,
        body: presentBeneficiary(row, documents),
        version: row.version,
        headers: { location: `/api/beneficiaries/${row.id}` },
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/beneficiaries/search',
    operationId: 'searchBeneficiaries',
    summary: 'Find people by name in any script and spelling, document number, date of birth and place',
    tags: ['beneficiaries'],
    policy: policy.readPersons,
    body: SearchBeneficiaries,
    // Showing a restricted person is audited before the answer leaves (D9).
    transactional: 'audit',
    response: {
      status: 200,
      schema: SearchResult,
      description: 'Most likely first, with which fields matched; people the caller may not see are left out.',
    },
    handler: async ({ db, principal, body, audit }) => {
      const r = await searchBeneficiaries(db, principal, body);
      for (const h of r.hits)
        if (h.row.restricted === 1) await audit(restrictedRead(h.row.id, principal.organisationId, 'search'));
      return {
        body: {
          items: r.hits.map((h) => ({ beneficiary: presentBeneficiarySummary(h.row), match: h.match })),
          more: r.more,
        },
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/beneficiaries',
    operationId: 'listBeneficiaries',
    summary: 'People of the organisation by name, filtered by place, birth date, sex, status or household',
    tags: ['beneficiaries'],
    policy: policy.readPersons,
    query: BeneficiaryListQuery,
    transactional: 'audit',
    response: { status: 200, schema: page(BeneficiarySummary), description: 'A page of people.' },
    handler: async ({ db, principal, query, audit }) => {
      const r = await listBeneficiaries(db, principal, query);
      for (const b of r.items)
        if (b.restricted === 1) await audit(restrictedRead(b.id, principal.organisationId, 'list'));
      return { body: { items: r.items.map(presentBeneficiarySummary), next: r.next } };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/beneficiaries/:id',
    operationId: 'getBeneficiary',
    summary: 'One person (a restricted person only for staff on their sensitive case; the read is audited)',
    tags: ['beneficiaries'],
    policy: policy.readPersons,
    params: IdParams,
    etag: true,
    transactional: 'audit',
    response: { status: 200, schema: Beneficiary, description: 'The person; ETag carries the version.' },
    handler: async ({ db, principal, params, audit }) => {
      const b = await getBeneficiary(db, principal, params.id);
      if (b.restricted === 1) await audit(restrictedRead(b.id, b.organisation_id, 'record'));
      return { body: presentBeneficiary(b, await documentsOfBeneficiary(db, b.id)), version: b.version };
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/beneficiaries/:id',
    operationId: 'updateBeneficiary',
    summary: 'Change a person’s fields (If-Match required); names recompute the search keys',
    tags: ['beneficiaries'],
    policy: policy.writePersons,
    params: IdParams,
    body: UpdateBeneficiary,
    ifMatch: true,
    errors: ['invalid_transition'],
    etag: true,
    response: { status: 200, schema: Beneficiary, description: 'The changed person.' },
    handler: async ({ trx, principal, params, body, ifMatch, now, audit }) => {
      const b = await updateBeneficiary(trx, principal, params.id, ifMatch, body, now);
      await audit({
        action: 'beneficiary.update',
        entityType: 'beneficiary',
        entityId: b.id,
        organisationId: b.organisation_id,
        purpose: 'assistance',
        sensitiveRead: b.restricted === 1,
        details: { changed: Object.keys(body).sort() },
      });
      return { body: presentBeneficiary(b, await documentsOfBeneficiary(trx, b.id)), version: b.version };
    },
  }),
];
