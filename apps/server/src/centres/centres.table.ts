import type { Selectable } from 'kysely';

/** A Visa Assistance Centre or service point, run by one organisation. */
export interface CentreTable {
  id: string;
  organisation_id: string;
  name: string;
  country: string;
  pcode: string | null;
  address: string;
  /** IANA time zone: opening hours, days and slots are in the centre's local time. */
  time_zone: string;
  /** Weekly opening hours (OpeningHours, JSON). */
  opening_hours: string;
  public_booking: number;
  active: number;
  created_at: string;
  updated_at: string;
  version: number;
}
export type CentreRow = Selectable<CentreTable>;

/** A service a centre offers, with its slot length and seats per slot. */
export interface CentreServiceTable {
  centre_id: string;
  service: string;
  slot_minutes: number;
  seats_per_slot: number;
}
export type CentreServiceRow = Selectable<CentreServiceTable>;

/** A day the centre is closed (holiday, closure). */
export interface CentreClosureTable {
  id: string;
  centre_id: string;
  day: string;
  reason: string;
  created_by: string;
  created_at: string;
}
export type CentreClosureRow = Selectable<CentreClosureTable>;

/** The seat counter of one slot; the CHECK booked <= capacity is the database's guarantee against overbooking. */
export interface CentreSlotTable {
  centre_id: string;
  service: string;
  day: string;
  start_time: string;
  capacity: number;
  booked: number;
}
export type CentreSlotRow = Selectable<CentreSlotTable>;

export type AppointmentStatusValue = 'booked' | 'checked_in' | 'served' | 'no_show' | 'cancelled';

/** An appointment at a centre, for a person in the registry or for someone known only by contact details. */
export interface AppointmentTable {
  id: string;
  organisation_id: string;
  centre_id: string;
  service: string;
  day: string;
  start_time: string;
  starts_at: string;
  status: AppointmentStatusValue;
  channel: 'staff' | 'public';
  beneficiary_id: string | null;
  contact_name: string | null;
  contact_phone: string | null;
  contact_email: string | null;
  contact_locale: string | null;
  /** Keyed hash of the person and day while the appointment holds a seat (unique: no double booking). */
  hold_key: string | null;
  /** SHA-256 of the public booking code. */
  code_hash: string | null;
  booked_by: string | null;
  booked_at: string;
  checked_in_at: string | null;
  served_at: string | null;
  no_show_at: string | null;
  cancelled_at: string | null;
  reminder_queued_at: string | null;
  version: number;
}
export type AppointmentRow = Selectable<AppointmentTable>;
