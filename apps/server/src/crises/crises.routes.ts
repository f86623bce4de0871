import {
  AcceptEvacuationRequest,
  BookEvacuationRequest,
  CreateCrisis,
  CreateEvacuationRequest,
  CreateFocalPoint,
  Crisis,
  CrisisList,
  CrisisListQuery,
  DeclineEvacuationRequest,
  EvacuationRequest,
  EvacuationRequestList,
  EvacuationRequestQuery,
  ExportCrises,
  ExportEvacuationRequests,
  FocalPoint,
  FocalPointList,
  IdParams,
  PlaceList,
  PlacesQuery,
  PopulationFigure,
  PopulationList,
  RecordPopulation,
  UpdateCrisis,
} from '@corridor/contracts';
import type { AuditEvent } from '../audit/audit.service.ts';
import { restrictedAmong, restrictedRead, standaloneChecks } from '../beneficiaries/beneficiaries.service.ts';
import type { Db } from '../db/database.ts';
import { futureDaysIn } from '../errors.ts';
import type { Principal } from '../http/principal.ts';
import { type AnyRoute, defineRoute } from '../http/route.ts';
import { crisesTable, requestsTable } from './crises.export.ts';
import { crisisPolicies as policy } from './crises.policy.ts';
import { presentCrisis, presentFocalPoint, presentPopulation, presentRequest } from './crises.presenter.ts';
import * as svc from './crises.service.ts';
import type { CrisisRow, EvacuationRequestRow } from './crises.table.ts';
import { tableExportRoute } from './operations-export.ts';
import { placesOf } from './pcodes.ts';

const crisisBody = async (db: Db, c: CrisisRow) => presentCrisis((await svc.crisisFacts(db, [c]))[0]!);

/** Audit entry of a request change: ids and statuses only, never the person's name or phone. */
/**
 * Requests as the caller may see them: a person restricted since (a sensitive case) without their identity unless
 * the caller is on that case, and each restricted person shown audited as a sensitive read (SECURITY.md D4, D9).
 */
async function requestsBody(
  db: Db,
  p: Principal,
  rows: readonly EvacuationRequestRow[],
  audit: (event: AuditEvent) => Promise<void>,
): Promise<EvacuationRequest[]> {
  const linked = rows.flatMap((r) => (r.beneficiary_id ? [r.beneficiary_id] : []));
  const { hidden, shown } = await restrictedAmong(db, p, linked);
  for (const id of shown) await audit(restrictedRead(id, p.organisationId, 'evacuation_request'));
  return rows.map((r) => presentRequest(r, r.beneficiary_id !== null && hidden.has(r.beneficiary_id)));
}

const requestBody = async (
  db: Db,
  p: Principal,
  r: EvacuationRequestRow,
  audit: (event: AuditEvent) => Promise<void>,
) => (await requestsBody(db, p, [r], audit))[0]!;

const requestEvent = (r: EvacuationRequestRow, action: string, details: Record<string, unknown> = {}) => ({
  action,
  entityType: 'evacuation_request',
  entityId: r.id,
  organisationId: r.organisation_id,
  purpose: 'assistance',
  details: { crisisId: r.crisis_id, channel: r.channel, status: r.status, ...details },
});

