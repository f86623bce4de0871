import { allowRoles } from '../http/policy.ts';

/**
 * Route policies of referrals. Object-level rules are in referrals.service.ts: the sending side is staff who may
 * read the case; the receiving side is its organisation's caseworkers and supervisors while the basis holds, and
 * for a sensitive referral its supervisors and administrators, who manage it without seeing the person.
 */
export const referralPolicies = {
  work: allowRoles(
    'referrals-work',
    'Caseworkers and supervisors: the sender’s staff on the case, the receiver’s while the consent or basis holds.',
    'caseworker',
    'supervisor',
  ),
  manage: allowRoles(
    'referrals-manage',
    'As referrals-work, and the receiving organisation’s administrators for sensitive referrals only: they list, ' +
      'assign and let colleagues in to them without seeing the person (restricted), so none is left unassigned.',
    'caseworker',
    'supervisor',
    'admin',
  ),
} as const;
