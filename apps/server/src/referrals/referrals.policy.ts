import { allowRoles } from '../http/policy.ts';

/**
 * Route policies of referrals. Object-level rules are in referrals.service.ts: the sending side is staff who may
 * read the case; the receiving side is its organisation's caseworkers and supervisors while the basis holds.
 */
export const referralPolicies = {
  work: allowRoles(
    'referrals-work',
    'Caseworkers and supervisors: the sender’s staff on the case, the receiver’s while the consent or basis holds.',
    'caseworker',
    'supervisor',
  ),
} as const;
