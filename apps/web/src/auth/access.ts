import type { OrganisationKind, Role } from '@corridor/contracts';

// The contracts are imported as types only, so zod stays out of the first download; these objects make the
// compiler fail if a role or kind is added to the contracts and not here.
const ROLE_SET = {
  platform_admin: true,
  admin: true,
  supervisor: true,
  caseworker: true,
  analyst: true,
  auditor: true,
} as const satisfies Record<Role, true>;

const KIND_SET = {
  state_agency: true,
  international_organisation: true,
  civil_society: true,
  private_sector: true,
  local_government: true,
} as const satisfies Record<OrganisationKind, true>;

/** Every role, in the contracts' order. */
export const ROLES = Object.keys(ROLE_SET) as Role[];

/** Every kind of organisation. */
export const ORGANISATION_KINDS = Object.keys(KIND_SET) as OrganisationKind[];

/** What each area of the app needs; the server enforces the same rules, this only hides what would be refused. */
export const ACCESS = {
  organisations: ['platform_admin'],
  users: ['platform_admin', 'admin'],
  tokens: ['admin'],
  audit: ['auditor', 'admin', 'platform_admin'],
  verifyAudit: ['auditor', 'platform_admin'],
  // People, cases, referrals and tasks: the staff who assist people (the server also requires their second factor).
  protection: ['caseworker', 'supervisor'],
  // Assigning cases, deciding closures and granting access to sensitive cases.
  supervise: ['supervisor'],
} as const satisfies Record<string, readonly Role[]>;

/** The areas of the app guarded by a role. */
export type Area = keyof typeof ACCESS;

/** True when someone holding `roles` may use `area`. */
export function canUse(roles: readonly Role[], area: Area): boolean {
  const allowed: readonly Role[] = ACCESS[area];
  return roles.some((r) => allowed.includes(r));
}

/** Narrows a string (such as an audit entry's actor role) to a known role. */
export function isRole(value: string): value is Role {
  return Object.hasOwn(ROLE_SET, value);
}
