// The grievance-reminders job: grievances past a deadline (no first response by its date, or not resolved by the
// date its severity sets; grievances.service isOverdue) are notified to their assigned officer, or to every officer
// of the receiving organisation while nobody is assigned, once per grievance, stage and recipient (the notices'
// dedupe keys make re-runs, and several servers running it at once, notify once). The notice names the grievance's
// reference only.
import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import { type GrievanceReminderStage, noticeGrievance } from './grievance-notices.ts';
import { overdueGrievances } from './grievances.repository.ts';
import type { GrievanceRow } from './grievances.table.ts';

/** The deadlines the grievance has missed at `now`. */
export function missedDeadlines(g: GrievanceRow, now: Date): GrievanceReminderStage[] {
  if (g.status === 'closed') return [];
  const at = now.toISOString();
  const out: GrievanceReminderStage[] = [];
  if (g.first_responded_at === null && g.first_response_due < at) out.push('response_overdue');
  if (g.resolution_due !== null && g.resolution_due < at) out.push('resolution_overdue');
  return out;
}

/** Notifies the officers of every overdue grievance not yet notified; answers what it did. */
export async function sendGrievanceReminders(
  db: Db,
  config: Config,
  now: Date,
): Promise<{ overdue: number; notifications: number }> {
  const rows = await overdueGrievances(db, now.toISOString());
  let notifications = 0;
  for (const g of rows)
    for (const stage of missedDeadlines(g, now))
      notifications += await db.transaction().execute((trx) => noticeGrievance(trx, g, stage, now, config.publicUrl));
  return { overdue: rows.length, notifications };
}
