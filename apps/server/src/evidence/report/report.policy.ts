import { allowRoles } from '../../http/policy.ts';

/**
 * Route policies of the evidence dashboard, its exports and the annual report. Every figure these routes give is
 * published (disclosure-controlled) and scoped to the caller's organisation; only a platform administrator may ask
 * for the whole platform's (dashboard.ts, scopeFor). Exports and reports are audited (SECURITY.md D10).
 */
export const evidenceReportPolicies = {
  dashboard: allowRoles(
    'evidence-dashboard',
    'Analysts, administrators, supervisors and platform administrators: published figures of their organisation.',
    'analyst',
    'admin',
    'supervisor',
    'platform_admin',
  ),
  publish: allowRoles(
    'evidence-publish',
    'Analysts, administrators and platform administrators: exports and annual reports (audited).',
    'analyst',
    'admin',
    'platform_admin',
  ),
} as const;
