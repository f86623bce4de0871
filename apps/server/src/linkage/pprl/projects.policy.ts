import { allowRoles, personOnly } from '../../http/policy.ts';

/** Route policies of linkage projects and data-sharing agreements (object rules: projects.service.ts). */
export const linkageProjectPolicies = {
  manage: personOnly(
    'linkage-project-manage',
    'Platform administrators create linkage projects and record data-sharing agreements between organisations.',
    'platform_admin',
  ),
  readAgreements: allowRoles(
    'agreement-read',
    'Platform administrators (all); administrators and supervisors (their organisation’s agreements).',
    'platform_admin',
    'admin',
    'supervisor',
  ),
  read: allowRoles(
    'linkage-project-read',
    'Platform administrators (all); staff of a member organisation (its projects).',
    'platform_admin',
    'admin',
    'supervisor',
    'caseworker',
  ),
  encode: allowRoles(
    'linkage-project-encode',
    'Administrators and supervisors of a member organisation, for its own records.',
    'admin',
    'supervisor',
  ),
  results: allowRoles(
    'linkage-project-results',
    'Administrators, supervisors and caseworkers of a member organisation: which of its own people a partner knows.',
    'admin',
    'supervisor',
    'caseworker',
  ),
} as const;
