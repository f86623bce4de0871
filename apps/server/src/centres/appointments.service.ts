// Use cases of appointments: booking (by staff for a migrant, or by the migrant on the public page), cancelling,
// rescheduling, check-in, served and no-show. Capacity is enforced by the seat counter (takeSeat: a conditional
// UPDATE in the database); double booking of a person is refused by the unique hold key.
import { createHash, createHmac, randomInt, randomUUID } from 'node:crypto';
import { type BookAppointment, type CentreService, APPOINTMENT_REFUSALS as REFUSED } from '@corridor/contracts';
import { getBeneficiary } from '../beneficiaries/beneficiaries.service.ts';
import type { Db, Trx } from '../db/database.ts';
import { DomainError, notFound } from '../errors.ts';
import { isPlatformAdmin, type Principal } from '../http/principal.ts';
import { deleteMessagesAbout } from '../notifications/outbox.ts';
import { hoursOf } from './centres.presenter.ts';
import * as repo from './centres.repository.ts';
import { servicesOfCentre } from './centres.service.ts';
import type { AppointmentRow, AppointmentStatusValue, CentreRow } from './centres.table.ts';
import { addDays, localDay, slotStarts, weekdayOf, zonedInstant } from './slots.ts';

type Slot = { service: CentreService; day: string; start: string };
type Contact = { name: string; phone: string; email: string | null; locale: string } | null;

// The details of these refusals are the contracts' fixed sentences (APPOINTMENT_REFUSALS), which clients word by reason.
const unavailable = (why: string) => new DomainError('slot_unavailable', why);

/** How far ahead the public page takes bookings: days after the centre's today (staff may book further). */
export const PUBLIC_BOOKING_DAYS = 90;

/** The first and last days the public may book at a centre: its today, and PUBLIC_BOOKING_DAYS after it. */
export function publicBookingDays(c: CentreRow, now: Date): { first: string; last: string } {
  const first = localDay(now, c.time_zone);
  return { first, last: addDays(first, PUBLIC_BOOKING_DAYS) };
}

/** Checks that the centre offers the slot now, and returns its start instant and seats per slot. */
export async function offeredSlot(
  db: Db,
  c: CentreRow,
  s: Slot,
  now: Date,
): Promise<{ startsAt: Date; seats: number }> {
  if (c.active !== 1) throw unavailable(REFUSED.centre_inactive);
  const offer = (await servicesOfCentre(db, c.id)).find((x) => x.service === s.service);
  if (!offer) throw unavailable(REFUSED.service_not_offered);
  if (await repo.closureOn(db, c.id, s.day)) throw unavailable(REFUSED.day_closed);
  if (!slotStarts(hoursOf(c), weekdayOf(s.day), offer.slot_minutes).includes(s.start))
    throw unavailable(REFUSED.not_a_slot);
  const startsAt = zonedInstant(s.day, s.start, c.time_zone);
  if (startsAt.getTime() <= now.getTime()) throw unavailable(REFUSED.slot_begun);
  return { startsAt, seats: offer.seats_per_slot };
}

/**
 * Keyed hash of who an appointment is for, the day and the organisation running the centre: equal for the same
 * person and day, opaque otherwise. Scoped to the organisation so that one organisation's refusal never reveals
 * that a person has an appointment with another.
 */
