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
  fund_manager: true,
  operations_officer: true,
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
  // The referral inbox: case staff, and administrators, who assign received sensitive referrals (docs/cases.md).
  referrals: ['caseworker', 'supervisor', 'admin'],
  manageReferrals: ['supervisor', 'admin'],
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
  // Linkage projects (docs/linkage.md): staff of member organisations; platform administrators set them up.
  linkage: ['platform_admin', 'admin', 'supervisor', 'caseworker'],
  linkageManage: ['platform_admin'],
  linkageAgreements: ['platform_admin', 'admin', 'supervisor'],
  linkageEncode: ['admin', 'supervisor'],
  linkageResults: ['admin', 'supervisor', 'caseworker'],
  // Evidence dashboard (published figures) and, for analysts and administrators, exports and the annual report
  // (docs/indicators.md).
  evidence: ['analyst', 'admin', 'supervisor', 'platform_admin'],
  evidencePublish: ['analyst', 'admin', 'platform_admin'],
  evidenceExact: ['analyst', 'admin'],
  // Funds and projects (docs/operations.md): fund managers keep the books and release money; approvers act within
  // each fund's limits per role; caseworkers request money and report activities; analysts read figures and export.
  funds: ['fund_manager', 'supervisor', 'admin', 'analyst', 'caseworker'],
  fundsManage: ['fund_manager', 'admin'],
  fundsRequest: ['caseworker', 'supervisor', 'fund_manager'],
  fundsApprove: ['fund_manager', 'supervisor', 'admin'],
  fundsRelease: ['fund_manager'],
  fundsFigures: ['fund_manager', 'analyst', 'supervisor', 'admin'],
  projects: ['fund_manager', 'supervisor', 'admin', 'analyst', 'caseworker'],
  projectsManage: ['supervisor', 'admin', 'fund_manager'],
  projectsReport: ['caseworker', 'supervisor', 'fund_manager'],
  // Crises, movements and reintegration (docs/operations.md): operations officers and supervisors run crises and
  // movements and read manifests; caseworkers take evacuation requests and work reintegration plans; the reception
  // partner's staff confirm arrivals; analysts and administrators see the figures.
  crises: ['operations_officer', 'supervisor', 'caseworker', 'admin', 'analyst'],
  crisesManage: ['operations_officer', 'supervisor'],
  crisesRequests: ['operations_officer', 'caseworker', 'supervisor'],
  movements: ['operations_officer', 'supervisor', 'caseworker', 'admin', 'analyst'],
  movementsManage: ['operations_officer', 'supervisor'],
  movementsFigures: ['operations_officer', 'supervisor', 'analyst', 'admin'],
  receptions: ['operations_officer', 'caseworker', 'supervisor'],
  reintegration: ['caseworker', 'supervisor', 'operations_officer'],
  reintegrationWrite: ['caseworker', 'supervisor'],
  reintegrationFigures: ['analyst', 'supervisor', 'admin', 'operations_officer'],
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
