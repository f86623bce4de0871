import type { Selectable } from 'kysely';

export interface AuditTable {
  seq: number;
  at: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  /** The organisation whose record was touched (scopes who may browse the entry). */
  organisation_id: string | null;
  actor_user_id: string | null;
  actor_organisation_id: string | null;
  /** Space-separated roles the actor held. */
  actor_roles: string;
  purpose: string | null;
  sensitive_read: number;
  /** Canonical JSON; never holds passwords, secrets or tokens. */
  details: string;
  prev_hash: string;
  hash: string;
}
export type AuditRow = Selectable<AuditTable>;
