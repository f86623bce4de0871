import { allowRoles } from '../http/policy.ts';

/**
 * Route policies of movements. Passenger data (the manifest) is personal and sensitive: only operations officers
 * and supervisors of the organisation running the movement read it, and every read is audited. Object-level rule
 * (movements.service.ts): another organisation's movement answers 404. The receiving partner sees only its
 * hand-overs (receptions), never the manifest.
 */
export const movementPolicies = {
  read: allowRoles(
    'movements-read',
    'Staff of the organisation running the movement: legs, seat counts and passenger counts (no personal data).',
    'operations_officer',
    'supervisor',
    'caseworker',
    'admin',
    'analyst',
  ),
  manage: allowRoles(
    'movements-manage',
    'Operations officers and supervisors: create movements and legs, book passengers, check in, record departures and arrivals.',
    'operations_officer',
    'supervisor',
  ),
  manifest: allowRoles(
    'movements-manifest',
    'Operations officers and supervisors: the passenger manifest and its exports (every read audited).',
    'operations_officer',
    'supervisor',
  ),
  reception: allowRoles(
    'movements-reception',
    'Staff of the receiving partner organisation: the hand-overs addressed to it, and confirming arrival.',
    'operations_officer',
    'caseworker',
    'supervisor',
  ),
  figures: allowRoles(
    'movements-figures',
    'Operations officers, supervisors, analysts and administrators: counts of people moved (no personal data).',
    'operations_officer',
    'supervisor',
    'analyst',
    'admin',
  ),
} as const;
