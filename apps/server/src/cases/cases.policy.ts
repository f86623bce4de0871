import { allowRoles } from '../http/policy.ts';

/**
 * Route policies of the cases context. Object-level rules (which case, how much of it) are in case-access.ts
 * and cases.service.ts: a case the caller may not see answers 404, like a missing one.
 */
export const casePolicies = {
  read: allowRoles(
    'cases-read',
    'Caseworkers and supervisors: the cases they may read. Auditors and analysts: non-sensitive cases of their organisation, without content.',
    'caseworker',
    'supervisor',
    'auditor',
    'analyst',
  ),
  work: allowRoles(
    'cases-work',
    'Caseworkers and supervisors, on cases they may read (sensitive ones: assigned or given access).',
    'caseworker',
    'supervisor',
  ),
  supervise: allowRoles(
    'cases-supervise',
    'Supervisors, on any case of their organisation (without its content unless they may read it).',
    'supervisor',
  ),
  vocabularies: allowRoles('vocabularies-read', 'Any signed-in user.'),
} as const;
