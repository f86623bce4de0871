import type { AuditTable } from '../audit/audit.table.ts';
import type { IdempotencyTable, RateLimitTable } from '../http/http.table.ts';
import type {
  ApiTokenTable,
  OrganisationTable,
  RecoveryCodeTable,
  SessionTable,
  UserRoleTable,
  UserTable,
} from '../identity/identity.table.ts';

/** The whole database as Kysely sees it: one entry per table, typed by the context that owns it. */
export interface DB {
  organisations: OrganisationTable;
  users: UserTable;
  user_roles: UserRoleTable;
  recovery_codes: RecoveryCodeTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  audit_log: AuditTable;
  idempotency_keys: IdempotencyTable;
  rate_limits: RateLimitTable;
}