/** Routes of crises: registry, affected populations, consular focal points, evacuation requests. */
export const crisisRoutes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/api/places',
    operationId: 'listPlaces',
    summary: 'Places of a country by OCHA’s p-code list (admin 1 and 2), found by name or p-code',
    tags: ['crises'],
    policy: policy.places,
    query: PlacesQuery,
    response: { status: 200, schema: PlaceList, description: 'The places, admin level 1 then 2, in the list’s order.' },
    handler: async ({ query }) => {
      const items = placesOf(query.country, query);
      return { body: { covered: items !== null, items: items ?? [] } };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/crises',
    operationId: 'listCrises',
    summary: 'Crises of the caller’s organisation (status, country, emergency level)',
    tags: ['crises'],
    policy: policy.read,
    query: CrisisListQuery,
    response: { status: 200, schema: CrisisList, description: 'Crises, newest start first.' },
    handler: async ({ db, principal, query }) => ({
      body: { items: (await svc.crisisFacts(db, await svc.listCrises(db, principal, query))).map(presentCrisis) },
    }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/crises',
    operationId: 'createCrisis',
    summary: 'Open a crisis: country, affected areas (p-codes), start, emergency level',
    tags: ['crises'],
    policy: policy.manage,
    body: CreateCrisis,
    checksWhenRefused: (body, now) => futureDaysIn(body, ['startedOn'], now),
    creates: true,
    etag: true,
    errors: ['conflict'],
    response: { status: 201, schema: Crisis, description: 'The crisis.' },
    handler: async ({ trx, principal, body, now, audit }) => {
      const c = await svc.createCrisis(trx, principal, body, now);
      await audit({
        action: 'crisis.create',
        entityType: 'crisis',
        entityId: c.id,
        organisationId: c.organisation_id,
        details: { code: c.code, country: c.country, level: c.emergency_level, areas: body.areas.length },
      });
      return { status: 201, body: await crisisBody(trx, c), version: c.version };
    },
  }),
  tableExportRoute({
    url: '/api/crises/export',
    operationId: 'exportCrises',
    summary:
      'Crises with their affected migrant population by nationality and place (CSV or XLSX, HXL row; counts only; audited)',
    tags: ['crises'],
    policy: policy.read,
    body: ExportCrises,
    list: 'crises',
    sheet: 'Crises',
    errors: ['export_too_large'],
    read: async ({ trx, principal, filters, maxRows }) => ({
      ...(await crisesTable(trx, principal, filters, maxRows)),
      personal: false,
      file: 'crises',
    }),
  }),
  tableExportRoute({
    url: '/api/crises/:id/evacuation-requests/export',
    operationId: 'exportEvacuationRequests',
    summary:
      'The evacuation requests of a crisis as CSV or XLSX (personal data: columns by role; audited, rate-limited)',
    tags: ['crises'],
    policy: policy.requests,
    params: IdParams,
    body: ExportEvacuationRequests,
    list: 'evacuation_requests',
    sheet: 'Evacuation requests',
    errors: ['export_too_large'],
    read: async ({ trx, principal, params, filters, maxRows }) => {
      const c = await svc.getCrisis(trx, principal, params.id);
      return {
        ...(await requestsTable(trx, principal, c, filters, maxRows)),
        personal: true,
        subject: { entityType: 'crisis', entityId: c.id, organisationId: c.organisation_id },
        file: `evacuation-requests-${c.code}`,
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/crises/:id',
    operationId: 'getCrisis',
    summary: 'One crisis',
    tags: ['crises'],
    policy: policy.read,
    params: IdParams,
    etag: true,
    response: { status: 200, schema: Crisis, description: 'The crisis.' },
    handler: async ({ db, principal, params }) => {
      const c = await svc.getCrisis(db, principal, params.id);
      return { body: await crisisBody(db, c), version: c.version };
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/crises/:id',
    operationId: 'updateCrisis',
    summary: 'Change a crisis’s name, areas, emergency level and status (If-Match)',
    tags: ['crises'],
    policy: policy.manage,
    params: IdParams,
    body: UpdateCrisis,
    ifMatch: true,
    etag: true,
    response: { status: 200, schema: Crisis, description: 'The crisis.' },
    handler: async ({ trx, principal, params, body, ifMatch, now, audit }) => {
      const c = await svc.updateCrisis(trx, principal, params.id, ifMatch, body, now);
      await audit({
        action: 'crisis.update',
        entityType: 'crisis',
        entityId: c.id,
        organisationId: c.organisation_id,
        details: { level: body.emergencyLevel, status: body.status, areas: body.areas.length },
      });
      return { body: await crisisBody(trx, c), version: c.version };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/crises/:id/populations',
    operationId: 'listCrisisPopulations',
    summary: 'Affected migrant population by nationality and place (every report, and the latest per nationality)',
    tags: ['crises'],
    policy: policy.read,
    params: IdParams,
    response: { status: 200, schema: PopulationList, description: 'Reports and totals.' },
    handler: async ({ db, principal, params }) => {
      const c = await svc.getCrisis(db, principal, params.id);
      const rows = await svc.populationsOf(db, c.id);
      const latest = [...svc.latestByNationality(rows).entries()]
        .map(([nationality, people]) => ({ nationality, people }))
        .sort((a, b) => b.people - a.people || a.nationality.localeCompare(b.nationality));
      return { body: { items: rows.map(presentPopulation), latestByNationality: latest } };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/crises/:id/populations',
    operationId: 'recordCrisisPopulation',
    summary: 'Record the affected migrant population of one nationality at one place on a day',
    tags: ['crises'],
    policy: policy.manage,
    params: IdParams,
    body: RecordPopulation,
    creates: true,
    errors: ['conflict'],
    response: { status: 201, schema: PopulationFigure, description: 'The report.' },
    handler: async ({ trx, principal, params, body, now, audit }) => {
      const { crisis, row } = await svc.recordPopulation(trx, principal, params.id, body, now);
      await audit({
        action: 'crisis.population_record',
        entityType: 'crisis',
        entityId: crisis.id,
        organisationId: crisis.organisation_id,
        details: { nationality: row.nationality, pcode: row.pcode, people: row.people, reportedOn: row.reported_on },
      });
      return { status: 201, body: presentPopulation(row) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/crises/:id/focal-points',
    operationId: 'listFocalPoints',
    summary: 'Consular focal points of the crisis, by nationality',
    tags: ['crises'],
    policy: policy.read,
    params: IdParams,
    response: { status: 200, schema: FocalPointList, description: 'Focal points.' },
    handler: async ({ db, principal, params }) => {
      const c = await svc.getCrisis(db, principal, params.id);
      return { body: { items: (await svc.focalPointsOf(db, c.id)).map(presentFocalPoint) } };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/crises/:id/focal-points',
    operationId: 'addFocalPoint',
    summary: 'Add a consular focal point for a nationality',
    tags: ['crises'],
    policy: policy.manage,
    params: IdParams,
    body: CreateFocalPoint,
    creates: true,
    response: { status: 201, schema: FocalPoint, description: 'The focal point.' },
    handler: async ({ trx, principal, params, body, now, audit }) => {
      const { crisis, row } = await svc.addFocalPoint(trx, principal, params.id, body, now);
      await audit({
        action: 'crisis.focal_point_add',
        entityType: 'crisis',
        entityId: crisis.id,
        organisationId: crisis.organisation_id,
        details: { focalPointId: row.id, nationality: row.nationality },
      });
      return { status: 201, body: presentFocalPoint(row) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/crises/:id/evacuation-requests',
    operationId: 'listEvacuationRequests',
    summary: 'Evacuation requests of a crisis, oldest first (names and phones: the read is audited)',
    tags: ['crises'],
    policy: policy.requests,
    params: IdParams,
    query: EvacuationRequestQuery,
    transactional: true,
    response: { status: 200, schema: EvacuationRequestList, description: 'Requests.' },
    handler: async ({ trx, principal, params, query, audit }) => {
      const c = await svc.getCrisis(trx, principal, params.id);
      const rows = await svc.requestsOfCrisis(trx, c, query);
      await audit({
        action: 'crisis.requests_read',
        entityType: 'crisis',
        entityId: c.id,
        organisationId: c.organisation_id,
        purpose: 'assistance',
        sensitiveRead: true,
        details: { count: rows.length, status: query.status ?? null },
      });
      return { body: { items: await requestsBody(trx, principal, rows, audit) } };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/crises/:id/evacuation-requests',
    operationId: 'createEvacuationRequest',
    summary: 'Take an evacuation request from a person or from their consulate',
    tags: ['crises'],
    policy: policy.requests,
    params: IdParams,
    body: CreateEvacuationRequest,
    checksWhenRefused: (body, now) =>
      standaloneChecks({ dateOfBirth: (body as { dateOfBirth?: unknown }).dateOfBirth }, now),
    creates: true,
    errors: ['invalid_reference', 'invalid_transition'],
    response: { status: 201, schema: EvacuationRequest, description: 'The request.' },
    handler: async ({ trx, principal, params, body, now, audit }) => {
      const r = await svc.createRequest(trx, principal, params.id, body, now);
      await audit(requestEvent(r, 'evacuation_request.create', { nationality: r.nationality }));
      return { status: 201, body: await requestBody(trx, principal, r, audit) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/evacuation-requests/:id/accept',
    operationId: 'acceptEvacuationRequest',
    summary: 'Accept a request: register the person, record the basis for assistance and open their case',
    tags: ['crises'],
    policy: policy.accept,
    params: IdParams,
    body: AcceptEvacuationRequest,
    errors: ['invalid_transition', 'invalid_reference'],
    response: { status: 200, schema: EvacuationRequest, description: 'The request, accepted, with person and case.' },
    handler: async ({ trx, engine, principal, params, body, now, audit }) => {
      const { request, caseRow } = await svc.acceptRequest(trx, engine, principal, params.id, body, now);
      await audit(requestEvent(request, 'evacuation_request.accept', { caseId: caseRow.id, caseType: caseRow.type }));
      return { body: await requestBody(trx, principal, request, audit) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/evacuation-requests/:id/decline',
    operationId: 'declineEvacuationRequest',
    summary: 'Decline a request, with the reason',
    tags: ['crises'],
    policy: policy.requests,
    params: IdParams,
    body: DeclineEvacuationRequest,
    errors: ['invalid_transition'],
    response: { status: 200, schema: EvacuationRequest, description: 'The request, declined.' },
    handler: async ({ trx, principal, params, body, now, audit }) => {
      const r = await svc.declineRequest(trx, principal, params.id, body.reason, now);
      await audit(requestEvent(r, 'evacuation_request.decline'));
      return { body: await requestBody(trx, principal, r, audit) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/evacuation-requests/:id/book',
    operationId: 'bookEvacuationRequest',
    summary: 'Book an accepted request’s person on an evacuation movement of the crisis',
    tags: ['crises'],
    policy: policy.requests,
    params: IdParams,
    body: BookEvacuationRequest,
    errors: ['invalid_transition', 'invalid_reference', 'leg_full', 'best_interest_required', 'conflict'],
    response: { status: 200, schema: EvacuationRequest, description: 'The request, booked.' },
    handler: async ({ trx, principal, params, body, now, audit }) => {
      const { request, passenger } = await svc.bookRequest(trx, principal, params.id, body.movementId, now);
      await audit(
        requestEvent(request, 'evacuation_request.book', {
          passengerId: passenger.id,
          movementId: passenger.movement_id,
        }),
      );
      return { body: await requestBody(trx, principal, request, audit) };
    },
  }),
];
