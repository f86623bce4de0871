// Labour recruiters and their certification against the IRIS principles (issue #6 parts 1-2, docs/recruitment.md).
import { z } from 'zod';
import { CountryCode, DayInRange, Id, Timestamp } from './common.ts';

const line = (max: number) => z.string().trim().min(1).max(max);
const Day = DayInRange;

/** The IRIS principles: A, B, then 1 to 5. */
export const IrisPrinciple = z.enum(['A', 'B', '1', '2', '3', '4', '5']);
export const CriterionCode = z.string().regex(/^[AB1-5]\.\d{1,2}$/, 'must be a criterion code such as "A.1" or "2.1"');

export const RecruitmentSector = z.enum([
  'agriculture',
  'construction',
  'domestic_work',
  'health_care',
  'hospitality',
  'manufacturing',
  'transport',
  'retail',
  'cleaning_security',
  'fishing',
  'other',
]);

/** Where a recruiter's certification stands (expiry is read from `certificateExpiresAt`). */
export const CertificationStatus = z.enum([
  'applied',
  'self_assessed',
  'in_audit',
  'audited',
  'certified',
  'refused',
  'suspended',
  'withdrawn',
]);
export type CertificationStatus = z.infer<typeof CertificationStatus>;
/** The recruiter's status as shown in lists: its current certification's, `expired` past the expiry, or `none`. */
export const RecruiterCertStatus = z.enum([...CertificationStatus.options, 'expired', 'none']);
export type RecruiterCertStatus = z.infer<typeof RecruiterCertStatus>;

export const AuditKind = z.enum(['initial', 'surveillance', 'for_cause']);
export const AuditStatus = z.enum(['requested', 'scheduled', 'completed', 'cancelled']);
export const FindingSeverity = z.enum(['major', 'minor', 'observation']);
export const FindingStatus = z.enum(['open', 'action_planned', 'action_submitted', 'closed']);

export const Corridor = z
  .object({ origin: CountryCode, destination: CountryCode })
  .strict()
  .refine((c) => c.origin !== c.destination, {
    message: 'must lead to another country',
    params: { rule: 'other_country' },
    path: ['destination'],
  });

export const RecruiterFields = z.object({
  name: line(200),
  licenceNumber: line(60),
  licensingAuthority: line(200),
  licenceCountry: CountryCode,
  licenceExpiresOn: Day.nullable().default(null),
  countries: z.array(CountryCode).max(40).default([]),
  corridors: z.array(Corridor).max(60).default([]),
  sectors: z.array(RecruitmentSector).max(11).default([]),
  employers: z.array(line(200)).max(100).default([]),
});

export const CreateRecruiter = RecruiterFields.extend({
  organisationId: Id.describe('The recruiter’s organisation (kind private_sector), one recruiter per organisation.'),
})
  .strict()
  .meta({ id: 'CreateRecruiter' });
export type CreateRecruiter = z.infer<typeof CreateRecruiter>;

export const UpdateRecruiter = z
  .object({
    name: line(200),
    licenceNumber: line(60),
    licensingAuthority: line(200),
    licenceCountry: CountryCode,
    licenceExpiresOn: Day.nullable(),
    countries: z.array(CountryCode).max(40),
    corridors: z.array(Corridor).max(60),
    sectors: z.array(RecruitmentSector).max(11),
    employers: z.array(line(200)).max(100),
  })
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, {
    message: 'send at least one field to change',
    params: { rule: 'some_change' },
  })
  .meta({ id: 'UpdateRecruiter' });
export type UpdateRecruiter = z.infer<typeof UpdateRecruiter>;

export const RecruiterSummary = z
  .object({
    id: Id,
    organisationId: Id,
    name: z.string(),
    licenceNumber: z.string(),
    licensingAuthority: z.string(),
    licenceCountry: z.string(),
    licenceExpiresOn: z.string().nullable(),
    countries: z.array(z.string()),
    corridors: z.array(Corridor),
    sectors: z.array(z.string()),
    employers: z.array(z.string()),
    status: RecruiterCertStatus,
    certificateNumber: z.string().nullable(),
    certificateExpiresAt: Timestamp.nullable(),
    statusReason: z.string().nullable(),
    demo: z.boolean(),
    updatedAt: Timestamp,
    version: z.number().int(),
  })
  .meta({ id: 'RecruiterSummary' });
export type RecruiterSummary = z.infer<typeof RecruiterSummary>;

