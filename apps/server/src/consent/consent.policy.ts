import { allowRoles } from '../http/policy.ts';

/** Route policies of the consent ledger: the staff who work with people record and read it. */
export const consentPolicies = {
  readLedger: allowRoles(
    'consent-read',
    'Caseworkers and supervisors of the organisation, for people they may see.',
    'caseworker',
    'supervisor',
  ),
  recordEvent: allowRoles(
    'consent-record',
    'Caseworkers and supervisors of the organisation, for people they may see.',
    'caseworker',
    'supervisor',
  ),
} as const;