const holdKey = (secretKey: Buffer, organisationId: string, person: string, day: string): string =>
  createHmac('sha256', secretKey).update(`appointment-hold\n${organisationId}\n${person}\n${day}`).digest('base64url');

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** A booking code: 8 characters from 32 unambiguous ones (40 bits), shown as XXXX-XXXX. */
const newCode = (): string => {
  let s = '';
  for (let i = 0; i < 8; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4)}`;
};
/** SHA-256 of a booking code without its dash: only the hash is stored. */
export const codeHash = (code: string): string =>
  createHash('sha256').update(code.replace('-', '').toUpperCase()).digest('hex');

type BookInput = {
  centre: CentreRow;
  slot: Slot;
  channel: 'staff' | 'public';
  beneficiaryId: string | null;
  contact: Contact;
  bookedBy: string | null;
};

/** Books a seat; the person key identifies the person for the no-double-booking rule. */
async function book(
  trx: Trx,
  secretKey: Buffer,
  input: BookInput,
  personKey: string,
  now: Date,
): Promise<{ row: AppointmentRow; code: string | null }> {
  const { centre: c, slot } = input;
  const { startsAt, seats } = await offeredSlot(trx, c, slot, now);
  const hold = holdKey(secretKey, c.organisation_id, personKey, slot.day);
  // A friendly answer for the common case; the unique index on hold_key is the guarantee under concurrency.
  if (await repo.appointmentHolding(trx, hold))
    throw new DomainError('already_booked', 'The person already has an appointment that day.');
  const took = await repo.takeSeat(
    trx,
    { centreId: c.id, service: slot.service, day: slot.day, start: slot.start },
    seats,
  );
  if (!took) throw new DomainError('slot_full', 'Every seat of this slot is taken; choose another slot.');
  const code = input.channel === 'public' ? newCode() : null;
  const row: AppointmentRow = {
    id: randomUUID(),
    organisation_id: c.organisation_id,
    centre_id: c.id,
    service: slot.service,
    day: slot.day,
    start_time: slot.start,
    starts_at: startsAt.toISOString(),
    status: 'booked',
    channel: input.channel,
    beneficiary_id: input.beneficiaryId,
    contact_name: input.contact?.name ?? null,
    contact_phone: input.contact?.phone ?? null,
    contact_email: input.contact?.email ?? null,
    contact_locale: input.contact?.locale ?? null,
    hold_key: hold,
    code_hash: code ? codeHash(code) : null,
    booked_by: input.bookedBy,
    booked_at: now.toISOString(),
    checked_in_at: null,
    served_at: null,
    no_show_at: null,
    cancelled_at: null,
    reminder_queued_at: null,
    version: 1,
  };
  await repo.insertAppointment(trx, row);
  return { row, code };
}

/** Staff book for a migrant: a person of the registry they may see, or someone known by contact details only. */
export async function bookByStaff(
  trx: Trx,
  secretKey: Buffer,
  p: Principal,
  c: CentreRow,
  body: BookAppointment,
  now: Date,
): Promise<AppointmentRow> {
  if (body.beneficiaryId) await getBeneficiary(trx, p, body.beneficiaryId);
  const personKey = body.beneficiaryId ? `b:${body.beneficiaryId}` : `p:${body.contact!.phone}`;
  const { row } = await book(
    trx,
    secretKey,
    {
      centre: c,
      slot: body,
      channel: 'staff',
      beneficiaryId: body.beneficiaryId,
      contact: body.contact,
      bookedBy: p.userId,
    },
    personKey,
    now,
  );
  return row;
}

/** A migrant books on the public page: the phone number identifies them; returns the booking code (shown once). */
export async function bookByPublic(
  trx: Trx,
  secretKey: Buffer,
  c: CentreRow,
  slot: Slot,
  contact: NonNullable<Contact>,
  now: Date,
): Promise<{ row: AppointmentRow; code: string }> {
  if (c.public_booking !== 1) throw notFound('centre');
  if (slot.day > publicBookingDays(c, now).last)
    throw unavailable(`Bookings are taken up to ${PUBLIC_BOOKING_DAYS} days ahead; choose an earlier day.`);
  const r = await book(
    trx,
    secretKey,
    { centre: c, slot, channel: 'public', beneficiaryId: null, contact, bookedBy: null },
    `p:${contact.phone}`,
    now,
  );
  return { row: r.row, code: r.code! };
}

/** An appointment at one of the caller's organisation's centres (another organisation's answers 404). */
export async function getAppointment(db: Db, p: Principal, id: string): Promise<AppointmentRow> {
  const a = await repo.findAppointment(db, id);
  if (!a || (a.organisation_id !== p.organisationId && !isPlatformAdmin(p))) throw notFound('appointment');
  return a;
}

const conflictState = (a: AppointmentRow, action: string) =>
  new DomainError('invalid_transition', `An appointment that is ${a.status.replace('_', ' ')} cannot be ${action}.`);

const seatOf = (a: AppointmentRow) => ({ centreId: a.centre_id, service: a.service, day: a.day, start: a.start_time });

/** Cancels a booked appointment and frees its seat; its queued reminder is withdrawn. */
export async function cancelAppointment(trx: Trx, a: AppointmentRow, now: Date): Promise<AppointmentRow> {
  const next = await repo.transitionAppointment(trx, a.id, 'booked', {
    status: 'cancelled',
    cancelled_at: now.toISOString(),
    hold_key: null,
  });
  if (!next) throw conflictState((await repo.findAppointment(trx, a.id)) ?? a, 'cancelled');
  await repo.freeSeat(trx, seatOf(a));
  await deleteMessagesAbout(trx, { type: 'appointment', id: a.id });
  return next;
}

/** Moves a booked appointment to another slot of the same centre and service: takes the new seat, frees the old. */
export async function rescheduleAppointment(
  trx: Trx,
  secretKey: Buffer,
  c: CentreRow,
  a: AppointmentRow,
  to: { day: string; start: string },
  now: Date,
): Promise<AppointmentRow> {
  if (a.status !== 'booked') throw conflictState(a, 'rescheduled');
  if (to.day === a.day && to.start === a.start_time) return a;
  const slot = { service: a.service as CentreService, day: to.day, start: to.start };
  const { startsAt, seats } = await offeredSlot(trx, c, slot, now);
  const personKey = a.beneficiary_id ? `b:${a.beneficiary_id}` : `p:${a.contact_phone}`;
  const hold = holdKey(secretKey, c.organisation_id, personKey, to.day);
  if (to.day !== a.day && (await repo.appointmentHolding(trx, hold)))
    throw new DomainError('already_booked', 'The person already has an appointment that day.');
  if (!(await repo.takeSeat(trx, { centreId: c.id, ...slot }, seats)))
    throw new DomainError('slot_full', 'Every seat of this slot is taken; choose another slot.');
  const next = await repo.transitionAppointment(trx, a.id, 'booked', {
    day: to.day,
    start_time: to.start,
    starts_at: startsAt.toISOString(),
    hold_key: hold,
    reminder_queued_at: null,
  });
  if (!next) throw conflictState((await repo.findAppointment(trx, a.id)) ?? a, 'rescheduled');
  await repo.freeSeat(trx, seatOf(a));
  await deleteMessagesAbout(trx, { type: 'appointment', id: a.id });
  return next;
}

/**
 * Attendance steps: checked in on the day, served after check-in, no-show once the slot has begun; neither a check-in
 * nor a no-show on a day the centre is closed.
 */
export async function recordAttendance(
  trx: Trx,
  c: CentreRow,
  a: AppointmentRow,
  step: 'check_in' | 'served' | 'no_show',
  now: Date,
): Promise<AppointmentRow> {
  const at = now.toISOString();
  const from: AppointmentStatusValue = step === 'served' ? 'checked_in' : 'booked';
  if (a.status !== from)
    throw conflictState(a, step === 'check_in' ? 'checked in' : `marked ${step.replace('_', ' ')}`);
  if (step === 'check_in' && localDay(now, c.time_zone) !== a.day)
    throw new DomainError('invalid_transition', REFUSED.check_in_not_today);
  // Nobody is received on a day the centre has closed: its people are to be rebooked (the closure's toRebook), so
  // nobody is checked in, nor counted as not having come (a no-show would also free their hold and count against the
  // centre's no-show rate for a day it did not open).
  if (step !== 'served' && (await repo.closureOn(trx, c.id, a.day)))
    throw new DomainError('invalid_transition', REFUSED.day_closed);
  if (step === 'no_show' && now.getTime() < Date.parse(a.starts_at))
    throw new DomainError('invalid_transition', REFUSED.no_show_too_early);
  const fields =
    step === 'check_in'
      ? { status: 'checked_in' as const, checked_in_at: at }
      : step === 'served'
        ? { status: 'served' as const, served_at: at }
        : { status: 'no_show' as const, no_show_at: at, hold_key: null };
  const next = await repo.transitionAppointment(trx, a.id, from, fields);
  if (!next) throw conflictState((await repo.findAppointment(trx, a.id)) ?? a, 'changed');
  return next;
}

/** The booking a public code names, or 404 (the same for a wrong code and a missing booking). */
export async function bookingByCode(db: Db, code: string): Promise<{ appointment: AppointmentRow; centre: CentreRow }> {
  const a = await repo.appointmentByCode(db, codeHash(code));
  const c = a ? await repo.findCentre(db, a.centre_id) : undefined;
  if (!a || !c) throw notFound('booking');
  return { appointment: a, centre: c };
}