export const SelfAssessmentAnswer = z.object({
  answer: z.enum(['yes', 'partly', 'no']),
  note: z.string().trim().max(1000).default(''),
});
export const SelfAssessment = z
  .object({ answers: z.record(CriterionCode, SelfAssessmentAnswer) })
  .strict()
  .meta({ id: 'SelfAssessment' });
export type SelfAssessment = z.infer<typeof SelfAssessment>;

export const Finding = z
  .object({
    id: Id,
    auditId: Id,
    principle: IrisPrinciple,
    criterion: z.string(),
    severity: FindingSeverity,
    description: z.string(),
    status: FindingStatus,
    actionPlan: z.string().nullable(),
    actionDueOn: z.string().nullable(),
    actionOverdue: z.boolean(),
    evidence: z.string().nullable(),
    verifiedAt: Timestamp.nullable(),
    verificationNote: z.string().nullable(),
    createdAt: Timestamp,
  })
  .meta({ id: 'Finding' });
export type Finding = z.infer<typeof Finding>;

export const RecruitmentAudit = z
  .object({
    id: Id,
    recruiterId: Id,
    recruiterName: z.string(),
    certificationId: Id.nullable(),
    kind: AuditKind,
    status: AuditStatus,
    auditor: z.object({ id: Id, displayName: z.string() }).nullable(),
    scheduledFor: z.string().nullable(),
    completedAt: Timestamp.nullable(),
    summary: z.string().nullable(),
    reason: z.string().nullable(),
    source: z.string().nullable(),
    sourceRef: z.string().nullable(),
    findings: z.array(Finding),
    createdAt: Timestamp,
  })
  .meta({ id: 'RecruitmentAudit' });
export type RecruitmentAudit = z.infer<typeof RecruitmentAudit>;

export const Certification = z
  .object({
    id: Id,
    status: CertificationStatus,
    expired: z.boolean(),
    appliedAt: Timestamp,
    selfAssessment: z.record(z.string(), SelfAssessmentAnswer).nullable(),
    selfAssessedAt: Timestamp.nullable(),
    decidedAt: Timestamp.nullable(),
    decisionReason: z.string().nullable(),
    certificateNumber: z.string().nullable(),
    issuedAt: Timestamp.nullable(),
    expiresAt: Timestamp.nullable(),
    suspendedAt: Timestamp.nullable(),
    withdrawnAt: Timestamp.nullable(),
    statusReason: z.string().nullable(),
    version: z.number().int(),
  })
  .meta({ id: 'Certification' });
export type Certification = z.infer<typeof Certification>;

export const CertificationEvent = z
  .object({
    id: Id,
    event: z.string(),
    fromStatus: z.string().nullable(),
    toStatus: z.string().nullable(),
    note: z.string().nullable(),
    certificationId: Id.nullable(),
    auditId: Id.nullable(),
    findingId: Id.nullable(),
    actor: z.string().nullable().describe('Display name of the user who did it (null: the system).'),
    at: Timestamp,
  })
  .meta({ id: 'CertificationEvent' });

export const RecruiterDetail = z
  .object({
    recruiter: RecruiterSummary,
    organisation: z.object({ id: Id, code: z.string(), name: z.string() }),
    certifications: z.array(Certification).describe('Newest first.'),
    audits: z.array(RecruitmentAudit).describe('Newest first.'),
    events: z.array(CertificationEvent).describe('Oldest first.'),
    /** What the caller may do now (the server checks again). */
    can: z.object({
      edit: z.boolean(),
      apply: z.boolean(),
      actAsRecruiter: z.boolean(),
      officer: z.boolean(),
      auditor: z.boolean(),
    }),
  })
  .meta({ id: 'RecruiterDetail' });
export type RecruiterDetail = z.infer<typeof RecruiterDetail>;

