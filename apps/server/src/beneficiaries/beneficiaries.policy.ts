import { allowRoles } from '../http/policy.ts';
import { hasAnyRole, type Principal } from '../http/principal.ts';

/**
 * Route policies of the beneficiary registry. Person data is for the staff who work with people: caseworkers and
 * supervisors. Analysts and auditors work with aggregates and audit trails, administrators with accounts; they
 * get 403 here (SECURITY.md D4).
 */
export const beneficiaryPolicies = {
  readPersons: allowRoles(
    'beneficiaries-read',
    'Caseworkers and supervisors of the organisation; restricted persons only for staff on their sensitive case.',
    'caseworker',
    'supervisor',
  ),
  writePersons: allowRoles(
    'beneficiaries-write',
    'Caseworkers and supervisors of the organisation; restricted persons only for staff on their sensitive case.',
    'caseworker',
    'supervisor',
  ),
} as const;

/** Which view of a person a caller gets: the full record for case roles, none for anyone else. */
export function personViewFor(p: Principal): 'full' | null {
  return hasAnyRole(p, 'caseworker', 'supervisor') ? 'full' : null;
}
