import { allowRoles } from '../http/policy.ts';

export const auditPolicies = {
  browse: allowRoles(
    'audit-browse',
    'Auditors and administrators of the organisation; platform administrators for all.',
    'auditor',
    'admin',
    'platform_admin',
  ),
  verify: allowRoles('audit-verify', 'Auditors and platform administrators.', 'auditor', 'platform_admin'),
} as const;
