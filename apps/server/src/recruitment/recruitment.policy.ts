import { DomainError, notFound } from '../errors.ts';
import { allowRoles, anonymous } from '../http/policy.ts';
import { hasAnyRole, type Principal } from '../http/principal.ts';
import type { RecruiterRow } from './recruitment.table.ts';

/**
 * Route policies of the recruiter registry and IRIS certification. Object-level rules (below): the certifying
 * body (certification officers, platform administrators) and accredited auditors see every recruiter; a
 * recruiter's own staff (recruiter_staff or admin of the recruiter's organisation) see only their recruiter;
 * anyone else gets 404 for a recruiter, as if it did not exist.
 */
export const recruitmentPolicies = {
  read: allowRoles(
    'recruitment-read',
    'Certification officers, certification auditors and platform administrators (every recruiter); recruiter staff and administrators of a recruiter’s organisation (their own).',
    'certification_officer',
    'certification_auditor',
    'platform_admin',
    'recruiter_staff',
    'admin',
  ),
  recruiterSide: allowRoles(
    'recruitment-recruiter',
    'Recruiter staff and administrators of the recruiter’s organisation (certification officers may also apply on its behalf).',
    'recruiter_staff',
    'admin',
    'certification_officer',
  ),
  officer: allowRoles(
    'recruitment-officer',
    'Certification officers of the certifying body and platform administrators.',
    'certification_officer',
    'platform_admin',
  ),
  auditor: allowRoles('recruitment-auditor', 'The accredited auditor assigned to the audit.', 'certification_auditor'),
  verify: allowRoles(
    'recruitment-verify',
    'The auditor assigned to the finding’s audit, or a certification officer.',
    'certification_auditor',
    'certification_officer',
  ),
  worklist: allowRoles(
    'recruitment-audits',
    'Certification officers (every audit) and certification auditors (their assignments).',
    'certification_officer',
    'certification_auditor',
    'platform_admin',
  ),
  publicLookup: anonymous(
    'recruiters-public',
    'Anyone: the public register of recruiters and their certification (no personal data), rate-limited per address.',
  ),
} as const;

export const isOfficer = (p: Principal): boolean => hasAnyRole(p, 'certification_officer', 'platform_admin');
export const isCertAuditor = (p: Principal): boolean => hasAnyRole(p, 'certification_auditor');
export const isRecruiterSide = (p: Principal, r: Pick<RecruiterRow, 'organisation_id'>): boolean =>
  p.organisationId === r.organisation_id && hasAnyRole(p, 'recruiter_staff', 'admin');

/** May the caller see this recruiter at all? */
export const canRead = (p: Principal, r: Pick<RecruiterRow, 'organisation_id'>): boolean =>
  isOfficer(p) || isCertAuditor(p) || isRecruiterSide(p, r);

/** Throws 404 unless the caller may see the recruiter. */
export function assertRead(p: Principal, r: Pick<RecruiterRow, 'organisation_id'> | undefined): asserts r {
  if (!r || !canRead(p, r)) throw notFound('recruiter');
}

/** The recruiter's own side (or an officer acting for it where allowed). */
export function assertRecruiterSide(p: Principal, r: Pick<RecruiterRow, 'organisation_id'>, officerToo = false): void {
  if (isRecruiterSide(p, r) || (officerToo && isOfficer(p))) return;
  throw new DomainError('forbidden', 'Only the recruiter’s own staff may do this.');
}

export function assertOfficer(p: Principal): void {
  if (!isOfficer(p)) throw new DomainError('forbidden', 'Only a certification officer may do this.');
}
