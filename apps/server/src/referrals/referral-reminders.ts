// Referral reminders (issue #3, part 4: "with due dates and reminders"). The `referral-reminders` job looks for
// referrals whose receiver has not acted in time and notifies:
//   - response: a `sent` referral must be accepted or declined within CORRIDOR_REFERRAL_RESPONSE_DAYS of being sent
//     (never later than its due date): `response_due` from CORRIDOR_REFERRAL_REMINDER_DAYS before that day,
//     `response_overdue` after it;
//   - delivery: an `accepted` referral with a due date must have its service delivered by then: `delivery_due`
//     before, `delivery_overdue` after.
// The receiving organisation's relevant users get each notice (the assigned caseworker, or all its caseworkers for
// an unassigned ordinary referral, and its supervisors, or for a sensitive referral its administrators when it has
// no active supervisor: they assign it; the other caseworkers cannot open an unassigned sensitive referral); an
// overdue notice also goes to the referring caseworker, and every notice of an unassigned sensitive referral whose
// receiver has no active supervisor or administrator left. Staff who opted in get one e-mail copy per referral and
// stage (notify.ts). Each (referral, stage) is recorded in referral_reminders under a primary key in the same
// transaction as the notifications, so re-runs and several servers running the job at once notify once. A referral
// whose basis was withdrawn (revoked) is left alone. The notices carry the referral's id and short reference only,
// never a name.
import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import { notify } from '../notifications/notify.ts';
import { receivingStaff, referralReference } from './referral-notices.ts';
import { hasActiveStaff, receiverHasBasis } from './referrals.service.ts';
import type { ReferralRow } from './referrals.table.ts';

/** A reminder stage. */
export type ReminderStage = 'response_due' | 'response_overdue' | 'delivery_due' | 'delivery_overdue';

const DAY = 86_400_000;
const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

/** The day by which the receiver must answer a referral sent on `sentAt`. */
export function responseDueOn(r: Pick<ReferralRow, 'sent_at' | 'due_on'>, responseDays: number): string {
  const byDays = addDays(r.sent_at.slice(0, 10), responseDays);
  return r.due_on && r.due_on < byDays ? r.due_on : byDays;
}

/** Which stage a referral is at today, if any (a reminder window or past due). */
export function reminderStage(
  r: Pick<ReferralRow, 'status' | 'sent_at' | 'due_on'>,
  today: string,
  settings: Config['referralReminders'],
): ReminderStage | null {
  const due = r.status === 'sent' ? responseDueOn(r, settings.responseDays) : r.status === 'accepted' ? r.due_on : null;
  if (!due) return null;
  const kind = r.status === 'sent' ? 'response' : 'delivery';
  if (today > due) return `${kind}_overdue`;
  if (today >= addDays(due, -settings.leadDays)) return `${kind}_due`;
  return null;
}

/** Finds referrals due or overdue and notifies once per referral and stage; returns counts. */
export async function sendReferralReminders(
  db: Db,
  config: Config,
  now: Date,
): Promise<{ checked: number; reminded: number; alreadyReminded: number; revoked: number; notifications: number }> {
  const settings = config.referralReminders;
  const today = now.toISOString().slice(0, 10);
  const horizon = addDays(today, settings.leadDays);
  // a sent referral's response day can come no earlier than responseDays after it was sent
  const sentBefore = `${addDays(horizon, 1 - settings.responseDays)}T00:00:00.000Z`;
  const candidates = await db
    .selectFrom('referrals')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb.and([
          eb('status', '=', 'sent'),
          eb.or([eb('sent_at', '<', sentBefore), eb.and([eb('due_on', 'is not', null), eb('due_on', '<=', horizon)])]),
        ]),
        eb.and([eb('status', '=', 'accepted'), eb('due_on', 'is not', null), eb('due_on', '<=', horizon)]),
      ]),
    )
    // leave out those already told about the last stage they can reach
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('referral_reminders as rr')
            .select('rr.referral_id')
            .whereRef('rr.referral_id', '=', 'referrals.id')
            .where((e) =>
              e.or([
                e.and([e('referrals.status', '=', 'sent'), e('rr.stage', '=', 'response_overdue')]),
                e.and([e('referrals.status', '=', 'accepted'), e('rr.stage', '=', 'delivery_overdue')]),
              ]),
            ),
        ),
      ),
    )
    .orderBy('sent_at')
    .execute();
  const out = { checked: candidates.length, reminded: 0, alreadyReminded: 0, revoked: 0, notifications: 0 };
  for (const r of candidates) {
    const stage = reminderStage(r, today, settings);
    if (!stage) continue;
    if (!(await receiverHasBasis(db, r, now))) {
      out.revoked++;
      continue;
    }
    const sent = await db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('referral_reminders')
        .values({ referral_id: r.id, stage, created_at: now.toISOString() })
        .onConflict((oc) => oc.columns(['referral_id', 'stage']).doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) return null;
      const subject = { type: 'referral', id: r.id, reference: referralReference(r.id) };
      const kind = `referral.${stage}`;
      const { recipients, managers, sensitive } = await receivingStaff(trx, r);
      // Nobody left there to assign it (all its supervisors and administrators disabled since it was sent): the
      // referring caseworker is told from the first stage, so they can send it elsewhere.
      const stranded =
        sensitive &&
        !r.assigned_to &&
        managers === 'admin' &&
        !(await hasActiveStaff(trx, r.to_organisation_id, ['admin']));
      if (stage.endsWith('_overdue') || stranded) recipients.push({ userId: r.sent_by });
      let n = 0;
      for (const recipient of recipients) {
        const key = 'userId' in recipient ? recipient.userId : `${recipient.organisationId}:${recipient.role}`;
        const input = { recipient, kind, subject, dedupeKey: `${kind}:${r.id}:${key}` };
        // one e-mail per user and stage, even for a user reached by two of these notices
        if (await notify(trx, input, now, { publicUrl: config.publicUrl, emailKey: `${kind}:${r.id}` })) n++;
      }
      return n;
    });
    if (sent === null) out.alreadyReminded++;
    else {
      out.reminded++;
      out.notifications += sent;
    }
  }
  return out;
}
