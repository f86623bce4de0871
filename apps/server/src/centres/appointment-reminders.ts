// The reminder the day before an appointment (an SMS to the contact phone, or an e-mail when only that is known),
// queued in the platform outbox (notifications/outbox.ts) in the same transaction that marks it queued, so it is
// queued exactly once; and the erasure of appointment contact details 90 days after the day.

import { CENTRE_SERVICE_LABELS, type CentreLocale, type CentreService } from '@corridor/contracts';
import type { Db, Trx } from '../db/database.ts';
import { enqueueMessage } from '../notifications/outbox.ts';
import { findCentre, remindersDue } from './centres.repository.ts';
import type { AppointmentRow, CentreRow } from './centres.table.ts';
import { addDays, localDay } from './slots.ts';

/** The outbox kind of the reminder. */
const REMINDER_KIND = 'visa_centre.appointment_reminder';

const TEXT: Record<CentreLocale, (s: string, c: string, day: string, time: string, addr: string) => string> = {
  en: (s, c, d, t, a) => `Reminder: your appointment (${s}) at ${c} is tomorrow, ${d} at ${t}. Address: ${a}.`,
  fr: (s, c, d, t, a) => `Rappel : votre rendez-vous (${s}) à ${c} est demain, le ${d} à ${t}. Adresse : ${a}.`,
  es: (s, c, d, t, a) => `Recordatorio: su cita (${s}) en ${c} es mañana, ${d} a las ${t}. Dirección: ${a}.`,
  ar: (s, c, d, t, a) => `تذكير: موعدك (${s}) في ${c} غدًا، ${d} الساعة ${t}. العنوان: ${a}.`,
};

/** The reminder text in the person's language (English when none was given). */
export function reminderText(a: AppointmentRow, c: CentreRow): string {
  const lang = (['en', 'fr', 'es', 'ar'].includes(a.contact_locale ?? '') ? a.contact_locale : 'en') as CentreLocale;
  const service = CENTRE_SERVICE_LABELS[a.service as CentreService]?.[lang] ?? a.service;
  return TEXT[lang](service, c.name, a.day, a.start_time, c.address);
}

/**
 * Queues the reminder of every booked appointment whose day, in its centre's time zone, is tomorrow; each once (the
 * appointment's reminder_queued_at, and the outbox's dedupe key for the appointment and slot). An appointment with
 * neither phone nor e-mail is marked and counted as unreachable. Returns counts only (no personal data).
 */
export async function queueAppointmentReminders(
  db: Db,
  now: Date,
  batch = 500,
): Promise<{ queued: number; unreachable: number; examined: number }> {
  // Tomorrow in any time zone starts within 14 h and ends within 50 h from now (UTC-12 to UTC+14).
  const due = await remindersDue(db, now.toISOString(), new Date(now.getTime() + 50 * 3_600_000).toISOString(), batch);
  const centres = new Map<string, CentreRow | undefined>();
  let queued = 0;
  let unreachable = 0;
  let examined = 0;
  for (const a of due) {
    if (!centres.has(a.centre_id)) centres.set(a.centre_id, await findCentre(db, a.centre_id));
    const c = centres.get(a.centre_id);
    if (!c || a.day !== addDays(localDay(now, c.time_zone), 1)) continue;
    examined++;
    await db.transaction().execute(async (trx) => {
      // Claim the appointment first: a second runner (another server) finds it claimed and does nothing.
      const claimed = await trx
        .updateTable('appointments')
        .set({ reminder_queued_at: now.toISOString() })
        .where('id', '=', a.id)
        .where('status', '=', 'booked')
        .where('reminder_queued_at', 'is', null)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) return;
      const channel = a.contact_phone ? 'sms' : a.contact_email ? 'email' : null;
      if (!channel) {
        unreachable++;
        return;
      }
      const id = await enqueueMessage(
        trx,
        {
          channel,
          address: (channel === 'sms' ? a.contact_phone : a.contact_email)!,
          subject: channel === 'email' ? c.name : null,
          body: reminderText(a, c),
          kind: REMINDER_KIND,
          organisationId: a.organisation_id,
          related: { type: 'appointment', id: a.id },
          dedupeKey: `appointment-reminder:${a.id}:${a.day}T${a.start_time}`,
        },
        now,
      );
      if (id) queued++;
    });
  }
  return { queued, unreachable, examined };
}

/**
 * Withdraws the reminders still waiting in the outbox for the booked appointments of a centre's day, when the day is
 * closed: those people are to be rebooked, not told to come (remindersDue queues none for a closed day; this takes
 * back the ones queued before the closure). Their mark is cleared, so that reopening the day reminds them on the next
 * run. A reminder already handed to the carrier (sending, sent) cannot be taken back and stays. Returns how many.
 */
export async function withdrawRemindersOfDay(trx: Trx, centreId: string, day: string): Promise<number> {
  const booked = await trx
    .selectFrom('appointments')
    .select('id')
    .where('centre_id', '=', centreId)
    .where('day', '=', day)
    .where('status', '=', 'booked')
    .where('reminder_queued_at', 'is not', null)
    .execute();
  if (booked.length === 0) return 0;
  // Only a message still pending is deleted: the delivery job claims one (pending -> sending) before handing it over.
  const withdrawn = await trx
    .deleteFrom('outbound_messages')
    .where('related_type', '=', 'appointment')
    .where(
      'related_id',
      'in',
      booked.map((a) => a.id),
    )
    .where('kind', '=', REMINDER_KIND)
    .where('status', '=', 'pending')
    .returning('related_id')
    .execute();
  const ids = withdrawn.map((m) => m.related_id).filter((id): id is string => id !== null);
  if (ids.length === 0) return 0;
  await trx
    .updateTable('appointments')
    .set({ reminder_queued_at: null })
    .where('id', 'in', ids)
    .where('status', '=', 'booked')
    .execute();
  return ids.length;
}

/** Days after the appointment day that its contact details are kept (processing register). */
export const APPOINTMENT_CONTACT_RETENTION_DAYS = 90;

/** Erases the contact details of appointments whose day is more than 90 days past; returns how many. */
export async function eraseOldAppointmentContacts(db: Db, now: Date): Promise<number> {
  const before = addDays(now.toISOString().slice(0, 10), -APPOINTMENT_CONTACT_RETENTION_DAYS);
  const r = await db
    .updateTable('appointments')
    .set({ contact_name: null, contact_phone: null, contact_email: null, hold_key: null })
    .where('day', '<', before)
    .where((eb) =>
      eb.or([
        eb('contact_name', 'is not', null),
        eb('contact_phone', 'is not', null),
        eb('contact_email', 'is not', null),
      ]),
    )
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
