// Retention of grievances (processing register: "while the grievance is open, then 5 years after it closes").
// A grievance past that is anonymised where it lies: the worker's identity, their words and the messages are
// removed; what remains (reference, categories, recruiter, dates, outcome) is what certification audits and
// statistics need and identifies nobody.
import type { Db } from '../db/database.ts';

/** Years a closed grievance keeps the worker's identity and words. */
export const GRIEVANCE_RETENTION_YEARS = 5;

/** The text that replaces removed words. */
export const REMOVED = '[removed after the retention period]';

/** Anonymises every grievance closed more than GRIEVANCE_RETENTION_YEARS before `now`; returns how many. */
export async function anonymiseExpiredGrievances(db: Db, now: Date): Promise<{ anonymised: number }> {
  const cutoff = new Date(now);
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - GRIEVANCE_RETENTION_YEARS);
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('grievances')
      .select(['id', 'version'])
      .where('status', '=', 'closed')
      .where('closed_at', '<', cutoff.toISOString())
      .where('description', '!=', REMOVED)
      .execute();
    for (const g of due) {
      await trx
        .updateTable('grievances')
        .set({
          worker_name: null,
          worker_phone: null,
          worker_email: null,
          recruiter_may_know_identity: 0,
          description: REMOVED,
          outcome_summary: null,
          updated_at: now.toISOString(),
          version: g.version + 1,
        })
        .where('id', '=', g.id)
        .execute();
      await trx.updateTable('grievance_messages').set({ body: REMOVED }).where('grievance_id', '=', g.id).execute();
    }
    return { anonymised: due.length };
  });
}
