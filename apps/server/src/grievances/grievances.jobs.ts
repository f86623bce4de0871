import type { JobDefinition } from '../jobs/job.ts';
import { sendGrievanceReminders } from './grievance-reminders.ts';
import { anonymiseExpiredGrievances } from './grievances.retention.ts';

/** Anonymises grievances closed more than five years ago; runs on the retention job's schedule. */
export const grievanceRetentionJob: JobDefinition = {
  name: 'grievance-retention',
  description: 'anonymise grievances closed more than five years ago',
  schedule: (config) => config.jobs.schedules.retention,
  run: async (deps, _payload, now) => anonymiseExpiredGrievances(deps.database.db, now),
};

/** Notifies the officers of grievances past a deadline, once per grievance, stage and officer. */
export const grievanceRemindersJob: JobDefinition = {
  name: 'grievance-reminders',
  description: 'notify grievance officers of grievances past their first-response or resolution date',
  schedule: (config) => config.jobs.schedules['grievance-reminders'],
  run: (deps, _payload, now) => sendGrievanceReminders(deps.database.db, deps.config, now),
};
