import { allowRoles } from '../http/policy.ts';

/**
 * Route policies of remittance prices and recruitment costs. Prices are public facts about firms: analysts and
 * administrators enter them, supervisors may read them too. Recruitment-cost survey answers are pseudonymous
 * microdata about workers: analysts and administrators of the organisation that ran the survey only.
 */
export const remittancePolicies = {
  readPrices: allowRoles(
    'remittance-prices-read',
    'Analysts, administrators and supervisors: every quote (public price data).',
    'analyst',
    'admin',
    'supervisor',
  ),
  writePrices: allowRoles(
    'remittance-prices-write',
    'Analysts and administrators; a quote is changed or deleted only by the organisation that recorded it.',
    'analyst',
    'admin',
  ),
  surveys: allowRoles(
    'recruitment-costs',
    'Analysts and administrators, on their own organisation’s survey responses only.',
    'analyst',
    'admin',
  ),
} as const;
