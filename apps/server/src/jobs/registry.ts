// Every background job, in one list: a context adds its job definition here. The queue (jobs/runner.ts) registers a
// worker for each and the schedules the configuration gives; `corridor jobs list|run` reads the same list.
import { appointmentRemindersJob } from '../centres/centres.jobs.ts';
import { evidenceConsentExpiryJob, evidenceFoldJob } from '../evidence/evidence.jobs.ts';
import { grievanceRemindersJob, grievanceRetentionJob } from '../grievances/grievances.jobs.ts';
import { linkageProjectsJob } from '../linkage/pprl/projects.jobs.ts';
import { messageDeliveryJob } from '../notifications/notifications.jobs.ts';
import { referralRemindersJob } from '../referrals/referrals.jobs.ts';
import { retentionJob } from '../subject-rights/subject-rights.jobs.ts';
import { housekeepingJob } from '../system/system.jobs.ts';
import type { JobDefinition } from './job.ts';

/** The registered jobs, by name. */
export const registeredJobs: readonly JobDefinition[] = [
  housekeepingJob,
  retentionJob,
  referralRemindersJob,
  messageDeliveryJob,
  appointmentRemindersJob,
  grievanceRetentionJob,
  grievanceRemindersJob,
  linkageProjectsJob,
  evidenceConsentExpiryJob,
  evidenceFoldJob,
];

/** The registered job of that name, if any. */
export const findJob = (name: string): JobDefinition | undefined => registeredJobs.find((j) => j.name === name);
