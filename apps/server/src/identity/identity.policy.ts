import { allowRoles, anonymous, personOnly, signInStep } from '../http/policy.ts';
import { isPlatformAdmin, type Principal } from '../http/principal.ts';

/** Route policies of the identity context. */
export const identityPolicies = {
  login: anonymous('login', 'Anyone may try to sign in (rate-limited).'),
  session: signInStep('session-read', 'A signed-in person, also before the second factor.'),
  secondFactor: signInStep('second-factor', 'A signed-in person giving or setting up the second factor.'),
  ownAccount: personOnly('own-account', 'A signed-in person, for their own account.'),
  readOrganisations: allowRoles(
    'organisations-read',
    'Any signed-in user; others than platform administrators see only their own organisation.',
  ),
  partnerDirectory: allowRoles(
    'partner-directory',
    'Any signed-in user: who the partners are (names, kinds, countries; no personal data).',
  ),
  manageOrganisations: allowRoles('organisations-manage', 'Platform administrators.', 'platform_admin'),
  updateOrganisation: allowRoles(
    'organisations-update',
    'Platform administrators, or administrators of the organisation itself.',
    'platform_admin',
    'admin',
  ),
  readUsers: allowRoles(
    'users-read',
    'Administrators, supervisors and auditors of the organisation; platform administrators.',
    'platform_admin',
    'admin',
    'supervisor',
    'auditor',
  ),
  readColleagues: personOnly(
    'colleagues-read',
    'A signed-in person: the display names of the people of their own organisation (who holds a case, who wrote a note).',
  ),
  readUser: allowRoles(
    'user-read',
    'Any signed-in user for themselves; administrators, supervisors and auditors for their organisation; platform administrators for anyone.',
  ),
  manageUsers: personOnly(
    'users-manage',
    'Administrators of the organisation; platform administrators.',
    'platform_admin',
    'admin',
  ),
  manageTokens: personOnly('tokens-manage', 'Administrators of the organisation.', 'admin', 'platform_admin'),
} as const;

/** Object-level rule: may the caller see or change records of this organisation? */
export function canActInOrganisation(p: Principal, organisationId: string): boolean {
  return isPlatformAdmin(p) || p.organisationId === organisationId;
}
