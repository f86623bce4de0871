// Use cases of centres: create and change a centre and its services, closures, the staff day view and the
// throughput figures. Appointments are in appointments.service.ts.
import { randomUUID } from 'node:crypto';
import type { CentreService, CreateCentre, DayView, Throughput, UpdateCentre } from '@corridor/contracts';
import type { Db, Trx } from '../db/database.ts';
import { DomainError, invalidField, notFound } from '../errors.ts';
import { isPlatformAdmin, type Principal } from '../http/principal.ts';
import { withdrawRemindersOfDay } from './appointment-reminders.ts';
import { hoursOf, presentAppointment } from './centres.presenter.ts';
import * as repo from './centres.repository.ts';
import type { CentreRow, CentreServiceRow } from './centres.table.ts';
import { addDays, localDay, slotStarts, weekdayOf, zonedInstant } from './slots.ts';

/** A centre the caller may see: their own organisation's (another organisation's answers 404, like a missing one). */
export async function getCentre(db: Db, p: Principal, id: string): Promise<CentreRow> {
  const c = await repo.findCentre(db, id);
  if (!c || (c.organisation_id !== p.organisationId && !isPlatformAdmin(p))) throw notFound('centre');
  return c;
}

/** The caller's organisation's centres with their services. */
export async function listCentres(db: Db, p: Principal) {
  const rows = await repo.centresOf(db, p.organisationId);
  const services = await repo.servicesOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ row: r, services: services.get(r.id) ?? [] }));
}

/** The services of one centre. */
export async function servicesOfCentre(db: Db, centreId: string): Promise<CentreServiceRow[]> {
  return (await repo.servicesOf(db, [centreId])).get(centreId) ?? [];
}

const serviceRows = (centreId: string, body: CreateCentre): CentreServiceRow[] =>
  body.services.map((s) => ({
    centre_id: centreId,
    service: s.service,
    slot_minutes: s.slotMinutes,
    seats_per_slot: s.seatsPerSlot,
  }));

/** Creates a centre in the caller's organisation. */
export async function createCentre(trx: Trx, p: Principal, body: CreateCentre, now: Date): Promise<CentreRow> {
  const row: CentreRow = {
    id: randomUUID(),
    organisation_id: p.organisationId,
    name: body.name,
    country: body.country,
    pcode: body.pcode,
    address: body.address,
    time_zone: body.timeZone,
    opening_hours: JSON.stringify(body.openingHours),
    public_booking: body.publicBooking ? 1 : 0,
    active: body.active ? 1 : 0,
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
    version: 1,
  };
  await repo.insertCentre(trx, row);
  await repo.replaceServices(trx, row.id, serviceRows(row.id, body));
  return row;
}

/**
 * Replaces a centre's details, hours and services (If-Match). Bookings already made stay valid; future slots that
 * already have a counter take the new seats per slot, never fewer than are taken.
 */
export async function updateCentre(
  trx: Trx,
  p: Principal,
  id: string,
  version: number,
  body: UpdateCentre,
  now: Date,
): Promise<CentreRow> {
  const c = await getCentre(trx, p, id);
  const ok = await repo.updateCentreRow(trx, c.id, version, {
    name: body.name,
    country: body.country,
    pcode: body.pcode,
    address: body.address,
    time_zone: body.timeZone,
    opening_hours: JSON.stringify(body.openingHours),
    public_booking: body.publicBooking ? 1 : 0,
    active: body.active ? 1 : 0,
    updated_at: now.toISOString(),
  });
  if (!ok) throw new DomainError('precondition_failed', 'The centre has changed since you read it.');
  await repo.replaceServices(trx, c.id, serviceRows(c.id, body));
  const today = localDay(now, body.timeZone);
  for (const s of body.services) await repo.resizeFutureSlots(trx, c.id, s.service, today, s.seatsPerSlot);
  return (await repo.findCentre(trx, c.id))!;
}

/**
 * Closes a centre for a day (holiday, closure): today or a later day in the centre's time zone, as a past day has
 * nothing left to close. Existing bookings of that day stay for staff to rebook; their reminders still waiting in the
 * outbox are withdrawn (`remindersWithdrawn`).
 */
export async function addClosure(
  trx: Trx,
  p: Principal,
  centreId: string,
  body: { day: string; reason: string },
  now: Date,
) {
  const c = await getCentre(trx, p, centreId);
  if (body.day < localDay(now, c.time_zone)) throw invalidField('/day', 'must not lie in the past', 'not_past');
  if (await repo.closureOn(trx, c.id, body.day))
    throw new DomainError('conflict', 'The centre is already closed that day.');
  const row = {
    id: randomUUID(),
    centre_id: c.id,
    day: body.day,
    reason: body.reason,
    created_by: p.userId,
    created_at: now.toISOString(),
  };
  await repo.insertClosure(trx, row);
  const remindersWithdrawn = await withdrawRemindersOfDay(trx, c.id, body.day);
  return { centre: c, closure: row, remindersWithdrawn };
}

