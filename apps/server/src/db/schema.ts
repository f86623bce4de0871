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
  RetiredReferenceTable,
} from '../cases/cases.table.ts';
import type {
  AppointmentTable,
  CentreClosureTable,
  CentreServiceTable,
  CentreSlotTable,
  CentreTable,
} from '../centres/centres.table.ts';
import type { ConsentEventTable } from '../consent/consent.table.ts';
import type {
  ConsularFocalPointTable,
  CrisisAreaTable,
  CrisisPopulationTable,
  CrisisTable,
  EvacuationRequestTable,
} from '../crises/crises.table.ts';
import type {
  EvidenceCellTable,
  EvidenceMembershipTable,
  EvidencePendingTable,
  EvidencePeopleTable,
} from '../evidence/evidence.table.ts';
import type {
  FundAccountTable,
  FundApprovalLimitTable,
  FundEntryTable,
  FundLineTable,
  FundRequestTable,
  FundTable,
} from '../funds/funds.table.ts';
import type {
  GrievanceDeskTable,
  GrievanceEventTable,
  GrievanceMessageTable,
  GrievanceTable,
} from '../grievances/grievances.table.ts';
import type { DeploymentSettingTable, IdempotencyTable, RateLimitTable } from '../http/http.table.ts';
import type {
  ApiTokenTable,
  OrganisationTable,
  PasswordResetTable,
  RecoveryCodeTable,
  SessionTable,
  UserRoleTable,
  UserTable,
} from '../identity/identity.table.ts';
import type { ImportKeyTable } from '../imports/imports.table.ts';
import type { JobRunTable, JobScheduleTable, JobTable } from '../jobs/jobs.table.ts';
import type { BeneficiaryMergeTable, LinkageCandidateTable, LinkageModelTable } from '../linkage/linkage.table.ts';
import type {
  DataSharingAgreementTable,
  LinkageEncodingTable,
  LinkageMatchTable,
  LinkageProjectMemberTable,
  LinkageProjectTable,
} from '../linkage/pprl/pprl.table.ts';
import type {
  MovementFigureTable,
  MovementLegTable,
  MovementPassengerTable,
  MovementReceptionTable,
  MovementTable,
} from '../movements/movements.table.ts';
import type {
  NotificationReadTable,
  NotificationTable,
  OutboundMessageTable,
} from '../notifications/notifications.table.ts';
import type { ProjectReportTable, ProjectTable } from '../projects/projects.table.ts';
import type {
  AuditFindingTable,
  CertificationAuditTable,
  CertificationEventTable,
  CertificationTable,
  RecruiterRegisterStateTable,
  RecruiterTable,
} from '../recruitment/recruitment.table.ts';
import type { ReferralReminderTable } from '../referrals/referral-reminders.table.ts';
import type { ReferralAccessTable, ReferralTable } from '../referrals/referrals.table.ts';
import type {
  ReintegrationHandoverTable,
  ReintegrationPlanItemTable,
  ReintegrationPlanTable,
  ReintegrationSurveyTable,
} from '../reintegration/reintegration.table.ts';
import type {
  RecruitmentCostResponseTable,
  RemittanceCorridorHistoryTable,
  RemittanceQuoteTable,
} from '../remittances/remittances.table.ts';
import type { SubjectRightsRequestTable } from '../subject-rights/subject-rights.table.ts';

/** The whole database as Kysely sees it: one entry per table, typed by the context that owns it. */
export interface DB {
  organisations: OrganisationTable;
  users: UserTable;
  user_roles: UserRoleTable;
  recovery_codes: RecoveryCodeTable;
  password_resets: PasswordResetTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  audit_log: AuditTable;
  idempotency_keys: IdempotencyTable;
  rate_limits: RateLimitTable;
  deployment_settings: DeploymentSettingTable;
  beneficiaries: BeneficiaryTable;
  beneficiary_name_keys: BeneficiaryNameKeyTable;
  beneficiary_documents: BeneficiaryDocumentTable;
  consent_events: ConsentEventTable;
  cases: CaseTable;
  case_codes: CaseCodeTable;
  retired_references: RetiredReferenceTable;
  subject_rights_requests: SubjectRightsRequestTable;
  case_access: CaseAccessTable;
  case_assessments: CaseAssessmentTable;
  case_plan_items: CasePlanItemTable;
  case_services: CaseServiceTable;
  case_notes: CaseNoteTable;
  case_tasks: CaseTaskTable;
  referrals: ReferralTable;
  referral_access: ReferralAccessTable;
  import_keys: ImportKeyTable;
  remittance_quotes: RemittanceQuoteTable;
  remittance_corridor_history: RemittanceCorridorHistoryTable;
  recruitment_cost_responses: RecruitmentCostResponseTable;
  jobs: JobTable;
  job_schedules: JobScheduleTable;
  job_runs: JobRunTable;
  notifications: NotificationTable;
  notification_reads: NotificationReadTable;
  outbound_messages: OutboundMessageTable;
  referral_reminders: ReferralReminderTable;
  recruiters: RecruiterTable;
  recruiter_register_state: RecruiterRegisterStateTable;
  certifications: CertificationTable;
  certification_audits: CertificationAuditTable;
  audit_findings: AuditFindingTable;
  certification_events: CertificationEventTable;
  centres: CentreTable;
  centre_services: CentreServiceTable;
  centre_closures: CentreClosureTable;
  centre_slots: CentreSlotTable;
  appointments: AppointmentTable;
  grievance_desk: GrievanceDeskTable;
  grievances: GrievanceTable;
  grievance_messages: GrievanceMessageTable;
  grievance_events: GrievanceEventTable;
  data_sharing_agreements: DataSharingAgreementTable;
  linkage_candidates: LinkageCandidateTable;
  beneficiary_merges: BeneficiaryMergeTable;
  linkage_models: LinkageModelTable;
  linkage_projects: LinkageProjectTable;
  linkage_project_members: LinkageProjectMemberTable;
  linkage_encodings: LinkageEncodingTable;
  linkage_matches: LinkageMatchTable;
  funds: FundTable;
  fund_approval_limits: FundApprovalLimitTable;
  fund_accounts: FundAccountTable;
  fund_entries: FundEntryTable;
  fund_lines: FundLineTable;
  fund_requests: FundRequestTable;
  projects: ProjectTable;
  project_reports: ProjectReportTable;
  crises: CrisisTable;
  crisis_areas: CrisisAreaTable;
  crisis_populations: CrisisPopulationTable;
  consular_focal_points: ConsularFocalPointTable;
  evacuation_requests: EvacuationRequestTable;
  movements: MovementTable;
  movement_legs: MovementLegTable;
  movement_passengers: MovementPassengerTable;
  movement_receptions: MovementReceptionTable;
  movement_figures: MovementFigureTable;
  reintegration_plans: ReintegrationPlanTable;
  reintegration_plan_items: ReintegrationPlanItemTable;
  reintegration_handovers: ReintegrationHandoverTable;
  reintegration_surveys: ReintegrationSurveyTable;
  evidence_cells: EvidenceCellTable;
  evidence_membership: EvidenceMembershipTable;
  evidence_pending: EvidencePendingTable;
  evidence_people: EvidencePeopleTable;
}
