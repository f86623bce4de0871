import { allowRoles } from '../http/policy.ts';

/**
 * Route policies of projects and 5W (docs/operations.md). Object-level rule (projects.service.ts): staff see only
 * their own organisation's projects and reports; another organisation's answers 404.
 */
export const projectPolicies = {
  read: allowRoles(
    'projects-read',
    'Staff of the organisation: fund managers, supervisors, administrators, analysts and caseworkers.',
    'fund_manager',
    'supervisor',
    'admin',
    'analyst',
    'caseworker',
  ),
  manage: allowRoles(
    'projects-manage',
    'Supervisors, administrators and fund managers: create and change projects.',
    'supervisor',
    'admin',
    'fund_manager',
  ),
  report: allowRoles(
    'projects-report',
    'Caseworkers, supervisors and fund managers: record activity reports (people reached, counts only).',
    'caseworker',
    'supervisor',
    'fund_manager',
  ),
  figures: allowRoles(
    'projects-figures',
    'Analysts, supervisors, administrators and fund managers: project figures and the 5W export.',
    'analyst',
    'supervisor',
    'admin',
    'fund_manager',
  ),
} as const;
