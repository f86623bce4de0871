import type { JobDefinition } from '../jobs/job.ts';
import { applyRetention } from './retention.ts';

/**
 * Anonymises persons past their retention schedule (docs/subject-rights.md). Each person in a transaction of their
 * own, locked and rechecked, so concurrent runs anonymise each person once.
 */
export const retentionJob: JobDefinition = {
  name: 'retention',
  description: 'anonymise persons past their retention schedule',
  schedule: (config) => config.jobs.schedules.retention,
  run: async (deps, _payload, now) => {
    const r = await applyRetention(deps.database.db, deps.database.engine, now, deps.config.retention);
    return { checked: r.checked, due: r.due, anonymised: r.anonymised };
  },
};
