// Who may see a case or a person with a sensitive case. Shared by the cases, beneficiaries and referrals
// contexts (they call these functions, never the tables behind them).
import { type Expression, expressionBuilder, type SqlBool, sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import { DomainError } from '../errors.ts';
import { hasAnyRole, type Principal } from '../http/principal.ts';
import type { caseType } from '../vocabularies/case-type.ts';
import type { CodeOf } from '../vocabularies/vocabulary.ts';

/** Case types whose records only assigned or explicitly permitted staff may see (SECURITY.md, GBVIMS protocols). */
export const SENSITIVE_CASE_TYPES: ReadonlySet<string> = new Set<CodeOf<typeof caseType>>([
  'trafficking',
  'gbv',
  'child',
]);

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
  return isLetIntoCase(db, c, p.userId);
}

/**
 * Is this user let into the case's content, beyond being of its organisation with a case role? Always for an
 * ordinary case; for a sensitive one, only its assigned caseworker or someone given access to it.
 */
export async function isLetIntoCase(
  db: Db,
  c: { id: string; sensitive: number; assigned_to: string | null },
  userId: string,
): Promise<boolean> {
  if (c.sensitive !== 1 || c.assigned_to === userId) return true;
  const grant = await db
    .selectFrom('case_access')
    .select('case_id')
    .where('case_id', '=', c.id)
    .where('user_id', '=', userId)
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

/** Roles that see cases without their content (oversight): never sensitive ones, never names or forms. */
export const CASE_OVERSIGHT_ROLES = ['auditor', 'analyst'] as const;

/**
 * SQL twin of mayReadCase for lists: the rows of `cases` whose content the caller may read. Callers without a case
 * role get no rows. Keep the two in step (case-access.integration.test.ts checks they agree).
 */
export function readableCases(p: Principal): Expression<SqlBool> {
  if (!hasAnyRole(p, ...CASE_ROLES)) return sql<SqlBool>`1 = 0`;
  const eb = expressionBuilder<DB, 'cases'>();
  return eb.and([
    eb('cases.organisation_id', '=', p.organisationId),
    eb.or([
      eb('cases.sensitive', '=', 0),
      eb('cases.assigned_to', '=', p.userId),
      eb.exists(
        eb
          .selectFrom('case_access')
          .select(sql`1`.as('one'))
          .whereRef('case_access.case_id', '=', 'cases.id')
          .where('case_access.user_id', '=', p.userId),
      ),
    ]),
  ]);
}

/**
 * A supervisor or administrator manages sensitive cases and referrals without reading them (GBVIMS): they let
 * caseworkers in (an access grant, or assigning the record to them). Letting themselves in is for those who also do
 * casework (a caseworker too, as in a small team); a supervisor or administrator who is not is refused, so that
 * their reading a survivor's or victim's record is someone else's decision (and audited).
 */
export function assertNotLettingThemselvesIn(p: Principal, userId: string, what: 'case' | 'referral'): void {
  if (userId === p.userId && !p.roles.includes('caseworker'))
    throw new DomainError(
      'forbidden',
      `Only caseworkers work on a sensitive ${what}: you may not give it to yourself without the caseworker role.`,
    );
}
