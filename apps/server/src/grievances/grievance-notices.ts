// Notices to the grievance officers of what a grievance needs, the moment it happens, in the same transaction as the
// change (notifications/notify.ts). Each carries the grievance's internal reference only (GRV-2026-000042), never the
// worker's name or words:
//   - received: every grievance officer of the receiving organisation, when a worker files one;
//   - reply: its assigned officer (every officer while nobody is assigned), when the worker writes back;
//   - assigned: the officer it is given to, unless they took it themselves;
//   - response_overdue, resolution_overdue: its assigned officer (every officer while nobody is assigned), once per
//     grievance, stage and recipient, from the grievance-reminders job (grievance-reminders.ts).
import type { Trx } from '../db/database.ts';
import { type NotificationRecipient, notify } from '../notifications/notify.ts';
import { GRIEVANCE_OFFICER_ROLES } from './grievances.policy.ts';
import type { GrievanceRow } from './grievances.table.ts';

/** What happened to the grievance. */
export type GrievanceNoticeKind = 'received' | 'reply' | 'assigned' | GrievanceReminderStage;

/** A deadline a grievance missed (grievances.service isOverdue). */
export type GrievanceReminderStage = 'response_overdue' | 'resolution_overdue';

const isReminder = (kind: GrievanceNoticeKind): kind is GrievanceReminderStage => kind.endsWith('_overdue');

/**
 * Tells the officers concerned that `kind` happened to the grievance (`actorId`: the officer who did it, if one).
 * A reminder reaches each recipient once (later runs of the job find it sent). Answers how many notices were new.
 */
export async function noticeGrievance(
  trx: Trx,
  g: GrievanceRow,
  kind: GrievanceNoticeKind,
  now: Date,
  publicUrl: string | undefined,
  actorId: string | null = null,
): Promise<number> {
  const officers = GRIEVANCE_OFFICER_ROLES.map(
    (role): NotificationRecipient => ({ organisationId: g.organisation_id, role }),
  );
  let recipients: NotificationRecipient[];
  if (kind === 'assigned') recipients = g.assigned_to && g.assigned_to !== actorId ? [{ userId: g.assigned_to }] : [];
  else if ((kind === 'reply' || isReminder(kind)) && g.assigned_to) recipients = [{ userId: g.assigned_to }];
  else recipients = officers;
  const subject = { type: 'grievance', id: g.id, reference: g.reference };
  let sent = 0;
  for (const recipient of recipients) {
    const key = 'userId' in recipient ? recipient.userId : `${recipient.organisationId}:${recipient.role}`;
    const once = isReminder(kind) ? { dedupeKey: `grievance.${kind}:${g.id}:${key}` } : {};
    const id = await notify(trx, { recipient, kind: `grievance.${kind}`, subject, ...once }, now, {
      publicUrl,
      emailKey: isReminder(kind) ? `grievance.${kind}:${g.id}` : `grievance.${kind}:${g.id}:${now.toISOString()}`,
    });
    if (id) sent++;
  }
  return sent;
}
