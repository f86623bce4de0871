import type { JobDefinition } from '../jobs/job.ts';
import { foldPending } from './cells.repository.ts';
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

/**
 * Adds the writes' pending deltas (single writes and imports) to the aggregate cells (docs/indicators.md, "Pending deltas"). Every read
 * of the cells does this first anyway; the job keeps the pending rows few between reads.
 */
export const evidenceFoldJob: JobDefinition = {
  name: 'evidence-fold',
  description: "add the writes' pending deltas to the evidence aggregates",
  schedule: (config) => config.jobs.schedules['evidence-fold'],
  run: async (deps) => ({ folded: await foldPending(deps.database.db) }),
};
