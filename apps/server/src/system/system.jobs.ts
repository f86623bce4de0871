import type { JobDefinition } from '../jobs/job.ts';
import { purgeJobHistory } from '../jobs/runner.ts';
import { purgeOldMessages } from '../notifications/delivery.ts';
import { purgeExpired } from './housekeeping.ts';

/**
 * Deletes what has expired: sessions, idempotency keys, rate-limit windows, job history older than 30 days, and
 * messages to migrants past their retention. Every delete is idempotent, so a second run at once changes nothing.
 */
export const housekeepingJob: JobDefinition = {
  name: 'housekeeping',
  description:
    'delete expired sessions and password reset links, idempotency keys, rate-limit windows, old job history and sent messages',
  schedule: (config) => config.jobs.schedules.housekeeping,
  run: async (deps, _payload, now) => {
    const db = deps.database.db;
    const expired = await purgeExpired(db, deps.config, now);
    const jobHistory = await purgeJobHistory(db, now);
    const messages = await purgeOldMessages(db, now, deps.config.outbox.retentionDays);
    return { ...expired, jobHistory, messages };
  },
};
