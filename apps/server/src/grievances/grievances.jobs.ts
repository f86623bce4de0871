import type { JobDefinition } from '../jobs/job.ts';
import { anonymiseExpiredGrievances } from './grievances.retention.ts';

/** Anonymises grievances closed more than five years ago; runs on the retention job's schedule. */
export const grievanceRetentionJob: JobDefinition = {
  name: 'grievance-retention',
  description: 'anonymise grievances closed more than five years ago',
  schedule: (config) => config.jobs.schedules.retention,
  run: async (deps, _payload, now) => anonymiseExpiredGrievances(deps.database.db, now),
};
