import { allowRoles } from '../http/policy.ts';

/**
 * Route policies of subject rights (SECURITY.md D8). Exporting or erasing everything about a person is a
 * supervisor's decision; the person must also be visible to them (object-level rule in the service).
 */
export const subjectRightsPolicies = {
  supervise: allowRoles(
    'subject-rights',
    'Supervisors of the organisation, for persons they may see (restricted persons: staff on their sensitive case).',
    'supervisor',
  ),
  request: allowRoles(
    'subject-rights-request',
    'Caseworkers and supervisors: file and follow requests about persons they may see (a supervisor decides them).',
    'caseworker',
    'supervisor',
  ),
} as const;
