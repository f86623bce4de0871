import { allowRoles } from '../http/policy.ts';

/**
 * Route policies of duplicate review. Person data: caseworkers and supervisors of the organisation decide pairs;
 * a supervisor scans the registry and undoes merges. Pairs with a restricted person only for staff on their
 * sensitive case (the service checks each person).
 */
export const reviewPolicies = {
  review: allowRoles(
    'linkage-review',
    'Caseworkers and supervisors of the organisation; pairs with a restricted person only for staff on their sensitive case.',
    'caseworker',
    'supervisor',
  ),
  supervise: allowRoles(
    'linkage-supervise',
    'Supervisors of the organisation: scan the registry for duplicates, undo a merge.',
    'supervisor',
  ),
} as const;
