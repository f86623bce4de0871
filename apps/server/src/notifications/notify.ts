// The one way any context tells staff that something needs them: `notify(trx, ...)`, inside the caller's own
// transaction, so a notification exists exactly when the change it is about was committed. Staff read them in the
// web app's bell (notifications.routes.ts). A notification names what it is about (a type, an id and a short
// reference) and never carries personal data: the recipient follows the link and the subject's own access rules
// decide what they see there. Each recipient who asked for it (users.notify_by_email) also gets one e-mail copy
// through the outbox, in the same transaction (notice-email.ts words it; it carries no personal data either).
import { randomUUID } from 'node:crypto';
import type { Role } from '@corridor/contracts';
import type { Trx } from '../db/database.ts';
import { noticeEmail } from './notice-email.ts';
import { enqueueMessage, isEmailAddress } from './outbox.ts';

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

/** How e-mail copies are made. */
export type NotifyOptions = {
  /** The web app's public address (config.publicUrl): the e-mail's link is absolute when it is set. */
  publicUrl?: string | undefined;
  /**
   * Several notifications about one event (e.g. one to the assigned caseworker and one to the supervisors) share
   * this key, so a user reached by more than one of them still gets one e-mail. By default, the notification's id.
   */
  emailKey?: string | undefined;
  /**
   * The user whose own action this notice is about, when the notice goes to a role they hold (a supervisor asking for
   * a closure the supervisors decide): it is read for them from the start, and they get no e-mail of it.
   */
  actorId?: string | undefined;
};

/**
 * Records a notification in the caller's transaction, and queues an e-mail copy for each recipient who opted in.
 * Returns its id, or null when `dedupeKey` was used before (then nothing is queued either). Stable signature: other
 * contexts call it (the options are optional).
 */
export async function notify(
  trx: Trx,
  input: NotificationInput,
  now: Date,
  options: NotifyOptions = {},
): Promise<string | null> {
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
  if (Number(result.numInsertedOrUpdatedRows ?? 0n) === 0) return null;
  if (options.actorId && !toUser)
    await trx
      .insertInto('notification_reads')
      .values({ notification_id: id, user_id: options.actorId, read_at: now.toISOString() })
      .execute();
  await queueEmailCopies(trx, id, input, now, options);
  return id;
}

/**
 * One e-mail per active recipient who opted in, to their account's address; keyed by notification (or the caller's
 * `emailKey`) and user, so a user reached twice over still gets one.
 */
async function queueEmailCopies(
  trx: Trx,
  id: string,
  input: NotificationInput,
  now: Date,
  options: NotifyOptions,
): Promise<void> {
  const r = input.recipient;
  const users = await trx
    .selectFrom('users')
    .select(['users.id', 'users.email', 'users.locale', 'users.organisation_id'])
    .where('users.notify_by_email', '=', 1)
    .where('users.disabled_at', 'is', null)
    .$if(options.actorId !== undefined, (q) => q.where('users.id', '!=', options.actorId!))
    .$if('userId' in r, (q) => q.where('users.id', '=', (r as { userId: string }).userId))
    .$if(!('userId' in r), (q) => {
      const { organisationId, role } = r as { organisationId: string; role: Role };
      return q
        .where('users.organisation_id', '=', organisationId)
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('user_roles')
              .select('user_roles.user_id')
              .whereRef('user_roles.user_id', '=', 'users.id')
              .where('user_roles.role', '=', role),
          ),
        );
    })
    .orderBy('users.id')
    .execute();
  for (const u of users) {
    if (!isEmailAddress(u.email)) continue; // an account address the channel cannot take: the bell still has it
    const mail = noticeEmail(input.kind, input.subject.reference ?? null, u.locale, options.publicUrl);
    await enqueueMessage(
      trx,
      {
        channel: 'email',
        address: u.email,
        subject: mail.subject,
        body: mail.body,
        kind: `notification.${input.kind}`.slice(0, 64),
        organisationId: u.organisation_id,
        related: { type: 'notification', id },
        dedupeKey: `notification-email:${options.emailKey ?? id}:${u.id}`.slice(0, 200),
      },
      now,
    );
  }
}

/**
 * Deletes the notifications about the given records (by subject type and id), their read receipts and their e-mail
 * copies, in the caller's transaction; how many notifications went. For erasure (subject-rights.store.ts): a notice
 * must not outlive the record it leads to.
 */
export async function forgetNotificationsAbout(
  trx: Trx,
  subjects: readonly { type: string; ids: readonly string[] }[],
): Promise<number> {
  let total = 0;
  for (const { type, ids } of subjects) {
    if (ids.length === 0) continue;
    const rows = await trx
      .selectFrom('notifications')
      .select('id')
      .where('subject_type', '=', type)
      .where('subject_id', 'in', [...ids])
      .execute();
    const found = rows.map((r) => r.id);
    if (found.length === 0) continue;
    await trx.deleteFrom('notification_reads').where('notification_id', 'in', found).execute();
    await trx
      .deleteFrom('outbound_messages')
      .where('related_type', '=', 'notification')
      .where('related_id', 'in', found)
      .execute();
    const r = await trx.deleteFrom('notifications').where('id', 'in', found).executeTakeFirst();
    total += Number(r.numDeletedRows);
  }
  return total;
}
