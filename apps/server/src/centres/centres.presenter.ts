import type {
  Appointment,
  Centre,
  CentreService,
  OpeningHours,
  PublicBooking,
  PublicCentre,
} from '@corridor/contracts';
import { WEEKDAYS } from '@corridor/contracts';
import { placeName } from '../crises/pcodes.ts';
import type { AppointmentRow, CentreRow, CentreServiceRow } from './centres.table.ts';
import { slotStarts } from './slots.ts';

/** The weekly opening hours of a centre. */
export const hoursOf = (c: CentreRow): OpeningHours => JSON.parse(c.opening_hours) as OpeningHours;

/** Seats a full opening day offers for a service: the largest weekday. */
function dailyCapacity(hours: OpeningHours, s: CentreServiceRow): number {
  return Math.max(0, ...WEEKDAYS.map((d) => slotStarts(hours, d, s.slot_minutes).length * s.seats_per_slot));
}

/** A centre as its organisation's staff see it. */
export function presentCentre(c: CentreRow, services: CentreServiceRow[]): Centre {
  const hours = hoursOf(c);
  return {
    id: c.id,
    organisationId: c.organisation_id,
    name: c.name,
    country: c.country,
    pcode: c.pcode,
    placeName: c.pcode ? placeName(c.country, c.pcode) : null,
    address: c.address,
    timeZone: c.time_zone,
    openingHours: hours,
    services: services.map((s) => ({
      service: s.service as CentreService,
      slotMinutes: s.slot_minutes,
      seatsPerSlot: s.seats_per_slot,
      dailyCapacity: dailyCapacity(hours, s),
    })),
    publicBooking: c.public_booking === 1,
    active: c.active === 1,
    createdAt: c.created_at,
    updatedAt: c.updated_at,
    version: c.version,
  };
}

/** A centre as anyone sees it on the public page: no organisation, no internals. */
export const presentPublicCentre = (c: CentreRow, services: CentreServiceRow[]): PublicCentre => ({
  id: c.id,
  name: c.name,
  country: c.country,
  address: c.address,
  timeZone: c.time_zone,
  services: services.map((s) => s.service as CentreService),
});

/** An appointment as the centre's staff see it (contact details are for booking and reminders only). */
export const presentAppointment = (a: AppointmentRow): Appointment => ({
  id: a.id,
  centreId: a.centre_id,
  service: a.service as CentreService,
  day: a.day,
  start: a.start_time,
  startsAt: a.starts_at,
  status: a.status,
  channel: a.channel,
  beneficiaryId: a.beneficiary_id,
  contactName: a.contact_name,
  contactPhone: a.contact_phone,
  bookedAt: a.booked_at,
  checkedInAt: a.checked_in_at,
  servedAt: a.served_at,
  noShowAt: a.no_show_at,
  cancelledAt: a.cancelled_at,
  reminderQueuedAt: a.reminder_queued_at,
  version: a.version,
});

/** A booking as its holder sees it with the code: where and when, never who. */
export const presentPublicBooking = (a: AppointmentRow, c: CentreRow, code?: string): PublicBooking => ({
  ...(code ? { code } : {}),
  centreName: c.name,
  address: c.address,
  service: a.service as CentreService,
  day: a.day,
  start: a.start_time,
  status: a.status,
});
