// Reading a sensitive case (trafficking, GBV, child) is a sensitive read: it is audited synchronously in the
// route's transaction, and if the entry cannot be written the read fails (SECURITY.md D9). Entries name the
// parts read, never their content.
import type { AuditEvent } from '../audit/audit.service.ts';
import type { CaseRow } from './cases.table.ts';

/** The audit entry for reading `parts` of a case, or null when the case is not sensitive. */
export function sensitiveCaseRead(row: CaseRow, action: string, parts: string[]): AuditEvent | null {
  if (row.sensitive !== 1) return null;
  return {
    action,
    entityType: 'case',
    entityId: row.id,
    organisationId: row.organisation_id,
    purpose: 'assistance',
    sensitiveRead: true,
    details: { caseType: row.type, parts },
  };
}
