import { allowRoles, anonymous } from '../http/policy.ts';

/**
 * Route policies of Visa Assistance Centres. Object-level rule (centres.service.ts): staff see only their own
 * organisation's centres and appointments; another organisation's record answers 404.
 */
export const centrePolicies = {
  read: allowRoles(
    'centres-read',
    'Staff of the organisation that runs the centre: caseworkers, supervisors, administrators and analysts.',
    'caseworker',
    'supervisor',
    'admin',
    'analyst',
  ),
  manage: allowRoles(
    'centres-manage',
    'Supervisors and administrators of the organisation that runs the centre.',
    'supervisor',
    'admin',
  ),
  book: allowRoles(
    'centres-book',
    'Caseworkers and supervisors of the organisation that runs the centre: book, reschedule, cancel, check in.',
    'caseworker',
    'supervisor',
  ),
  figures: allowRoles(
    'centres-figures',
    'Analysts, supervisors and administrators of the organisation: throughput figures (no personal data).',
    'analyst',
    'supervisor',
    'admin',
  ),
  publicBooking: anonymous(
    'centres-public',
    'Anyone: public centres, free slots, and booking, viewing or cancelling with a booking code (rate-limited).',
  ),
} as const;
