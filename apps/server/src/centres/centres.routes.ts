import {
  Appointment,
  BookAppointment,
  Centre,
  CentreList,
  Closure,
  ClosureList,
  CreateCentre,
  CreateClosure,
  DayQuery,
  DayView,
  ExportThroughput,
  IdParams,
  RescheduleAppointment,
  Throughput,
  ThroughputQuery,
  UpdateCentre,
} from '@corridor/contracts';
import { askedInBody } from '../errors.ts';
import { takeRateLimit } from '../http/rate-limit.ts';
import { type AnyRoute, defineRoute } from '../http/route.ts';
import { EXPORTS_PER_HOUR } from '../imports/imports.routes.ts';
import { MEDIA_TYPE, type TableCell, writeTable } from '../imports/tabular.ts';
import {
  bookByStaff,
  cancelAppointment,
  getAppointment,
  recordAttendance,
  rescheduleAppointment,
} from './appointments.service.ts';
import { centrePolicies as policy } from './centres.policy.ts';
import { presentAppointment, presentCentre } from './centres.presenter.ts';
import { bookedOnDays, closuresOf } from './centres.repository.ts';
import {
  addClosure,
  createCentre,
  dayView,
  getCentre,
  listCentres,
  removeClosure,
  servicesOfCentre,
  throughput,
  updateCentre,
} from './centres.service.ts';
import type { AppointmentRow } from './centres.table.ts';

const presentClosure = (
  c: { id: string; centre_id: string; day: string; reason: string; created_at: string },
  toRebook: number,
) => ({
  id: c.id,
  centreId: c.centre_id,
  day: c.day,
  reason: c.reason,
  createdAt: c.created_at,
  toRebook,
});

/** Audit entry of an appointment change: ids and slot only, never the person's contact details. */
const apptEvent = (a: AppointmentRow, action: string, details: Record<string, unknown> = {}) => ({
  action,
  entityType: 'appointment',
  entityId: a.id,
  organisationId: a.organisation_id,
  purpose: 'assistance',
  details: { centreId: a.centre_id, service: a.service, day: a.day, start: a.start_time, ...details },
});

function attendanceRoute(step: 'check_in' | 'served' | 'no_show', path: string, summary: string) {
  return defineRoute({
    method: 'POST',
    url: `/api/appointments/:id/${path}`,
    operationId: { check_in: 'checkInAppointment', served: 'serveAppointment', no_show: 'recordNoShow' }[step],
    summary,
    tags: ['centres'],
    policy: policy.book,
    params: IdParams,
    errors: ['invalid_transition'],
    response: { status: 200, schema: Appointment, description: 'The appointment, in its new state.' },
    handler: async ({ trx, principal, params, now, audit }) => {
      const a = await getAppointment(trx, principal, params.id);
      const c = await getCentre(trx, principal, a.centre_id);
      const next = await recordAttendance(trx, c, a, step, now);
      await audit(apptEvent(next, `appointment.${step}`));
      return { body: presentAppointment(next) };
    },
  });
}

