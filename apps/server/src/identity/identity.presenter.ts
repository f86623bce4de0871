import type { ApiToken, Locale, Organisation, OrganisationKind, Role, User } from '@corridor/contracts';
import type { UserWithRoles } from './identity.repository.ts';
import type { ApiTokenRow, OrganisationRow } from './identity.table.ts';

/** What referrals an organisation takes, as the organisation and the partner directory show it. */
export function referralIntakeOf(o: OrganisationRow) {
  return {
    referralsPaused: o.referrals_paused === 1,
    referralServices: o.referral_services === null ? null : o.referral_services.split(' '),
    referralNote: o.referral_note,
  };
}

/** Organisation row to its public shape. */
export function presentOrganisation(o: OrganisationRow): Organisation {
  return {
    id: o.id,
    code: o.code,
    name: o.name,
    kind: o.kind as OrganisationKind,
    country: o.country,
    iatiIdentifier: o.iati_identifier,
    ...referralIntakeOf(o),
    demo: o.demo === 1,
    createdAt: o.created_at,
    updatedAt: o.updated_at,
    version: o.version,
  };
}

/** User row to its public shape: never the password hash, TOTP secrets or recovery codes. */
export function presentUser(u: UserWithRoles): User {
  return {
    id: u.id,
    organisationId: u.organisation_id,
    email: u.email,
    displayName: u.display_name,
    roles: u.roles,
    locale: u.locale as Locale,
    disabled: u.disabled_at !== null,
    totpEnabled: u.totp_enabled_at !== null,
    lastLoginAt: u.last_login_at,
    createdAt: u.created_at,
    updatedAt: u.updated_at,
    version: u.version,
  };
}

/** API token row to its public shape: never the secret or its hash. */
export function presentApiToken(t: ApiTokenRow): ApiToken {
  return {
    id: t.id,
    organisationId: t.organisation_id,
    name: t.name,
    roles: t.roles.split(' ') as Role[],
    createdBy: t.created_by,
    expiresAt: t.expires_at,
    revokedAt: t.revoked_at,
    lastUsedAt: t.last_used_at,
    createdAt: t.created_at,
  };
}
