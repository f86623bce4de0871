// Notices of what on a case needs someone else, the moment it happens, in the route's transaction (a notice exists
// exactly when the change was committed). Each carries the case's reference only, never a name or the form:
//   - assigned: the colleague a case was opened for or given to;
//   - closure_requested: the organisation's supervisors, who decide;
//   - closure_approved, closure_rejected: the colleague who asked;
//   - task_assigned: the colleague a task was given to.
// Nobody is told of what they did themselves (a notice to a role they hold is read for them from the start), and a
// colleague is told of a sensitive case only while they are let into it (its assigned caseworker, or given access):
// its reference alone would say that such a case exists.
import type { Trx } from '../db/database.ts';
import { type NotificationRecipient, notify } from '../notifications/notify.ts';
import { isLetIntoCase } from './case-access.ts';
import type { CaseRow } from './cases.table.ts';

/** What happened to the case. */
export type CaseNoticeKind =
  | 'assigned'
  | 'closure_requested'
  | 'closure_approved'
  | 'closure_rejected'
  | 'task_assigned';

/**
 * Tells `to` (a colleague, or the organisation's holders of a role) that `kind` happened to the case, done by
 * `actorId`. A colleague who did it, or who is not let into a sensitive case, is not told.
 */
export async function noticeCase(
  trx: Trx,
  c: CaseRow,
  kind: CaseNoticeKind,
  to: { userId: string | null } | { role: 'supervisor' },
  actorId: string,
  now: Date,
  publicUrl: string | undefined,
): Promise<void> {
  let recipient: NotificationRecipient;
  if ('role' in to) recipient = { organisationId: c.organisation_id, role: to.role };
  else {
    if (to.userId === null || to.userId === actorId || !(await isLetIntoCase(trx, c, to.userId))) return;
    recipient = { userId: to.userId };
  }
  await notify(
    trx,
    { recipient, kind: `case.${kind}`, subject: { type: 'case', id: c.id, reference: c.reference } },
    now,
    { publicUrl, actorId },
  );
}
