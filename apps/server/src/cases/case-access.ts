// Who may see a case or a person with a sensitive case. Shared by the cases, beneficiaries and referrals
// contexts (they call these functions, never the tables behind them).
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { hasAnyRole, type Principal } from '../http/principal.ts';

/** Case types whose records only assigned or explicitly permitted staff may see (SECURITY.md, GBVIMS protocols). */
export const SENSITIVE_CASE_TYPES = new Set(['trafficking', 'gbv', 'child']);

/** True for trafficking, GBV and unaccompanied-child cases. */
export const isSensitiveCaseType = (type: string): boolean => SENSITIVE_CASE_TYPES.has(type);

/** Roles that work on cases at all. */
export const CASE_ROLES = ['caseworker', 'supervisor'] as const;

/**
 * May the caller read this case's content? Same organisation and a case role; for a sensitive case, only the
 * assigned caseworker or someone given access to this case.
 */
export async function mayReadCase(
  db: Db,
  p: Principal,
  c: { id: string; organisation_id: string; sensitive: number; assigned_to: string | null },
): Promise<boolean> {
  if (c.organisation_id !== p.organisationId || !hasAnyRole(p, ...CASE_ROLES)) return false;
  if (c.sensitive !== 1) return true;
  if (c.assigned_to === p.userId) return true;
  const grant = await db
    .selectFrom('case_access')
    .select('case_id')
    .where('case_id', '=', c.id)
    .where('user_id', '=', p.userId)
    .executeTakeFirst();
  return grant !== undefined;
}

/**
 * May the caller see a restricted person (one with a sensitive case)? Only if they may read at least one of that
 * person's sensitive cases in their organisation.
 */
export async function mayReadRestrictedPerson(db: Db, p: Principal, beneficiaryId: string): Promise<boolean> {
  if (!hasAnyRole(p, ...CASE_ROLES)) return false;
  const row = await db
    .selectFrom('cases')
    .select('cases.id')
    .where('cases.beneficiary_id', '=', beneficiaryId)
    .where('cases.organisation_id', '=', p.organisationId)
    .where('cases.sensitive', '=', 1)
    .where((eb) =>
      eb.or([
        eb('cases.assigned_to', '=', p.userId),
        eb.exists(
          eb
            .selectFrom('case_access')
            .select(sql`1`.as('one'))
            .whereRef('case_access.case_id', '=', 'cases.id')
            .where('case_access.user_id', '=', p.userId),
        ),
      ]),
    )
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
