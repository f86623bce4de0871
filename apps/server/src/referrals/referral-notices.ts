// Notices of what happens to a referral, the moment it happens (the referral-reminders job sends those about time
// passing). Each is written in the route's transaction, so it exists exactly when the change was committed, and
// carries the referral's short reference only, never a name (notifications/notify.ts).
//   - received: the receiving organisation's staff who act on it (receivingStaff);
//   - accepted, declined, closed: the caseworker who sent it;
//   - assigned: the colleague it was given to (not the one who gave it, when they gave it to themselves).
import { type Role, referralReference } from '@corridor/contracts';
import type { Trx } from '../db/database.ts';
import { type NotificationRecipient, notify } from '../notifications/notify.ts';
import { hasActiveStaff, isSensitiveReferral } from './referrals.service.ts';
import type { ReferralRow } from './referrals.table.ts';

// The short reference staff see for a referral is derived in the contracts, so that the web app shows the same one.
export { referralReference };

/** What the sender hears of the receiver's answer or closing. */
export type ReferralOutcomeKind = 'accepted' | 'declined' | 'closed';

/**
 * Who at the receiving organisation is told about a referral: its assigned caseworker, or all its caseworkers for an
 * unassigned ordinary referral (an unassigned sensitive one is opened only by those who assign it), and those who
 * assign it: its supervisors, or for a sensitive referral its administrators when it has no active supervisor.
 */
export async function receivingStaff(
  trx: Trx,
  r: ReferralRow,
): Promise<{ recipients: NotificationRecipient[]; managers: Role; sensitive: boolean }> {
  const sensitive = isSensitiveReferral(r);
  const managers: Role =
    sensitive && !(await hasActiveStaff(trx, r.to_organisation_id, ['supervisor'])) ? 'admin' : 'supervisor';
  const recipients: NotificationRecipient[] = [];
  if (r.assigned_to) recipients.push({ userId: r.assigned_to });
  else if (!sensitive) recipients.push({ organisationId: r.to_organisation_id, role: 'caseworker' });
  recipients.push({ organisationId: r.to_organisation_id, role: managers });
  return { recipients, managers, sensitive };
}

/** Sends one notice of `kind` about the referral to each recipient; users reached twice get one e-mail. */
async function tell(
  trx: Trx,
  r: ReferralRow,
  kind: string,
  recipients: readonly NotificationRecipient[],
  now: Date,
  publicUrl: string | undefined,
): Promise<void> {
  const subject = { type: 'referral', id: r.id, reference: referralReference(r.id) };
  for (const recipient of recipients)
    await notify(trx, { recipient, kind: `referral.${kind}`, subject }, now, {
      publicUrl,
      emailKey: `referral.${kind}:${r.id}:${now.toISOString()}`,
    });
}

/** The receiving organisation learns that a referral arrived. */
export async function noticeReferralReceived(
  trx: Trx,
  r: ReferralRow,
  now: Date,
  publicUrl: string | undefined,
): Promise<void> {
  await tell(trx, r, 'received', (await receivingStaff(trx, r)).recipients, now, publicUrl);
}

/** The caseworker who sent a referral learns that it was accepted, declined or closed. */
export async function noticeReferralOutcome(
  trx: Trx,
  r: ReferralRow,
  kind: ReferralOutcomeKind,
  now: Date,
  publicUrl: string | undefined,
): Promise<void> {
  await tell(trx, r, kind, [{ userId: r.sent_by }], now, publicUrl);
}

/** The colleague a received referral was assigned to learns it, unless they assigned it to themselves. */
export async function noticeReferralAssigned(
  trx: Trx,
  r: ReferralRow,
  assignedBy: string,
  now: Date,
  publicUrl: string | undefined,
): Promise<void> {
  if (r.assigned_to && r.assigned_to !== assignedBy)
    await tell(trx, r, 'assigned', [{ userId: r.assigned_to }], now, publicUrl);
}
