// The one way any context tells staff that something needs them: `notify(trx, ...)`, inside the caller's own
// transaction, so a notification exists exactly when the change it is about was committed. Staff read them in the
// web app's bell (notifications.routes.ts). A notification names what it is about (a type, an id and a short
// reference) and never carries personal data: the recipient follows the link and the subject's own access rules
// decide what they see there.
import { randomUUID } from 'node:crypto';
import type { Role } from '@corridor/contracts';
import type { Trx } from '../db/database.ts';

/** Who receives a notification: one user, or every user of an organisation who holds the role. */
export type NotificationRecipient = { userId: string } | { organisationId: string; role: Role };

/** What to notify about. */
export type NotificationInput = {
  recipient: NotificationRecipient;
  /** Dotted lower-case name of what happened, e.g. `referral.response_overdue` (the web app words it). */
  kind: string;
  /** What it is about; the app links there (`referral` links to the referral's page). */
  subject: { type: string; id: string; reference?: string | null };
  /** When set, a second notify with the same key does nothing (for "exactly once" notices). */
  dedupeKey?: string;
};

const KIND = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;

/**
 * Records a notification in the caller's transaction. Returns its id, or null when `dedupeKey` was used before.
 * Stable signature: other contexts call it.
 */
export async function notify(trx: Trx, input: NotificationInput, now: Date): Promise<string | null> {
  if (!KIND.test(input.kind) || input.kind.length > 64) throw new Error(`notify: malformed kind "${input.kind}"`);
  const id = randomUUID();
  const toUser = 'userId' in input.recipient;
  const result = await trx
    .insertInto('notifications')
    .values({
      id,
      recipient_user_id: toUser ? (input.recipient as { userId: string }).userId : null,
      recipient_organisation_id: toUser ? null : (input.recipient as { organisationId: string }).organisationId,
      recipient_role: toUser ? null : (input.recipient as { role: Role }).role,
      kind: input.kind,
      subject_type: input.subject.type,
      subject_id: input.subject.id,
      reference: input.subject.reference ?? null,
      dedupe_key: input.dedupeKey ?? null,
      created_at: now.toISOString(),
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0 ? id : null;
}
