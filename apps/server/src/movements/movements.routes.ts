import {
  BookPassenger,
  CreateLeg,
  CreateMovement,
  ExportManifest,
  FiguresQuery,
  IdParams,
  Leg,
  LegParams,
  Manifest,
  ManifestQuery,
  Movement,
  MovementFigures,
  MovementList,
  MovementListQuery,
  Passenger,
  type PassengerStep,
  Reception,
  ReceptionList,
  UpdateLeg,
  UpdatePassengerTravel,
} from '@corridor/contracts';
import { z } from 'zod';
import type { AuditEvent } from '../audit/audit.service.ts';
import { restrictedRead } from '../beneficiaries/beneficiaries.service.ts';
import type { Db } from '../db/database.ts';
import { hasAnyRole, type Principal } from '../http/principal.ts';
import { takeRateLimit } from '../http/rate-limit.ts';
import { type AnyRoute, defineRoute } from '../http/route.ts';
import { EXPORTS_PER_HOUR } from '../imports/imports.routes.ts';
import { MEDIA_TYPE, writeTable } from '../imports/tabular.ts';
import { updateLeg } from './legs.service.ts';
import { manifestPdf } from './manifest-pdf.ts';
import { movementFigures } from './movements.indicators.ts';
import { movementPolicies as policy } from './movements.policy.ts';
import {
  MANIFEST_COLUMNS,
  manifestRow,
  presentLeg,
  presentMovement,
  presentPassenger,
  presentReception,
  printedColumns,
  printedRow,
} from './movements.presenter.ts';
import * as svc from './movements.service.ts';
import type { MovementPassengerRow, MovementRow } from './movements.table.ts';

const movementBody = async (db: Db, m: MovementRow) => {
  const [f] = await svc.withFacts(db, [m]);
  return presentMovement(f!.row, f!.legs, f!.counts);
};

/**
 * A passenger as the caller may see them (a restricted person's identity only for staff on their sensitive case);
 * showing a restricted person is audited as a sensitive read (SECURITY.md D9).
 */
const passengerBody = async (
  db: Db,
  p: Principal,
  x: MovementPassengerRow,
  audit: (event: AuditEvent) => Promise<void>,
) => {
  const v = await svc.passengerView(db, p, x);
  if (v.restrictedShown) await audit(restrictedRead(x.beneficiary_id, x.organisation_id, 'passenger'));
  return presentPassenger(x, v.person, v.reception, v.hidden);
};

/** Audit entry of a passenger change: ids and statuses only, never the person's data. */
const passengerEvent = (x: MovementPassengerRow, action: string, details: Record<string, unknown> = {}) => ({
  action,
  entityType: 'movement_passenger',
  entityId: x.id,
  organisationId: x.organisation_id,
  purpose: 'assistance',
  details: { movementId: x.movement_id, status: x.status, ...details },
});

const STEP_PATHS: Record<PassengerStep, [string, string, string]> = {
  check_in: ['check-in', 'checkInPassenger', 'Check a passenger in (fit to travel and a travel document are required)'],
  depart: ['depart', 'departPassenger', 'Record that a checked-in passenger departed'],
  arrive: ['arrive', 'arrivePassenger', 'Record that a departed passenger arrived'],
  no_show: ['no-show', 'recordPassengerNoShow', 'Record a no-show (gives the seats back)'],
  cancel: ['cancel', 'cancelPassenger', 'Cancel a booking (gives the seats back)'],
};

const stepRoutes = (Object.keys(STEP_PATHS) as PassengerStep[]).map((step) => {
  const [path, operationId, summary] = STEP_PATHS[step];
  return defineRoute({
    method: 'POST',
    url: `/api/passengers/:id/${path}`,
    operationId,
    summary,
    tags: ['movements'],
    policy: policy.manage,
    params: IdParams,
    errors: ['invalid_transition', 'not_ready_to_travel', 'movement_not_under_way'],
    response: { status: 200, schema: Passenger, description: 'The passenger, in the new status.' },
    handler: async ({ trx, principal, params, now, audit }) => {
      const next = await svc.stepPassenger(trx, principal, params.id, step, now);
      await audit(passengerEvent(next, `passenger.${step}`));
      return { body: await passengerBody(trx, principal, next, audit), version: next.version };
    },
  });
});

