import type { JobDefinition } from '../jobs/job.ts';
import { sendReferralReminders } from './referral-reminders.ts';

/** Notifies staff of referrals due or overdue, once per referral and stage (referral-reminders.ts). */
export const referralRemindersJob: JobDefinition = {
  name: 'referral-reminders',
  description: 'notify staff of referrals not answered or not delivered by their due dates',
  schedule: (config) => config.jobs.schedules['referral-reminders'],
  run: (deps, _payload, now) => sendReferralReminders(deps.database.db, deps.config, now),
};
