import type { JobDefinition } from '../jobs/job.ts';
import { eraseOldAppointmentContacts, queueAppointmentReminders } from './appointment-reminders.ts';

/**
 * Queues the day-before reminders of appointments at visa assistance centres (appointment-reminders.ts) and erases
 * contact details past their retention.
 */
export const appointmentRemindersJob: JobDefinition = {
  name: 'appointment-reminders',
  description: 'queue the reminder the day before each appointment at a centre; erase old appointment contacts',
  schedule: (config) => config.jobs.schedules['appointment-reminders'],
  run: async (deps, _payload, now) => {
    const r = await queueAppointmentReminders(deps.database.db, now);
    const erased = await eraseOldAppointmentContacts(deps.database.db, now);
    return { ...r, contactsErased: erased };
  },
};