/** Routes of Visa Assistance Centres for the staff of the organisation that runs them. */
export const centreRoutes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/api/centres',
    operationId: 'listCentres',
    summary: 'The centres of the caller’s organisation, with services and daily capacity',
    tags: ['centres'],
    policy: policy.read,
    response: { status: 200, schema: CentreList, description: 'Centres by name.' },
    handler: async ({ db, principal }) => ({
      body: { items: (await listCentres(db, principal)).map((x) => presentCentre(x.row, x.services)) },
    }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/centres',
    operationId: 'createCentre',
    summary: 'Create a centre: location, time zone, opening hours and the services it offers',
    tags: ['centres'],
    policy: policy.manage,
    body: CreateCentre,
    creates: true,
    etag: true,
    response: { status: 201, schema: Centre, description: 'The centre.' },
    handler: async ({ trx, principal, body, now, audit }) => {
      const c = await createCentre(trx, principal, body, now);
      await audit({
        action: 'centre.create',
        entityType: 'centre',
        entityId: c.id,
        organisationId: c.organisation_id,
        details: { country: c.country, services: body.services.map((s) => s.service) },
      });
      return { status: 201, body: presentCentre(c, await servicesOfCentre(trx, c.id)), version: c.version };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/centres/:id',
    operationId: 'getCentre',
    summary: 'One centre',
    tags: ['centres'],
    policy: policy.read,
    params: IdParams,
    etag: true,
    response: { status: 200, schema: Centre, description: 'The centre.' },
    handler: async ({ db, principal, params }) => {
      const c = await getCentre(db, principal, params.id);
      return { body: presentCentre(c, await servicesOfCentre(db, c.id)), version: c.version };
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/centres/:id',
    operationId: 'updateCentre',
    summary: 'Replace a centre’s details, hours and services (If-Match); bookings already made stay',
    tags: ['centres'],
    policy: policy.manage,
    params: IdParams,
    body: UpdateCentre,
    ifMatch: true,
    etag: true,
    response: { status: 200, schema: Centre, description: 'The centre.' },
    handler: async ({ trx, principal, params, body, ifMatch, now, audit }) => {
      const c = await updateCentre(trx, principal, params.id, ifMatch, body, now);
      await audit({
        action: 'centre.update',
        entityType: 'centre',
        entityId: c.id,
        organisationId: c.organisation_id,
        details: { active: body.active, publicBooking: body.publicBooking, services: body.services },
      });
      return { body: presentCentre(c, await servicesOfCentre(trx, c.id)), version: c.version };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/centres/:id/closures',
    operationId: 'listCentreClosures',
    summary: 'The days a centre is closed (holidays, closures), from today on',
    tags: ['centres'],
    policy: policy.read,
    params: IdParams,
    response: { status: 200, schema: ClosureList, description: 'Closures by day.' },
    handler: async ({ db, principal, params, now }) => {
      const c = await getCentre(db, principal, params.id);
      const from = new Date(now.getTime() - 31 * 86_400_000).toISOString().slice(0, 10);
      const closures = await closuresOf(db, c.id, from);
      const booked = await bookedOnDays(
        db,
        c.id,
        closures.map((x) => x.day),
      );
      return { body: { items: closures.map((x) => presentClosure(x, booked.get(x.day) ?? 0)) } };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/centres/:id/closures',
    operationId: 'addCentreClosure',
    summary:
      'Close a centre for a day (no new bookings, check-ins or reminders that day; existing ones show for rebooking)',
    tags: ['centres'],
    policy: policy.manage,
    params: IdParams,
    body: CreateClosure,
    creates: true,
    response: { status: 201, schema: Closure, description: 'The closure.' },
    handler: async ({ trx, principal, params, body, now, audit }) => {
      const { centre, closure, remindersWithdrawn } = await addClosure(trx, principal, params.id, body, now);
      await audit({
        action: 'centre.closure_add',
        entityType: 'centre',
        entityId: centre.id,
        organisationId: centre.organisation_id,
        details: { day: closure.day, remindersWithdrawn },
      });
      const booked = await bookedOnDays(trx, centre.id, [closure.day]);
      return { status: 201, body: presentClosure(closure, booked.get(closure.day) ?? 0) };
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/centre-closures/:id',
    operationId: 'removeCentreClosure',
    summary: 'Reopen a closed day',
    tags: ['centres'],
    policy: policy.manage,
    params: IdParams,
    response: { status: 204, schema: null, description: 'Removed.' },
    handler: async ({ trx, principal, params, audit }) => {
      const { centre, closure } = await removeClosure(trx, principal, params.id);
      await audit({
        action: 'centre.closure_remove',
        entityType: 'centre',
        entityId: centre.id,
        organisationId: centre.organisation_id,
        details: { day: closure.day },
      });
      return { status: 204, body: null };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/centres/:id/day',
    operationId: 'getCentreDay',
    summary: 'A centre’s day: every slot with its seats and the appointments in it',
    tags: ['centres'],
    policy: policy.book,
    params: IdParams,
    query: DayQuery,
    response: { status: 200, schema: DayView, description: 'The day, slot by slot.' },
    handler: async ({ db, principal, params, query }) => {
      const c = await getCentre(db, principal, params.id);
      return { body: await dayView(db, c, query.day, query.service) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/centres/:id/appointments',
    operationId: 'bookAppointment',
    summary: 'Book a slot for a migrant (a registry person, or contact details only); never beyond capacity',
    tags: ['centres'],
    policy: policy.book,
    params: IdParams,
    body: BookAppointment,
    creates: true,
    errors: ['slot_full', 'already_booked', 'slot_unavailable'],
    response: { status: 201, schema: Appointment, description: 'The appointment.' },
    handler: async ({ trx, deps, principal, params, body, now, audit }) => {
      const c = await getCentre(trx, principal, params.id);
      const a = await bookByStaff(trx, deps.secretKey, principal, c, body, now);
      await audit(apptEvent(a, 'appointment.book', { beneficiaryId: a.beneficiary_id, channel: 'staff' }));
      return { status: 201, body: presentAppointment(a) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/appointments/:id',
    operationId: 'getAppointment',
    summary: 'One appointment',
    tags: ['centres'],
    policy: policy.book,
    params: IdParams,
    response: { status: 200, schema: Appointment, description: 'The appointment.' },
    handler: async ({ db, principal, params }) => ({
      body: presentAppointment(await getAppointment(db, principal, params.id)),
    }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/appointments/:id/cancel',
    operationId: 'cancelAppointment',
    summary: 'Cancel a booked appointment; its seat is freed at once',
    tags: ['centres'],
    policy: policy.book,
    params: IdParams,
    errors: ['invalid_transition'],
    response: { status: 200, schema: Appointment, description: 'The appointment, cancelled.' },
    handler: async ({ trx, principal, params, now, audit }) => {
      const a = await getAppointment(trx, principal, params.id);
      const next = await cancelAppointment(trx, a, now);
      await audit(apptEvent(next, 'appointment.cancel'));
      return { body: presentAppointment(next) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/appointments/:id/reschedule',
    operationId: 'rescheduleAppointment',
    summary: 'Move a booked appointment to another slot of the same service (takes the new seat, frees the old)',
    tags: ['centres'],
    policy: policy.book,
    params: IdParams,
    body: RescheduleAppointment,
    errors: ['invalid_transition', 'slot_full', 'already_booked', 'slot_unavailable'],
    response: { status: 200, schema: Appointment, description: 'The appointment, moved.' },
    handler: async ({ trx, deps, principal, params, body, now, audit }) => {
      const a = await getAppointment(trx, principal, params.id);
      const c = await getCentre(trx, principal, a.centre_id);
      const next = await rescheduleAppointment(trx, deps.secretKey, c, a, body, now);
      await audit(apptEvent(next, 'appointment.reschedule', { fromDay: a.day, fromStart: a.start_time }));
      return { body: presentAppointment(next) };
    },
  }),
  attendanceRoute('check_in', 'check-in', 'Check a person in on the day of their appointment (not on a closed day)'),
  attendanceRoute('served', 'served', 'Record that a checked-in person was served'),
  attendanceRoute('no_show', 'no-show', 'Record a no-show once the slot has begun'),
  defineRoute({
    method: 'GET',
    url: '/api/centres/:id/throughput',
    operationId: 'getCentreThroughput',
    summary: 'Throughput per day: capacity, booked, served, no-shows, no-show rate and utilisation',
    tags: ['centres'],
    policy: policy.figures,
    params: IdParams,
    query: ThroughputQuery,
    response: { status: 200, schema: Throughput, description: 'One row per day, and totals.' },
    handler: async ({ db, principal, params, query }) => {
      const c = await getCentre(db, principal, params.id);
      return { body: await throughput(db, c, query.from, query.to) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/centres/:id/throughput/export',
    operationId: 'exportCentreThroughput',
    summary: 'Export the throughput figures as CSV or XLSX (no personal data; audited)',
    tags: ['centres'],
    policy: policy.figures,
    params: IdParams,
    body: ExportThroughput,
    transactional: true,
    errors: ['rate_limited'],
    response: { status: 200, schema: null, description: 'The file: a header row, one row per day, a totals row.' },
    handler: async ({ trx, principal, params, body, now, audit }) => {
      const c = await getCentre(trx, principal, params.id);
      const bucket = `export:${principal.userId}`;
      await takeRateLimit(trx, bucket, EXPORTS_PER_HOUR, 3_600_000, now);
      const t = await askedInBody(() => throughput(trx, c, body.from, body.to));
      const rows: TableCell[][] = [
        ['day', 'capacity', 'booked', 'served', 'no_shows', 'cancelled', 'no_show_rate', 'utilisation'],
        ...[...t.days, { day: 'total', ...t.totals }].map((d) => [
          d.day,
          d.capacity,
          d.booked,
          d.served,
          d.noShows,
          d.cancelled,
          d.noShowRate,
          d.utilisation,
        ]),
      ];
      await audit({
        action: 'export.run',
        entityType: 'centre',
        entityId: c.id,
        organisationId: c.organisation_id,
        details: { list: 'centre_throughput', format: body.format, from: body.from, to: body.to, rows: t.days.length },
      });
      const stamp = now.toISOString().slice(0, 19).replace(/[-:]/g, '');
      return {
        body: null,
        file: {
          contentType: MEDIA_TYPE[body.format],
          filename: `centre-throughput-${stamp}Z.${body.format}`,
          data: await writeTable(body.format, 'Throughput', rows),
        },
      };
    },
  }),
];
