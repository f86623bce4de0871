// Notices to the grievance officers of what a grievance needs, the moment it happens, in the same transaction as the
// change (notifications/notify.ts). Each carries the grievance's internal reference only (GRV-2026-000042), never the
// worker's name or words:
//   - received: every grievance officer of the receiving organisation, when a worker files one;
//   - reply: its assigned officer (every officer while nobody is assigned), when the worker writes back;
//   - assigned: the officer it is given to, unless they took it themselves.
import type { Trx } from '../db/database.ts';
import { type NotificationRecipient, notify } from '../notifications/notify.ts';
import { GRIEVANCE_OFFICER_ROLES } from './grievances.policy.ts';
import type { GrievanceRow } from './grievances.table.ts';

/** What happened to the grievance. */
export type GrievanceNoticeKind = 'received' | 'reply' | 'assigned';

/** Tells the officers concerned that `kind` happened to the grievance (`actorId`: the officer who did it, if one). */
export async function noticeGrievance(
  trx: Trx,
  g: GrievanceRow,
  kind: GrievanceNoticeKind,
  now: Date,
  publicUrl: string | undefined,
  actorId: string | null = null,
): Promise<void> {
  const officers = GRIEVANCE_OFFICER_ROLES.map(
    (role): NotificationRecipient => ({ organisationId: g.organisation_id, role }),
  );
  let recipients: NotificationRecipient[];
  if (kind === 'assigned') recipients = g.assigned_to && g.assigned_to !== actorId ? [{ userId: g.assigned_to }] : [];
  else if (kind === 'reply' && g.assigned_to) recipients = [{ userId: g.assigned_to }];
  else recipients = officers;
  const subject = { type: 'grievance', id: g.id, reference: g.reference };
  for (const recipient of recipients)
    await notify(trx, { recipient, kind: `grievance.${kind}`, subject }, now, {
      publicUrl,
      emailKey: `grievance.${kind}:${g.id}:${now.toISOString()}`,
    });
}
