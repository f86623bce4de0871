import type { Role } from '@corridor/contracts';
import { allowRoles, anonymous } from '../http/policy.ts';

/** The certifying body's staff who handle grievances (the recruitment context's certification officers). */
export const GRIEVANCE_OFFICER_ROLES: readonly Role[] = ['certification_officer'];

export const grievancePolicies = {
  file: anonymous(
    'grievance-file',
    'Anyone, without an account: a worker files a grievance (rate-limited per address; no personal data is shown back).',
  ),
  track: anonymous(
    'grievance-track',
    'Anyone holding a tracking code: the worker follows their grievance (rate-limited against code guessing).',
  ),
  work: allowRoles(
    'grievance-work',
    'Grievance officers of the receiving organisation (the certifying body); other organisations get 404.',
    ...GRIEVANCE_OFFICER_ROLES,
  ),
  desk: allowRoles(
    'grievance-desk',
    'The platform administrator chooses the organisation that receives grievances.',
    'platform_admin',
  ),
  readDesk: allowRoles(
    'grievance-desk-read',
    'Grievance officers and the platform administrator see which organisation receives grievances.',
    'platform_admin',
    ...GRIEVANCE_OFFICER_ROLES,
  ),
} as const;
