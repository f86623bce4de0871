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
  recruiter_staff: true,
  certification_auditor: true,
  certification_officer: true,
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
  // Recruiters and IRIS certification (docs/recruitment.md): the certifying body, accredited auditors, recruiters.
  recruitment: ['certification_officer', 'certification_auditor', 'recruiter_staff', 'platform_admin'],
  // Worker grievances (docs/grievances.md): the certifying body's officers.
  grievances: ['certification_officer'],
  // Visa assistance centres (docs/centres.md): staff of the organisation that runs them read; caseworkers and
  // supervisors book and record attendance; supervisors and administrators manage; analysts read the figures.
  centres: ['caseworker', 'supervisor', 'admin', 'analyst'],
  centresBook: ['caseworker', 'supervisor'],
  centresManage: ['supervisor', 'admin'],
  centresFigures: ['analyst', 'supervisor', 'admin'],
  // Remittance prices and recruitment costs (docs/remittances.md): analysts and administrators enter data and see
  // the 10.7.1 survey figures; supervisors read prices and 10.c.1.
  remittances: ['analyst', 'admin', 'supervisor'],
  remittancesWrite: ['analyst', 'admin'],
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
