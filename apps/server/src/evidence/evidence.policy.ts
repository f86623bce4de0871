import { allowRoles } from '../http/policy.ts';

/**
 * Route policies of the evidence base. Indicator metadata and published (disclosure-controlled) values: analysts,
 * administrators, supervisors and platform administrators. Exact values (the internal view) are further limited
 * in the handler to analysts and administrators of the organisation, or platform administrators for the whole
 * platform, and every exact read is audited.
 */
export const evidencePolicies = {
  read: allowRoles(
    'evidence-read',
    'Analysts, administrators, supervisors and platform administrators: indicator metadata and published values ' +
      'of their organisation (the whole platform for platform administrators); exact values for analysts and ' +
      'administrators only, audited.',
    'analyst',
    'admin',
    'supervisor',
    'platform_admin',
  ),
} as const;
