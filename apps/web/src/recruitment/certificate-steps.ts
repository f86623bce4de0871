import type { RecruiterDetail } from '@corridor/contracts';

type Certification = RecruiterDetail['certifications'][number];
type Audit = RecruiterDetail['audits'][number];

/**
 * Which steps on a recruiter's current certificate the page offers a certification officer, as the server allows them
 * (recruitment.service.ts): a live certificate (certified and not expired, or suspended) may be withdrawn; it is
 * audited for surveillance only while its expiry date is still ahead, suspended or not, and one surveillance audit
 * at a time; a suspended one is reinstated only before its expiry date.
 */
export function certificateSteps(cert: Certification | undefined, audits: readonly Audit[], now: Date) {
  const live = cert !== undefined && ((cert.status === 'certified' && !cert.expired) || cert.status === 'suspended');
  // (`expired` is said of a certified certificate only: a suspended one past its date is over for audits too)
  const pastExpiry = cert?.expiresAt != null && Date.parse(cert.expiresAt) <= now.getTime();
  const surveillanceOpen = audits.some(
    (a) => a.kind === 'surveillance' && (a.status === 'requested' || a.status === 'scheduled'),
  );
  return {
    live,
    /** A surveillance audit may be scheduled now. */
    surveillance: live && !pastExpiry && !surveillanceOpen,
    /** One is open already: the page says so instead of offering another. */
    surveillanceOpen: live && !pastExpiry && surveillanceOpen,
    /** The suspension may be lifted (past its date the certificate is over: the server refuses). */
    reinstate: cert?.status === 'suspended' && !pastExpiry,
    /** Suspended past its expiry date: the page says it is over rather than offering a reinstatement. */
    suspendedPastExpiry: cert?.status === 'suspended' && pastExpiry,
  };
}
