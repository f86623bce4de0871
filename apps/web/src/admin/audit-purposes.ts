// The purposes an audit entry may name, worded on the audit log and in a person's readable copy. The server records
// its purposes as plain strings (the audit table has no list of them): the consent purposes and the data-sharing
// agreements' come from the contracts; the others are those its writers name (subject-rights routes and CLI,
// grievances, the retention sweep). A purpose missing here is shown as written.
import { AGREEMENT_PURPOSES, CONSENT_PURPOSES } from '@corridor/contracts';

export const AUDIT_PURPOSES = [
  ...CONSENT_PURPOSES,
  ...AGREEMENT_PURPOSES,
  'subject_rights',
  'grievance',
  'retention',
] as const;
export type AuditPurpose = (typeof AUDIT_PURPOSES)[number];

/** True for a purpose the interface words (`purposes.<purpose>` of the case-work messages). */
export const isAuditPurpose = (x: string): x is AuditPurpose => (AUDIT_PURPOSES as readonly string[]).includes(x);
