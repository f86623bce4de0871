import type { AuditTable } from '../audit/audit.table.ts';
import type {
  BeneficiaryDocumentTable,
  BeneficiaryNameKeyTable,
  BeneficiaryTable,
} from '../beneficiaries/beneficiaries.table.ts';
import type {
  CaseAccessTable,
  CaseAssessmentTable,
  CaseCodeTable,
  CaseNoteTable,
  CasePlanItemTable,
  CaseServiceTable,
  CaseTable,
  CaseTaskTable,
} from '../cases/cases.table.ts';
import type { ConsentEventTable } from '../consent/consent.table.ts';
import type { IdempotencyTable, RateLimitTable } from '../http/http.table.ts';
import type {
  ApiTokenTable,
  OrganisationTable,
  RecoveryCodeTable,
  SessionTable,
  UserRoleTable,
  UserTable,
} from '../identity/identity.table.ts';
import type { ImportKeyTable } from '../imports/imports.table.ts';
import type { ReferralTable } from '../referrals/referrals.table.ts';

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
  beneficiaries: BeneficiaryTable;
  beneficiary_name_keys: BeneficiaryNameKeyTable;
  beneficiary_documents: BeneficiaryDocumentTable;
  consent_events: ConsentEventTable;
  cases: CaseTable;
  case_codes: CaseCodeTable;
  case_access: CaseAccessTable;
  case_assessments: CaseAssessmentTable;
  case_plan_items: CasePlanItemTable;
  case_services: CaseServiceTable;
  case_notes: CaseNoteTable;
  case_tasks: CaseTaskTable;
  referrals: ReferralTable;
  import_keys: ImportKeyTable;
}