/** Routes of movements: operations, legs, manifests, passengers, reception hand-overs and figures. */
export const movementRoutes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/api/movements',
    operationId: 'listMovements',
    summary: 'Movements of the caller’s organisation (type, status, crisis), with legs and passenger counts',
    tags: ['movements'],
    policy: policy.read,
    query: MovementListQuery,
    response: { status: 200, schema: MovementList, description: 'Movements, newest first.' },
    handler: async ({ db, principal, query }) => ({
      body: {
        items: (await svc.listMovements(db, principal, query)).map((f) => presentMovement(f.row, f.legs, f.counts)),
      },
    }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/movements',
    operationId: 'createMovement',
    summary: 'Create an evacuation, resettlement or voluntary-return movement with its legs',
    tags: ['movements'],
    policy: policy.manage,
    body: CreateMovement,
    checksWhenRefused: svc.movementChecks,
    creates: true,
    etag: true,
    errors: ['invalid_reference', 'conflict'],
    response: { status: 201, schema: Movement, description: 'The movement.' },
    handler: async ({ trx, principal, body, now, audit }) => {
      const m = await svc.createMovement(trx, principal, body, now);
      await audit({
        action: 'movement.create',
        entityType: 'movement',
        entityId: m.id,
        organisationId: m.organisation_id,
        details: { type: m.type, reference: m.reference, legs: body.legs.length, crisisId: m.crisis_id },
      });
      return { status: 201, body: await movementBody(trx, m), version: m.version };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/movements/:id',
    operationId: 'getMovement',
    summary: 'One movement with its legs (seats taken per leg) and passenger counts',
    tags: ['movements'],
    policy: policy.read,
    params: IdParams,
    etag: true,
    response: { status: 200, schema: Movement, description: 'The movement.' },
    handler: async ({ db, principal, params }) => {
      const m = await svc.getMovement(db, principal, params.id);
      return { body: await movementBody(db, m), version: m.version };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/movements/:id/legs',
    operationId: 'addMovementLeg',
    summary: 'Add a leg at the end of a movement',
    tags: ['movements'],
    policy: policy.manage,
    params: IdParams,
    body: CreateLeg,
    creates: true,
    errors: ['invalid_transition'],
    response: { status: 201, schema: Leg, description: 'The leg.' },
    handler: async ({ trx, principal, params, body, now, audit }) => {
      const leg = await svc.addLeg(trx, principal, params.id, body, now);
      await audit({
        action: 'movement.leg_add',
        entityType: 'movement',
        entityId: leg.movement_id,
        organisationId: leg.organisation_id,
        details: { seq: leg.seq, mode: leg.mode, capacity: leg.capacity },
      });
      return { status: 201, body: presentLeg(leg) };
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/movements/:id/legs/:legId',
    operationId: 'updateMovementLeg',
    summary: 'Change a leg’s mode, carrier, places, times or capacity before it departs (If-Match)',
    tags: ['movements'],
    policy: policy.manage,
    params: LegParams,
    body: UpdateLeg,
    ifMatch: true,
    etag: true,
    errors: ['invalid_transition', 'capacity_below_booked'],
    response: { status: 200, schema: Leg, description: 'The leg; ETag carries its version.' },
    handler: async ({ trx, principal, params, body, ifMatch, now, audit }) => {
      const { before, after } = await updateLeg(trx, principal, params.id, params.legId, ifMatch, body, now);
      await audit({
        action: 'movement.leg_update',
        entityType: 'movement',
        entityId: after.movement_id,
        organisationId: after.organisation_id,
        details: {
          legId: after.id,
          seq: after.seq,
          fields: Object.keys(body).sort(),
          capacity: { from: before.capacity, to: after.capacity },
          departsAt: { from: before.departs_at, to: after.departs_at },
        },
      });
      return { body: presentLeg(after), version: after.version };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/movements/:id/status',
    operationId: 'changeMovementStatus',
    summary: 'Start, complete or cancel a movement',
    tags: ['movements'],
    policy: policy.manage,
    params: IdParams,
    body: z.object({ status: z.enum(['in_progress', 'completed', 'cancelled']) }).strict(),
    errors: ['invalid_transition'],
    response: { status: 200, schema: Movement, description: 'The movement.' },
    handler: async ({ trx, principal, params, body, now, audit }) => {
      const m = await svc.changeMovementStatus(trx, principal, params.id, body.status, now);
      await audit({
        action: 'movement.status',
        entityType: 'movement',
        entityId: m.id,
        organisationId: m.organisation_id,
        details: { status: m.status },
      });
      return { body: await movementBody(trx, m), version: m.version };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/movements/:id/manifest',
    operationId: 'getManifest',
    summary: 'The passenger manifest (personal data: every read is audited)',
    tags: ['movements'],
    policy: policy.manifest,
    params: IdParams,
    query: ManifestQuery,
    transactional: true,
    response: { status: 200, schema: Manifest, description: 'Passengers in booking order.' },
    handler: async ({ trx, principal, params, query, audit }) => {
      const m = await svc.getMovement(trx, principal, params.id);
      const { items, shown } = await svc.manifestOf(trx, principal, m, query.status);
      for (const id of shown) await audit(restrictedRead(id, m.organisation_id, 'manifest'));
      await audit({
        action: 'movement.manifest_read',
        entityType: 'movement',
        entityId: m.id,
        organisationId: m.organisation_id,
        purpose: 'assistance',
        sensitiveRead: true,
        details: { passengers: items.length, status: query.status ?? null },
      });
      return {
        body: {
          movementId: m.id,
          reference: m.reference,
          items: items.map((i) => presentPassenger(i.row, i.person, i.reception, i.hidden)),
        },
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/movements/:id/manifest/export',
    operationId: 'exportManifest',
    summary: 'The printable manifest (PDF) or the manifest as CSV or XLSX (audited, rate-limited)',
    tags: ['movements'],
    policy: policy.manifest,
    params: IdParams,
    body: ExportManifest,
    transactional: true,
    errors: ['rate_limited'],
    response: { status: 200, schema: null, description: 'The file.' },
    handler: async ({ trx, principal, params, body, now, audit }) => {
      const m = await svc.getMovement(trx, principal, params.id);
      const bucket = `export:${principal.userId}`;
      await takeRateLimit(trx, bucket, EXPORTS_PER_HOUR, 3_600_000, now);
      const manifest = await svc.manifestOf(trx, principal, m);
      const items = manifest.items.filter((i) => i.row.status !== 'cancelled');
      const shown = new Set(items.map((i) => i.row.beneficiary_id));
      for (const id of manifest.shown) if (shown.has(id)) await audit(restrictedRead(id, m.organisation_id, 'export'));
      const passengers = items.map((i) => presentPassenger(i.row, i.person, i.reception, i.hidden));
      const rows = passengers.map((x, i) => manifestRow(i, x));
      await audit({
        action: 'export.run',
        entityType: 'movement',
        entityId: m.id,
        organisationId: m.organisation_id,
        purpose: 'assistance',
        sensitiveRead: true,
        details: { list: 'movement_manifest', format: body.format, rows: rows.length },
      });
      const stamp = now.toISOString().slice(0, 19).replace(/[-:]/g, '');
      const name = `manifest-${m.reference}-${stamp}Z.${body.format}`;
      if (body.format === 'pdf') {
        const legs = await svc.legsOfMovement(trx, m.id);
        const data = await manifestPdf(
          {
            title: `Passenger manifest ${m.reference} (${m.type.replace('_', ' ')})`,
            lines: [
              ...legs.map(
                (l) =>
                  `Leg ${l.seq}: ${l.carrier} ${l.service_number ?? ''} ${l.from_place} (${l.from_country}) ${l.departs_at.slice(0, 16).replace('T', ' ')} -> ${l.to_place} (${l.to_country}) ${l.arrives_at.slice(0, 16).replace('T', ' ')} UTC, ${l.booked}/${l.capacity} seats`,
              ),
              `Passengers: ${rows.length}. Printed ${now.toISOString().slice(0, 16).replace('T', ' ')} UTC. Personal data: handle under the organisation's data protection rules.`,
            ],
          },
          { columns: printedColumns(), rows: rows.map(printedRow) },
        );
        return { body: null, file: { contentType: 'application/pdf', filename: name, data } };
      }
      const data = await writeTable(body.format, 'Manifest', [MANIFEST_COLUMNS.map((c) => c.key), ...rows]);
      return { body: null, file: { contentType: MEDIA_TYPE[body.format], filename: name, data } };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/movements/:id/passengers',
    operationId: 'bookPassenger',
    summary: 'Book a person on every leg of the movement (never past a leg’s capacity)',
    tags: ['movements'],
    policy: policy.manage,
    params: IdParams,
    body: BookPassenger,
    creates: true,
    errors: ['leg_full', 'best_interest_required', 'invalid_reference', 'conflict', 'invalid_transition'],
    response: { status: 201, schema: Passenger, description: 'The passenger, booked.' },
    handler: async ({ trx, principal, params, body, now, audit }) => {
      const x = await svc.bookPassenger(trx, principal, params.id, body, now);
      await audit(passengerEvent(x, 'passenger.book', { caseId: x.case_id }));
      return { status: 201, body: await passengerBody(trx, principal, x, audit), version: x.version };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/passengers/:id',
    operationId: 'getPassenger',
    summary: 'One passenger (personal data: the read is audited)',
    tags: ['movements'],
    policy: policy.manifest,
    params: IdParams,
    transactional: true,
    etag: true,
    response: { status: 200, schema: Passenger, description: 'The passenger.' },
    handler: async ({ trx, principal, params, audit }) => {
      const x = await svc.getPassenger(trx, principal, params.id);
      await audit({ ...passengerEvent(x, 'passenger.read'), sensitiveRead: true });
      return { body: await passengerBody(trx, principal, x, audit), version: x.version };
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/passengers/:id/travel',
    operationId: 'updatePassengerTravel',
    summary: 'Fit-to-travel, medical escort and travel document of a passenger (If-Match)',
    tags: ['movements'],
    policy: policy.manage,
    params: IdParams,
    body: UpdatePassengerTravel,
    ifMatch: true,
    etag: true,
    errors: ['invalid_transition'],
    response: { status: 200, schema: Passenger, description: 'The passenger.' },
    handler: async ({ trx, principal, params, body, ifMatch, audit }) => {
      const x = await svc.updateTravel(trx, principal, params.id, ifMatch, body);
      await audit(
        passengerEvent(x, 'passenger.travel', {
          fitToTravel: body.fitToTravel,
          medicalEscort: body.medicalEscort,
          documentType: body.document?.type ?? null,
        }),
      );
      return { body: await passengerBody(trx, principal, x, audit), version: x.version };
    },
  }),
  ...stepRoutes,
  defineRoute({
    method: 'POST',
    url: '/api/passengers/:id/reception',
    operationId: 'sendReceptionHandover',
    summary: 'Hand a passenger over to the movement’s reception partner (only the data it needs)',
    tags: ['movements'],
    policy: policy.manage,
    params: IdParams,
    creates: true,
    errors: ['invalid_transition', 'basis_required', 'conflict'],
    response: { status: 201, schema: Reception, description: 'The hand-over as the partner sees it.' },
    handler: async ({ trx, principal, params, now, audit }) => {
      const { reception, movement } = await svc.sendReception(trx, principal, params.id, now);
      await audit({
        action: 'passenger.reception_send',
        entityType: 'movement_passenger',
        entityId: reception.passenger_id,
        organisationId: reception.organisation_id,
        purpose: 'referral',
        details: { movementId: movement.id, partnerOrganisationId: reception.partner_organisation_id },
      });
      return {
        status: 201,
        body: presentReception({ ...reception, movement_reference: movement.reference, movement_type: movement.type }),
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/receptions',
    operationId: 'listReceptions',
    summary: 'Hand-overs of arriving passengers addressed to the caller’s organisation (the read is audited)',
    tags: ['movements'],
    policy: policy.reception,
    query: z.object({ status: z.enum(['sent', 'received']).optional() }),
    transactional: true,
    response: { status: 200, schema: ReceptionList, description: 'Hand-overs, newest first.' },
    handler: async ({ trx, principal, query, audit }) => {
      const rows = await svc.receptionsForCaller(trx, principal, query.status);
      await audit({
        action: 'reception.list',
        entityType: 'reception',
        organisationId: principal.organisationId,
        purpose: 'assistance',
        sensitiveRead: true,
        details: { count: rows.length },
      });
      return { body: { items: rows.map(presentReception) } };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/receptions/:id/receive',
    operationId: 'receivePassenger',
    summary: 'The reception partner confirms it received the passenger (the passenger becomes arrived)',
    tags: ['movements'],
    policy: policy.reception,
    params: IdParams,
    errors: ['invalid_transition', 'movement_not_under_way'],
    response: { status: 200, schema: Reception, description: 'The hand-over.' },
    handler: async ({ trx, principal, params, now, audit }) => {
      const r = await svc.receivePassenger(trx, principal, params.id, now);
      await audit({
        action: 'reception.receive',
        entityType: 'reception',
        entityId: r.id,
        organisationId: principal.organisationId,
        purpose: 'assistance',
        details: { passengerId: r.passenger_id },
      });
      const [row] = (await svc.receptionsForCaller(trx, principal)).filter((x) => x.id === r.id);
      return { body: presentReception(row!) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/movement-figures',
    operationId: 'getMovementFigures',
    summary: 'People evacuated, resettled and returned (arrived) in a period, by month; no personal data',
    tags: ['movements'],
    policy: policy.figures,
    query: FiguresQuery,
    // Transactional so that an analyst's read and its audit entry are one unit.
    transactional: true,
    response: { status: 200, schema: MovementFigures, description: 'The figures.' },
    handler: async ({ trx, principal, query, audit }) => {
      const body = await movementFigures(trx, principal.organisationId, query.from, query.to);
      // Exact counts, small ones included: staff who run movements see the people themselves; for analysts and
      // administrators, who do not, this is an internal exact view, audited as the evidence base's exact reads are.
      if (!hasAnyRole(principal, 'operations_officer', 'supervisor'))
        await audit({
          action: 'movement.figures_read',
          entityType: 'organisation',
          entityId: principal.organisationId,
          organisationId: principal.organisationId,
          sensitiveRead: true,
          details: { from: query.from, to: query.to },
        });
      return { body };
    },
  }),
];
