import { allowRoles } from '../http/policy.ts';

/**
 * Route policies of crises. Object-level rule (crises.service.ts): staff see only their own organisation's
 * crises; another organisation's answers 404. Evacuation requests carry names and phone numbers: only the staff
 * who take them (operations officers, caseworkers, supervisors) read them, and each read of the list is audited.
 */
export const crisisPolicies = {
  places: allowRoles('places-read', 'Any signed-in user: OCHA’s list of places (reference data, no records).'),
  read: allowRoles(
    'crises-read',
    'Staff of the organisation: the crisis registry, affected populations and consular focal points.',
    'operations_officer',
    'supervisor',
    'caseworker',
    'admin',
    'analyst',
  ),
  manage: allowRoles(
    'crises-manage',
    'Operations officers and supervisors: open and update crises, record populations and focal points.',
    'operations_officer',
    'supervisor',
  ),
  requests: allowRoles(
    'crises-requests',
    'Operations officers, caseworkers and supervisors: take evacuation requests and book accepted ones.',
    'operations_officer',
    'caseworker',
    'supervisor',
  ),
  accept: allowRoles(
    'crises-accept',
    'Caseworkers and supervisors: accepting a request registers the person and opens their case.',
    'caseworker',
    'supervisor',
  ),
} as const;
