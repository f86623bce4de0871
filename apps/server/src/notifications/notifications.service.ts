// Reading and marking the caller's own notifications. A caller's notifications are those addressed to them, and
// those addressed to their organisation and a role they hold; read receipts are per user (notification_reads).
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import { parseCursor } from '../cases/cases.service.ts';
import type { Db, Trx } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import { notFound } from '../errors.ts';
import type { Principal } from '../http/principal.ts';
import type { NotificationRow } from './notifications.table.ts';

type Eb = ExpressionBuilder<DB, 'notifications'>;

/** The notifications addressed to the caller. */
const addressedTo =
  (p: Principal) =>
  (eb: Eb): Expression<SqlBool> =>
    eb.or([
      eb('notifications.recipient_user_id', '=', p.userId),
      eb.and([
        eb('notifications.recipient_organisation_id', '=', p.organisationId),
        eb('notifications.recipient_role', 'in', [...p.roles]),
      ]),
    ]);

/** Not yet read by the caller. */
const unreadBy = (p: Principal) => (eb: Eb) =>
  eb.not(
    eb.exists(
      eb
        .selectFrom('notification_reads as nr')
        .select('nr.notification_id')
        .whereRef('nr.notification_id', '=', 'notifications.id')
        .where('nr.user_id', '=', p.userId),
    ),
  );

/** How many of the caller's notifications are unread. */
export async function unreadCount(db: Db, p: Principal): Promise<number> {
  const r = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(addressedTo(p))
    .where(unreadBy(p))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The caller's notifications, newest first, with when the caller read each. */
export async function listNotifications(
  db: Db,
  p: Principal,
  q: { unread?: boolean | undefined; limit: number; cursor?: string | undefined },
): Promise<{ items: (NotificationRow & { read_at: string | null })[]; next: string | null }> {
  const after = parseCursor(q.cursor);
  let query = db
    .selectFrom('notifications')
    .leftJoin('notification_reads as r', (j) =>
      j.onRef('r.notification_id', '=', 'notifications.id').on('r.user_id', '=', p.userId),
    )
    .selectAll('notifications')
    .select('r.read_at')
    .where(addressedTo(p));
  if (q.unread) query = query.where('r.read_at', 'is', null);
  if (after)
    query = query.where((eb) =>
      eb.or([
        eb('notifications.created_at', '<', after.at),
        eb.and([eb('notifications.created_at', '=', after.at), eb('notifications.id', '<', after.id)]),
      ]),
    );
  const rows = await query
    .orderBy('notifications.created_at', 'desc')
    .orderBy('notifications.id', 'desc')
    .limit(q.limit + 1)
    .execute();
  const items = rows.slice(0, q.limit);
  const last = items.at(-1);
  return { items, next: rows.length > q.limit && last ? `${last.created_at}|${last.id}` : null };
}

/**
 * Marks notifications of the caller as read (already read ones keep their first time). Every id must be one of the
 * caller's notifications: any other answers 404, as for one that does not exist, and nothing is marked.
 */
export async function markRead(
  trx: Trx,
  p: Principal,
  sel: { ids: string[] } | { all: true },
  now: Date,
): Promise<void> {
  let ids: string[];
  if ('ids' in sel) {
    const wanted = [...new Set(sel.ids)];
    const mine = await trx
      .selectFrom('notifications')
      .select('id')
      .where('id', 'in', wanted)
      .where(addressedTo(p))
      .execute();
    if (mine.length !== wanted.length) throw notFound('notification');
    ids = wanted;
  } else {
    ids = (await trx.selectFrom('notifications').select('id').where(addressedTo(p)).where(unreadBy(p)).execute()).map(
      (r) => r.id,
    );
  }
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    await trx
      .insertInto('notification_reads')
      .values(chunk.map((id) => ({ notification_id: id, user_id: p.userId, read_at: now.toISOString() })))
      .onConflict((oc) => oc.columns(['notification_id', 'user_id']).doNothing())
      .execute();
  }
}

/** The caller's own notification settings. */
export async function notificationSettings(db: Db, p: Principal): Promise<{ email: boolean }> {
  const u = await db.selectFrom('users').select('notify_by_email').where('id', '=', p.userId).executeTakeFirstOrThrow();
  return { email: Number(u.notify_by_email) === 1 };
}

/**
 * Sets the caller's own notification settings; returns them and whether anything changed. The user's version is
 * left alone, so an administrator's edit of the account is not refused over this personal choice.
 */
export async function setNotificationSettings(
  trx: Trx,
  p: Principal,
  s: { email: boolean },
  now: Date,
): Promise<{ settings: { email: boolean }; changed: boolean }> {
  const before = await notificationSettings(trx, p);
  if (before.email === s.email) return { settings: before, changed: false };
  await trx
    .updateTable('users')
    .set({ notify_by_email: s.email ? 1 : 0, updated_at: now.toISOString() })
    .where('id', '=', p.userId)
    .execute();
  return { settings: { email: s.email }, changed: true };
}
