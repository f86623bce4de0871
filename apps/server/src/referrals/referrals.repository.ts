// SQL of referrals between organisations. Dialect-neutral Kysely only.
import { type Expression, expressionBuilder, type SqlBool, sql } from 'kysely';
import { readableCases } from '../cases/case-access.ts';
import type { Db, Trx } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import type { Principal } from '../http/principal.ts';
import type { ReferralAccessRow, ReferralAccessTable, ReferralRow, ReferralTable } from './referrals.table.ts';

/** Statuses in which the receiver still has something to do: the ones a due date and a withdrawal bite on. */
export const OPEN_STATUSES = ['sent', 'accepted', 'service_delivered'] as const satisfies ReferralTable['status'][];
/** Statuses in which a referral is overdue once its due date has passed (the receiver has not acted yet). */
export const AWAITING_STATUSES = ['sent', 'accepted'] as const satisfies ReferralTable['status'][];

export async function insertReferral(trx: Trx, row: ReferralTable): Promise<void> {
  await trx.insertInto('referrals').values(row).execute();
}

export function findReferral(db: Db, id: string): Promise<ReferralRow | undefined> {
  return db.selectFrom('referrals').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Moves a referral on when it is still at `version` and in one of `from`; false when it is not (someone acted
 * first).
 */
export async function transition(
  trx: Trx,
  id: string,
  version: number,
  from: readonly ReferralTable['status'][],
  changes: Partial<Omit<ReferralTable, 'id' | 'version'>>,
): Promise<boolean> {
  const r = await trx
    .updateTable('referrals')
    .set((eb) => ({ ...changes, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .where('status', 'in', [...from])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** True when a referral of the case was accepted by its receiver (whatever happened after). */
export async function hasAcceptedReferral(db: Db, caseId: string): Promise<boolean> {
  const r = await db
    .selectFrom('referrals')
    .select('id')
    .where('case_id', '=', caseId)
    .where('status', 'in', ['accepted', 'service_delivered', 'closed'])
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}

export type ReferralFilter = {
  statuses?: readonly ReferralTable['status'][] | undefined;
  /** Only overdue ones (true) or only ones not overdue (false), as of `today`. */
  overdue?: { value: boolean; today: string } | undefined;
  caseId?: string | undefined;
  after?: { at: string; id: string } | undefined;
  limit: number;
};

/**
 * Referrals received by the caller's organisation, newest first. `ordinary`: the ones of ordinary cases (its
 * caseworkers and supervisors). Sensitive ones (of a sensitive case): all of them when `allSensitive` (its
 * supervisors and administrators, who assign them), otherwise only those assigned to the caller or that the caller
 * was let in to.
 */
export function listIncoming(
  db: Db,
  p: Principal,
  f: ReferralFilter & { ordinary: boolean; allSensitive: boolean },
): Promise<ReferralRow[]> {
  return db
    .selectFrom('referrals')
    .innerJoin('cases', 'cases.id', 'referrals.case_id')
    .selectAll('referrals')
    .where('referrals.to_organisation_id', '=', p.organisationId)
    .where((eb) => {
      const sensitive = f.allSensitive
        ? eb('cases.sensitive', '=', 1)
        : eb.and([
            eb('cases.sensitive', '=', 1),
            eb.or([
              eb('referrals.assigned_to', '=', p.userId),
              eb.exists(
                eb
                  .selectFrom('referral_access')
                  .select(sql`1`.as('one'))
                  .whereRef('referral_access.referral_id', '=', 'referrals.id')
                  .where('referral_access.user_id', '=', p.userId),
              ),
            ]),
          ]);
      return f.ordinary ? eb.or([eb('cases.sensitive', '=', 0), sensitive]) : sensitive;
    })
    .where(conditionsOf(f))
    .orderBy('referrals.sent_at', 'desc')
    .orderBy('referrals.id', 'desc')
    .limit(f.limit)
    .execute();
}

/** Referrals sent by the caller's organisation from cases the caller may read, newest first. */
export function listOutgoing(db: Db, p: Principal, f: ReferralFilter): Promise<ReferralRow[]> {
  return db
    .selectFrom('referrals')
    .innerJoin('cases', 'cases.id', 'referrals.case_id')
    .selectAll('referrals')
    .where('referrals.from_organisation_id', '=', p.organisationId)
    .where(readableCases(p))
    .where(conditionsOf(f))
    .orderBy('referrals.sent_at', 'desc')
    .orderBy('referrals.id', 'desc')
    .limit(f.limit)
    .execute();
}

/** The filter as one condition on `referrals`, the same for both sides. */
function conditionsOf(f: ReferralFilter): Expression<SqlBool> {
  const eb = expressionBuilder<DB, 'referrals'>();
  const all: Expression<SqlBool>[] = [];
  if (f.statuses) all.push(eb('referrals.status', 'in', [...f.statuses]));
  if (f.caseId) all.push(eb('referrals.case_id', '=', f.caseId));
  if (f.overdue) {
    const { today, value } = f.overdue;
    all.push(
      value
        ? eb.and([eb('referrals.due_on', '<', today), eb('referrals.status', 'in', [...AWAITING_STATUSES])])
        : eb.or([
            eb('referrals.due_on', 'is', null),
            eb('referrals.due_on', '>=', today),
            eb('referrals.status', 'not in', [...AWAITING_STATUSES]),
          ]),
    );
  }
  if (f.after) {
    const { at, id } = f.after;
    all.push(
      eb.or([
        eb('referrals.sent_at', '<', at),
        eb.and([eb('referrals.sent_at', '=', at), eb('referrals.id', '<', id)]),
      ]),
    );
  }
  return eb.and(all);
}

// ---- colleagues let in to a sensitive referral

export function findReferralGrant(db: Db, referralId: string, userId: string): Promise<ReferralAccessRow | undefined> {
  return db
    .selectFrom('referral_access')
    .selectAll()
    .where('referral_id', '=', referralId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export function listReferralGrants(db: Db, referralId: string): Promise<ReferralAccessRow[]> {
  return db
    .selectFrom('referral_access')
    .selectAll()
    .where('referral_id', '=', referralId)
    .orderBy('granted_at')
    .orderBy('user_id')
    .execute();
}

export async function insertReferralGrant(trx: Trx, row: ReferralAccessTable): Promise<void> {
  await trx.insertInto('referral_access').values(row).execute();
}

export async function deleteReferralGrant(trx: Trx, referralId: string, userId: string): Promise<boolean> {
  const r = await trx
    .deleteFrom('referral_access')
    .where('referral_id', '=', referralId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
