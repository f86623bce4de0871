import { Case, CaseListQuery, CaseSummary, CreateCase, IdParams, page, UpdateCase } from '@corridor/contracts';
import { z } from 'zod';
import type { AnyRoute } from '../http/route.ts';
import { defineRoute } from '../http/route.ts';
import { caseType } from '../vocabularies/case-type.ts';
import { caseStatus } from '../vocabularies/htcds-case-status.ts';
import { vocabularyRoutes } from '../vocabularies/vocabularies.routes.ts';
import { assertQueryCode } from './case-forms.ts';
import { noticeCase } from './case-notices.ts';
import { sensitiveCaseRead } from './case-read-audit.ts';
import { caseRecordRoutes } from './case-records.routes.ts';
import { caseWorkflowRoutes } from './case-workflow.routes.ts';
import { casePolicies as policy } from './cases.policy.ts';
import { presentCase, presentCaseSummary } from './cases.presenter.ts';
import { getCase, listCasesFor, loadForm, openCase, personOf, updateCaseForm } from './cases.service.ts';

const ReadCaseQuery = z.object({
  reveal: z
    .enum(['names'])
    .optional()
    .describe('GBV cases hide the person’s names by default; `names` shows them to staff on the case (audited).'),
});

/** Writes echo what the caller wrote; the person's names are only ever read through GET (audited when sensitive). */
const writtenPerson = (row: { beneficiary_id: string }) => ({
  id: row.beneficiary_id,
  nameLatin: null,
  nameOriginal: null,
  namesHidden: true,
  anonymised: false,
});

const caseCoreRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/cases',
    operationId: 'openCase',
    summary: 'Open a case of one of the five types for a person (needs an assistance basis)',
    tags: ['cases'],
    policy: policy.work,
    body: CreateCase,
    creates: true,
    etag: true,
    errors: ['basis_required', 'invalid_reference', 'invalid_transition'],
    response: { status: 201, schema: Case, description: 'The case, with its form.' },
    handler: async ({ deps, trx, engine, principal, body, now, audit }) => {
      const { row, form } = await openCase(trx, engine, principal, body, now);
      // a case a supervisor opened for a colleague: the colleague is told
      await noticeCase(trx, row, 'assigned', { userId: row.assigned_to }, principal.userId, now, deps.config.publicUrl);
      await audit({
        action: 'case.open',
        entityType: 'case',
        entityId: row.id,
        organisationId: row.organisation_id,
        purpose: 'assistance',
        details: { caseType: row.type, sensitive: row.sensitive === 1, assignedTo: row.assigned_to },
      });
      return {
        status: 201,
        body: presentCase(row, { form, person: writtenPerson(row) }),
        version: row.version,
        headers: { location: `/api/cases/${row.id}` },
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/cases',
    operationId: 'listCases',
    summary: 'Cases the caller may see, newest first (sensitive ones they may not read are left out)',
    tags: ['cases'],
    policy: policy.read,
    query: CaseListQuery,
    response: { status: 200, schema: page(CaseSummary), description: 'A page of cases, without names or content.' },
    handler: async ({ db, principal, query }) => {
      if (query.status) assertQueryCode(caseStatus, query.status, '/status');
      if (query.type) assertQueryCode(caseType, query.type, '/type');
      const r = await listCasesFor(db, principal, query, true);
      return { body: { items: r.items.map(presentCaseSummary), next: r.next } };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/cases/:id',
    operationId: 'getCase',
    summary: 'One case; reading a sensitive case is audited',
    tags: ['cases'],
    policy: policy.read,
    params: IdParams,
    query: ReadCaseQuery,
    etag: true,
    // A sensitive read is audited before the answer leaves (D9).
    transactional: 'audit',
    response: { status: 200, schema: Case, description: 'The case; content only for staff who may read it.' },
    handler: async ({ db, principal, params, query, audit }) => {
      const { row, view } = await getCase(db, principal, params.id);
      if (view !== 'full') return { body: presentCase(row, null, view === 'managed'), version: row.version };
      const form = await loadForm(db, row);
      const person = await personOf(db, principal, row, query.reveal === 'names');
      const event = sensitiveCaseRead(row, 'case.read', [
        'form',
        'closure',
        person.namesHidden ? 'person.id' : 'person.names',
      ]);
      if (event) await audit(event);
      return { body: presentCase(row, { form, person }), version: row.version };
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/cases/:id',
    operationId: 'updateCase',
    summary: 'Replace the form of an open case (same type; If-Match required)',
    tags: ['cases'],
    policy: policy.work,
    params: IdParams,
    body: UpdateCase,
    ifMatch: true,
    etag: true,
    errors: ['invalid_transition'],
    response: { status: 200, schema: Case, description: 'The updated case.' },
    handler: async ({ trx, principal, params, body, ifMatch, now, audit }) => {
      const { row, form } = await updateCaseForm(trx, principal, params.id, ifMatch, body.form, now);
      await audit({
        action: 'case.update',
        entityType: 'case',
        entityId: row.id,
        organisationId: row.organisation_id,
        purpose: 'assistance',
        details: {
          fields: Object.keys(body.form)
            .filter((k) => k !== 'type')
            .sort(),
        },
      });
      return { body: presentCase(row, { form, person: writtenPerson(row) }), version: row.version };
    },
  }),
];

/** Routes of case management. */
export const caseRoutes: AnyRoute[] = [
  ...caseCoreRoutes,
  ...caseWorkflowRoutes,
  ...caseRecordRoutes,
  // The vocabularies live beside the cases that use them; routes.ts lists contexts, not this one.
  ...vocabularyRoutes,
] as AnyRoute[];