export const RecruiterListQuery = z.object({
  q: z.string().trim().max(200).optional().describe('Part of the name, or the licence number.'),
  status: RecruiterCertStatus.optional(),
  country: CountryCode.optional().describe('A country of operation.'),
  destination: CountryCode.optional().describe('A destination served by one of its corridors.'),
  sector: RecruitmentSector.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type RecruiterListQuery = z.infer<typeof RecruiterListQuery>;

export const RecruiterPage = z
  .object({ items: z.array(RecruiterSummary), total: z.number().int() })
  .meta({ id: 'RecruiterPage' });

export const RecruiterExport = z
  .object({
    format: z.enum(['csv', 'xlsx']),
    q: z.string().trim().max(200).optional(),
    status: RecruiterCertStatus.optional(),
    country: CountryCode.optional(),
    destination: CountryCode.optional(),
    sector: RecruitmentSector.optional(),
  })
  .strict()
  .meta({ id: 'RecruiterExport' });

export const ScheduleAudit = z
  .object({
    kind: z.enum(['initial', 'surveillance']),
    auditorUserId: Id,
    scheduledFor: Day,
  })
  .strict()
  .meta({ id: 'ScheduleAudit' });

export const AssignAudit = z.object({ auditorUserId: Id, scheduledFor: Day }).strict().meta({ id: 'AssignAudit' });

export const RequestAudit = z
  .object({ reason: line(2000) })
  .strict()
  .meta({ id: 'RequestAudit' });

export const RecordFinding = z
  .object({
    criterion: CriterionCode,
    severity: FindingSeverity,
    description: line(4000).describe('The recruiter’s practice found; never name a worker.'),
  })
  .strict()
  .meta({ id: 'RecordFinding' });

export const CompleteAudit = z
  .object({ summary: line(4000) })
  .strict()
  .meta({ id: 'CompleteAudit' });

export const ActionPlan = z
  .object({ plan: line(4000), dueOn: Day })
  .strict()
  .meta({ id: 'ActionPlan' });

export const ActionEvidence = z
  .object({ evidence: line(4000) })
  .strict()
  .meta({ id: 'ActionEvidence' });

export const VerifyAction = z
  .object({ accepted: z.boolean(), note: line(2000) })
  .strict()
  .meta({ id: 'VerifyAction' });

export const CertificationDecision = z
  .object({
    decision: z.enum(['grant', 'refuse']),
    reason: line(2000),
    validityMonths: z.number().int().min(1).max(60).default(36),
  })
  .strict()
  .meta({ id: 'CertificationDecision' });

export const StatusChange = z
  .object({ reason: line(500).describe('Published on the public register for suspensions and withdrawals.') })
  .strict()
  .meta({ id: 'StatusChange' });

export const IrisCriteria = z
  .object({
    principles: z.array(z.object({ code: IrisPrinciple, text: z.record(z.string(), z.string()) })),
    criteria: z.array(z.object({ code: z.string(), principle: IrisPrinciple, text: z.record(z.string(), z.string()) })),
  })
  .meta({ id: 'IrisCriteria' });

export const CertificationAuditor = z
  .object({ id: Id, displayName: z.string(), organisationName: z.string() })
  .meta({ id: 'CertificationAuditor' });

export const AuditWorklistQuery = z.object({
  status: AuditStatus.optional(),
  mine: z.enum(['true', 'false']).optional(),
});

/** Public look-up (no login). */
export const PublicRecruiterQuery = z.object({
  q: z.string().trim().min(2).max(100).describe('Part of the name (accents and case ignored) or the licence number.'),
  lang: z.enum(['en', 'fr', 'es', 'ar']).optional(),
});

export const PublicRecruiter = z
  .object({
    name: z.string(),
    licenceNumber: z.string(),
    licensingAuthority: z.string(),
    licenceCountry: z.string(),
    licenceExpiresOn: z.string().nullable().describe('When the recruitment licence expires (YYYY-MM-DD), if known.'),
    licenceExpired: z
      .boolean()
      .describe('The licence has expired: whatever its certification, the recruiter may not recruit lawfully.'),
    status: z.enum(['certified', 'expired', 'suspended', 'withdrawn', 'in_progress', 'not_certified']),
    certificateNumber: z.string().nullable(),
    certificateExpiresAt: Timestamp.nullable(),
    statusSince: Timestamp.nullable(),
    statusReason: z.string().nullable().describe('Why suspended or withdrawn, as published.'),
    corridors: z.array(Corridor),
    sectors: z.array(z.string()),
  })
  .meta({ id: 'PublicRecruiter' });
export type PublicRecruiter = z.infer<typeof PublicRecruiter>;

export const PublicRecruiterResults = z
  .object({
    items: z.array(PublicRecruiter),
    truncated: z.boolean(),
    employerPays: z.object({ title: z.string(), intro: z.string(), items: z.array(z.string()), outro: z.string() }),
  })
  .meta({ id: 'PublicRecruiterResults' });
