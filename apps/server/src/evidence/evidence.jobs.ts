import type { JobDefinition } from '../jobs/job.ts';
import { applyConsentExpiries } from './maintain.ts';

/**
 * Applies statistics grants that expired by the passing of time (no write since): the people's records move from
 * counted to excluded in the aggregate cells, once (docs/indicators.md, "Consent").
 */
export const evidenceConsentExpiryJob: JobDefinition = {
  name: 'evidence-consent-expiry',
  description: 'move people whose statistics consent expired from counted to excluded in the evidence aggregates',
  schedule: (config) => config.jobs.schedules['evidence-consent-expiry'],
  run: async (deps, _payload, now) => applyConsentExpiries(deps.database.db, now),
};
