import type { JobDefinition } from '../jobs/job.ts';
import { deliverDueMessages, fileAdapter } from './delivery.ts';

/** Hands due messages to migrants to the delivery adapter (the file adapter unless another is plugged in). */
export const messageDeliveryJob: JobDefinition = {
  name: 'message-delivery',
  description: 'hand queued messages to migrants (SMS, e-mail) to the delivery adapter',
  schedule: (config) => config.jobs.schedules['message-delivery'],
  run: async (deps, _payload, now) => {
    const adapter = deps.messageAdapter ?? fileAdapter(deps.config.outbox.file);
    return deliverDueMessages(deps.database.db, adapter, now);
  },
};
