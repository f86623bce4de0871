import { allowRoles } from '../http/policy.ts';

/**
 * Route policies of return and reintegration. Object-level rule (reintegration.service.ts): a plan is read by
 * the office holding it and by the host office that opened it; only the holder changes it. Another
 * organisation's plan answers 404.
 */
export const reintegrationPolicies = {
  read: allowRoles(
    'reintegration-read',
    'Caseworkers, supervisors and operations officers of the host or origin office holding the plan.',
    'caseworker',
    'supervisor',
    'operations_officer',
  ),
  write: allowRoles(
    'reintegration-write',
    'Caseworkers and supervisors of the office holding the plan: plan items, surveys, hand-over.',
    'caseworker',
    'supervisor',
  ),
  figures: allowRoles(
    'reintegration-figures',
    'Analysts, supervisors, administrators and operations officers: cohort trends (aggregates, small cells suppressed).',
    'analyst',
    'supervisor',
    'admin',
    'operations_officer',
  ),
} as const;