/** Removes a closure of one of the caller's centres. */
export async function removeClosure(trx: Trx, p: Principal, closureId: string) {
  const cl = await repo.findClosure(trx, closureId);
  if (!cl) throw notFound('closure');
  const c = await repo.findCentre(trx, cl.centre_id);
  if (!c || (c.organisation_id !== p.organisationId && !isPlatformAdmin(p))) throw notFound('closure');
  await repo.deleteClosure(trx, cl.id);
  return { centre: c, closure: cl };
}

/** The slots a service offers on a day, with their seats taken, or the reason the day offers none. */
export async function slotsOfDay(
  db: Db,
  c: CentreRow,
  services: CentreServiceRow[],
  day: string,
): Promise<{
  closed: string | null;
  slots: { service: CentreService; start: string; startsAt: string; capacity: number; booked: number }[];
}> {
  const closure = await repo.closureOn(db, c.id, day);
  if (closure) return { closed: closure.reason, slots: [] };
  const counters = new Map(
    (await repo.slotsOfDay(db, c.id, day)).map((s) => [`${s.service}|${s.start_time}`, s] as const),
  );
  const hours = hoursOf(c);
  const slots = services.flatMap((s) =>
    slotStarts(hours, weekdayOf(day), s.slot_minutes).map((start) => {
      const k = counters.get(`${s.service}|${start}`);
      return {
        service: s.service as CentreService,
        start,
        startsAt: zonedInstant(day, start, c.time_zone).toISOString(),
        capacity: k?.capacity ?? s.seats_per_slot,
        booked: k?.booked ?? 0,
      };
    }),
  );
  slots.sort((a, b) => a.start.localeCompare(b.start) || a.service.localeCompare(b.service));
  return { closed: null, slots };
}

/** The staff day view: every slot of the day with the appointments in it (cancelled ones included, marked). */
export async function dayView(db: Db, c: CentreRow, day: string, service?: CentreService): Promise<DayView> {
  const services = (await servicesOfCentre(db, c.id)).filter((s) => !service || s.service === service);
  const { closed, slots } = await slotsOfDay(db, c, services, day);
  const appts = (await repo.appointmentsOfDay(db, c.id, day)).filter((a) => !service || a.service === service);
  const bySlot = new Map<string, ReturnType<typeof presentAppointment>[]>();
  for (const a of appts) {
    const k = `${a.service}|${a.start_time}`;
    bySlot.set(k, [...(bySlot.get(k) ?? []), presentAppointment(a)]);
  }
  const out = slots.map((s) => ({ ...s, appointments: bySlot.get(`${s.service}|${s.start}`) ?? [] }));
  // Appointments whose slot is no longer offered (hours changed, day closed) still show, so staff can rebook them.
  for (const [k, list] of bySlot) {
    if (out.some((s) => `${s.service}|${s.start}` === k)) continue;
    const first = list[0]!;
    out.push({
      service: first.service,
      start: first.start,
      startsAt: first.startsAt,
      capacity: 0,
      booked: 0,
      appointments: list,
    });
  }
  return { centreId: c.id, day, closed, slots: out };
}

/** Longest range of a throughput report, in days. */
export const THROUGHPUT_MAX_DAYS = 366;

/**
 * Throughput per day: seats offered (capacity under the current hours and services, 0 on a closed day), booked
 * (not cancelled), served, no-shows, cancelled; no-show rate = no-shows / (served + no-shows); utilisation =
 * served / capacity.
 */
export async function throughput(db: Db, c: CentreRow, from: string, to: string): Promise<Throughput> {
  const span = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;
  if (span > THROUGHPUT_MAX_DAYS)
    throw new DomainError('validation_failed', 'The range is too long.', {
      errors: [
        {
          location: 'query',
          pointer: '/to',
          message: `at most ${THROUGHPUT_MAX_DAYS} days after from`,
          code: 'too_big',
        },
      ],
    });
  const services = await servicesOfCentre(db, c.id);
  const closed = new Set((await repo.closuresOf(db, c.id, from)).filter((x) => x.day <= to).map((x) => x.day));
  const counts = await repo.statusCounts(db, c.id, from, to);
  const hours = hoursOf(c);
  const days: Throughput['days'] = [];
  const totals = { capacity: 0, booked: 0, served: 0, noShows: 0, cancelled: 0 };
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const capacity = closed.has(d)
      ? 0
      : services.reduce((n, s) => n + slotStarts(hours, weekdayOf(d), s.slot_minutes).length * s.seats_per_slot, 0);
    const of = (st: string) => counts.filter((x) => x.day === d && x.status === st).reduce((n, x) => n + x.n, 0);
    const served = of('served');
    const noShows = of('no_show');
    const cancelled = of('cancelled');
    const booked = of('booked') + of('checked_in') + served + noShows;
    days.push({ day: d, capacity, booked, served, noShows, cancelled, ...rates(served, noShows, capacity) });
    totals.capacity += capacity;
    totals.booked += booked;
    totals.served += served;
    totals.noShows += noShows;
    totals.cancelled += cancelled;
  }
  return {
    centreId: c.id,
    from,
    to,
    days,
    totals: { ...totals, ...rates(totals.served, totals.noShows, totals.capacity) },
  };
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;
const rates = (served: number, noShows: number, capacity: number) => ({
  noShowRate: served + noShows === 0 ? null : round(noShows / (served + noShows)),
  utilisation: capacity === 0 ? null : round(served / capacity),
});
