// Demo Visa Assistance Centres (clearly demo: "[Demo]" in every name) in Iraq, Lebanon and South Sudan, with two
// weeks of past appointments (served, no-shows, cancellations: the throughput report has figures) and a week of
// upcoming bookings. Contacts are invented and use reserved-looking numbers. Seat counters go through the same
// conditional UPDATE as a live booking, so the demo can never hold more bookings than seats.
import { randomUUID } from 'node:crypto';
import type { CreateCentre, Role } from '@corridor/contracts';
import { hoursOf } from '../centres/centres.presenter.ts';
import * as repo from '../centres/centres.repository.ts';
import { createCentre, servicesOfCentre } from '../centres/centres.service.ts';
import type { AppointmentRow } from '../centres/centres.table.ts';
import { addDays, localDay, slotStarts, weekdayOf, zonedInstant } from '../centres/slots.ts';
import type { Database } from '../db/database.ts';
import type { Principal } from '../http/principal.ts';

type DemoUsers = Map<string, { id: string; organisationId: string; roles: Role[] }>;

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const weekdays = (from: string, to: string) => ({
  sun: [[from, to]] as [string, string][],
  mon: [[from, to]] as [string, string][],
  tue: [[from, to]] as [string, string][],
  wed: [[from, to]] as [string, string][],
  thu: [[from, to]] as [string, string][],
});

/** The demo centres, by the email of the staff member of the organisation that runs them. */
const CENTRES: { by: string; body: CreateCentre }[] = [
  {
    by: 'supervisor.irq@demo.corridor.invalid',
    body: {
      name: '[Demo] Erbil Visa Assistance Centre',
      country: 'IRQ',
      pcode: 'IQG11',
      address: '[Demo] 100th Street, Erbil',
      timeZone: 'Asia/Baghdad',
      openingHours: weekdays('08:00', '14:00'),
      services: [
        { service: 'visa_application_support', slotMinutes: 30, seatsPerSlot: 3 },
        { service: 'document_check', slotMinutes: 20, seatsPerSlot: 2 },
        { service: 'biometrics_enrolment', slotMinutes: 15, seatsPerSlot: 2 },
      ],
      publicBooking: true,
      active: true,
    },
  },
  {
    by: 'supervisor.irq@demo.corridor.invalid',
    body: {
      name: '[Demo] Baghdad service point',
      country: 'IRQ',
      pcode: 'IQG08',
      address: '[Demo] Karrada, Baghdad',
      timeZone: 'Asia/Baghdad',
      openingHours: weekdays('09:00', '13:00'),
      services: [
        { service: 'pre_departure_orientation', slotMinutes: 60, seatsPerSlot: 12 },
        { service: 'information_counselling', slotMinutes: 30, seatsPerSlot: 1 },
      ],
      publicBooking: true,
      active: true,
    },
  },
  {
    by: 'admin.ssd@demo.corridor.invalid',
    body: {
      name: '[Demo] Juba migrant service point',
      country: 'SSD',
      pcode: 'SS01',
      address: '[Demo] Ministries Road, Juba',
      timeZone: 'Africa/Juba',
      openingHours: { mon: [['09:00', '12:00']], wed: [['09:00', '12:00']], fri: [['09:00', '12:00']] },
      services: [
        { service: 'document_check', slotMinutes: 30, seatsPerSlot: 2 },
        { service: 'health_assessment', slotMinutes: 30, seatsPerSlot: 1 },
      ],
      publicBooking: true,
      active: true,
    },
  },
];

const NAMES = [
  'Ahmed K.',
  'Sara M.',
  'Yusuf A.',
  'Mariam H.',
  'John D.',
  'Grace A.',
  'Ali R.',
  'Noor S.',
  'Deng M.',
  'Aisha T.',
];

/** Seeds the demo centres and their appointments; returns how many appointments it made. */
export async function seedDemoCentres(database: Database, users: DemoUsers, now: Date): Promise<number> {
  const random = rng(20261128);
  let made = 0;
  await database.db.transaction().execute(async (trx) => {
    for (const { by, body } of CENTRES) {
      const u = users.get(by);
      if (!u) continue;
      const p: Principal = {
        kind: 'session',
        userId: u.id,
        id: u.id,
        organisationId: u.organisationId,
        roles: u.roles,
        secondFactor: 'none',
      };
      const c = await createCentre(trx, p, body, now);
      const services = await servicesOfCentre(trx, c.id);
      const today = localDay(now, c.time_zone);
      const holiday = addDays(today, 3);
      await repo.insertClosure(trx, {
        id: randomUUID(),
        centre_id: c.id,
        day: holiday,
        reason: '[Demo] Public holiday',
        created_by: u.id,
        created_at: now.toISOString(),
      });
      for (let d = -14; d <= 7; d++) {
        const day = addDays(today, d);
        if (d === 3) continue;
        for (const s of services) {
          for (const start of slotStarts(hoursOf(c), weekdayOf(day), s.slot_minutes)) {
            const startsAt = zonedInstant(day, start, c.time_zone);
            const past = startsAt.getTime() < now.getTime();
            // Past days fill to about 70 %, the coming week to about 40 %.
            const want = Math.round(s.seats_per_slot * (past ? 0.7 : 0.4) * (0.5 + random()));
            for (let i = 0; i < want; i++) {
              if (!(await repo.takeSeat(trx, { centreId: c.id, service: s.service, day, start }, s.seats_per_slot)))
                break;
              const roll = random();
              const status: AppointmentRow['status'] = !past
                ? 'booked'
                : roll < 0.72
                  ? 'served'
                  : roll < 0.88
                    ? 'no_show'
                    : 'cancelled';
              if (status === 'cancelled') await repo.freeSeat(trx, { centreId: c.id, service: s.service, day, start });
              const at = startsAt.toISOString();
              const phone = `+96475${String(1_000_000 + made).padStart(7, '0')}`;
              await repo.insertAppointment(trx, {
                id: randomUUID(),
                organisation_id: c.organisation_id,
                centre_id: c.id,
                service: s.service,
                day,
                start_time: start,
                starts_at: at,
                status,
                channel: random() < 0.4 ? 'public' : 'staff',
                beneficiary_id: null,
                contact_name: `[Demo] ${NAMES[made % NAMES.length]}`,
                contact_phone: phone,
                contact_email: null,
                contact_locale: (['en', 'ar', 'fr', 'es'] as const)[made % 4] ?? 'en',
                // Demo contacts are unique, so a random hold key stands in for the keyed hash of a live booking.
                hold_key: status === 'booked' || status === 'served' ? `demo-${randomUUID()}` : null,
                code_hash: null,
                booked_by: u.id,
                booked_at: new Date(startsAt.getTime() - 5 * 86_400_000).toISOString(),
                checked_in_at: status === 'served' ? at : null,
                served_at: status === 'served' ? new Date(startsAt.getTime() + 20 * 60_000).toISOString() : null,
                no_show_at: status === 'no_show' ? new Date(startsAt.getTime() + 30 * 60_000).toISOString() : null,
                cancelled_at: status === 'cancelled' ? new Date(startsAt.getTime() - 86_400_000).toISOString() : null,
                reminder_queued_at: null,
                version: 1,
              });
              made++;
            }
          }
        }
      }
    }
  });
  return made;
}
