// Who a sensitive case or referral (trafficking, GBV, child) can be given to, or opened to, by a supervisor or an
// administrator. The server's rule (cases/case-access.ts assertNotLettingThemselvesIn, after assertCaseStaff):
// an active caseworker or supervisor of the organisation, never the caller themselves unless they hold the
// caseworker role, so that their reading a survivor's or victim's record is someone else's decision. The pickers
// offer exactly those, rather than a name that is always refused.
import type { Role, User } from '@corridor/contracts';

/**
 * The colleagues a sensitive record can go to, and whether the caller was left out (they are not a caseworker).
 * `current`, the record's assignee, always stays: assigning it to them again changes nothing, and is not refused.
 */
export function sensitiveAssignees(
  assignable: readonly User[],
  me: { id: string; roles: readonly Role[] },
  current: string | null = null,
): { users: User[]; selfLeftOut: boolean } {
  const caseworker = me.roles.includes('caseworker');
  const users = assignable.filter((u) => caseworker || u.id !== me.id || u.id === current);
  return { users, selfLeftOut: users.length < assignable.length };
}
