import {
  IdParams,
  PublicBook,
  PublicBooking,
  PublicBookingLookup,
  PublicCentreList,
  PublicSlotList,
  PublicSlotsQuery,
} from '@corridor/contracts';
import type { AppDeps } from '../app-deps.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { notFound } from '../errors.ts';
import { addressKey, takeRateLimit } from '../http/rate-limit.ts';
import { type AnyRoute, defineRoute } from '../http/route.ts';
import { limitPublic } from '../public-site/public-page.ts';
import { bookByPublic, bookingByCode, cancelAppointment } from './appointments.service.ts';
import { centrePolicies as policy } from './centres.policy.ts';
import { presentPublicBooking, presentPublicCentre } from './centres.presenter.ts';
import { findCentre, publicCentres, servicesOf } from './centres.repository.ts';
import { servicesOfCentre, slotsOfDay } from './centres.service.ts';
import type { AppointmentRow } from './centres.table.ts';

/** Public bookings, look-ups and cancellations one client address may make per hour. */
export const PUBLIC_BOOKING_ATTEMPTS_PER_HOUR = 20;
const HOUR = 3_600_000;
const anonymousActor = { userId: null, organisationId: null, roles: ['anonymous'] as string[] };

/**
 * Counts one attempt of the client address, outside any transaction, so a failed attempt (a wrong code, a full
 * slot) still counts: a code cannot be guessed by trying.
 */
export async function publicAttempt(deps: AppDeps, ip: string, now: Date): Promise<void> {
  const bucket = `public-booking:${addressKey(deps.secretKey, ip)}`;
  await takeRateLimit(deps.database.db, bucket, PUBLIC_BOOKING_ATTEMPTS_PER_HOUR, HOUR, now);
}

/** A centre that takes public bookings, or 404. */
export async function publicCentre(deps: AppDeps, id: string) {
  const c = await findCentre(deps.database.db, id);
  if (c?.active !== 1 || c.public_booking !== 1) throw notFound('centre');
  return c;
}

const bookingEvent = (a: AppointmentRow, action: string) => ({
  action,
  entityType: 'appointment',
  entityId: a.id,
  organisationId: a.organisation_id,
  purpose: 'assistance',
  details: { centreId: a.centre_id, service: a.service, day: a.day, start: a.start_time, channel: 'public' },
});

/** Books on the public page in one transaction with its audit entry; returns the booking and its code. */
export async function publicBook(deps: AppDeps, body: PublicBook, now: Date) {
  const c = await publicCentre(deps, body.centreId);
  return deps.database.db.transaction().execute(async (trx) => {
    const r = await bookByPublic(trx, deps.secretKey, c, body, body.contact, now);
    await recordAudit(trx, deps.database.engine, anonymousActor, bookingEvent(r.row, 'appointment.book'), now);
    return { ...r, centre: c };
  });
}

/** Cancels the booking a code names, with its audit entry. */
export async function publicCancel(deps: AppDeps, code: string, now: Date) {
  return deps.database.db.transaction().execute(async (trx) => {
    const { appointment, centre } = await bookingByCode(trx, code);
    const next = await cancelAppointment(trx, appointment, now);
    await recordAudit(trx, deps.database.engine, anonymousActor, bookingEvent(next, 'appointment.cancel'), now);
    return { appointment: next, centre };
  });
}

/** The JSON API of public booking (no account): centres, free slots, book, look up and cancel with the code. */
export const centrePublicApiRoutes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/api/public/centres',
    operationId: 'listPublicCentres',
    summary: 'Centres that take public bookings, and their services',
    tags: ['public'],
    policy: policy.publicBooking,
    response: { status: 200, schema: PublicCentreList, description: 'Centres by country and name.' },
    handler: async (ctx) => {
      await limitPublic(ctx);
      const db = ctx.deps.database.db;
      const rows = await publicCentres(db);
      const s = await servicesOf(
        db,
        rows.map((r) => r.id),
      );
      return { body: { items: rows.map((r) => presentPublicCentre(r, s.get(r.id) ?? [])) } };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/public/centres/:id/slots',
    operationId: 'listPublicSlots',
    summary: 'The free seats of each slot of a service on a day (no names, counts only)',
    tags: ['public'],
    policy: policy.publicBooking,
    params: IdParams,
    query: PublicSlotsQuery,
    response: { status: 200, schema: PublicSlotList, description: 'Slots of the day with free seats.' },
    handler: async ({ deps, params, query, now, req }) => {
      await limitPublic({ deps, req, now });
      const c = await publicCentre(deps, params.id);
      const services = (await servicesOfCentre(deps.database.db, c.id)).filter((s) => s.service === query.service);
      const { closed, slots } = await slotsOfDay(deps.database.db, c, services, query.day);
      return {
        body: {
          day: query.day,
          closed: closed !== null,
          slots: slots
            .filter((s) => Date.parse(s.startsAt) > now.getTime())
            .map((s) => ({ start: s.start, startsAt: s.startsAt, free: Math.max(0, s.capacity - s.booked) })),
        },
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/public/appointments',
    operationId: 'bookPublicAppointment',
    summary: 'Book a slot without an account; the answer carries the booking code, shown once (rate-limited)',
    tags: ['public'],
    policy: policy.publicBooking,
    body: PublicBook,
    transactional: false,
    errors: ['slot_full', 'already_booked', 'slot_unavailable', 'rate_limited'],
    response: { status: 201, schema: PublicBooking, description: 'The booking, with its code.' },
    handler: async ({ deps, body, req, now }) => {
      await limitPublic({ deps, req, now });
      await publicAttempt(deps, req.ip, now);
      const r = await publicBook(deps, body, now);
      return { status: 201, body: presentPublicBooking(r.row, r.centre, r.code) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/public/appointments/lookup',
    operationId: 'lookUpPublicAppointment',
    summary: 'See a booking with its code (a POST so the code stays out of URLs and logs; rate-limited)',
    tags: ['public'],
    policy: policy.publicBooking,
    body: PublicBookingLookup,
    transactional: false,
    errors: ['rate_limited'],
    response: { status: 200, schema: PublicBooking, description: 'Where and when; never who.' },
    handler: async ({ deps, body, req, now }) => {
      await limitPublic({ deps, req, now });
      await publicAttempt(deps, req.ip, now);
      const { appointment, centre } = await bookingByCode(deps.database.db, body.code);
      return { body: presentPublicBooking(appointment, centre) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/public/appointments/cancel',
    operationId: 'cancelPublicAppointment',
    summary: 'Cancel a booking with its code; the seat is freed at once (rate-limited)',
    tags: ['public'],
    policy: policy.publicBooking,
    body: PublicBookingLookup,
    transactional: false,
    errors: ['rate_limited', 'invalid_transition'],
    response: { status: 200, schema: PublicBooking, description: 'The booking, cancelled.' },
    handler: async ({ deps, body, req, now }) => {
      await limitPublic({ deps, req, now });
      await publicAttempt(deps, req.ip, now);
      const r = await publicCancel(deps, body.code, now);
      return { body: presentPublicBooking(r.appointment, r.centre) };
    },
  }),
];
