import type { AuditEntry } from '@corridor/contracts';
import type { AuditRow } from './audit.table.ts';

/** Audit row to its public shape. */
export function presentAuditEntry(r: AuditRow): AuditEntry {
  return {
    seq: r.seq,
    at: r.at,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    organisationId: r.organisation_id,
    actorUserId: r.actor_user_id,
    actorOrganisationId: r.actor_organisation_id,
    actorRoles: r.actor_roles ? r.actor_roles.split(' ') : [],
    purpose: r.purpose,
    sensitiveRead: r.sensitive_read === 1,
    details: JSON.parse(r.details) as Record<string, unknown>,
    hash: r.hash,
  };
}
