// Contracts of worker grievances (issue #6 part 3): a public, anonymous-capable intake that answers with a
// tracking code, the worker's follow-up with that code, and the certifying body's officer side (triage,
// assignment, deadlines, messages, outcomes, a request for an audit of the recruiter, and a hand-over to a
// trafficking case with the worker's consent). The worker's identity never reaches the recruiter unless the
// worker agreed.
import { z } from 'zod';
import { CountryCode, Id, PageQuery, Timestamp } from './common.ts';
import { Locale } from './identity.ts';

/** What happened, as the worker describes it (several may apply). */
export const GRIEVANCE_CATEGORIES = [
  'fees_charged',
  'contract_substitution',
  'document_retention',
  'wages_unpaid',
  'debt_bondage',
  'threats_violence',
  'conditions',
  'other',
] as const;
export const GrievanceCategory = z.enum(GRIEVANCE_CATEGORIES).meta({
  id: 'GrievanceCategory',
  description:
    'fees_charged (recruitment fees or costs charged to the worker), contract_substitution, document_retention ' +
    '(passport or documents kept), wages_unpaid, debt_bondage, threats_violence, conditions (living or working ' +
    'conditions), other.',
});
export type GrievanceCategory = z.infer<typeof GrievanceCategory>;

/** Categories that indicate trafficking (ILO indicators of forced labour): they open the hand-over. */
export const TRAFFICKING_INDICATORS: readonly GrievanceCategory[] = [
  'document_retention',
  'debt_bondage',
  'threats_violence',
];

export const GRIEVANCE_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const GrievanceSeverity = z.enum(GRIEVANCE_SEVERITIES).meta({ id: 'GrievanceSeverity' });
export type GrievanceSeverity = z.infer<typeof GrievanceSeverity>;

export const GRIEVANCE_STATUSES = ['received', 'triaged', 'in_progress', 'closed'] as const;
export const GrievanceStatus = z.enum(GRIEVANCE_STATUSES).meta({
  id: 'GrievanceStatus',
  description: 'received (not yet triaged), triaged, in_progress (an officer has answered), closed (with an outcome).',
});
export type GrievanceStatus = z.infer<typeof GrievanceStatus>;

export const GRIEVANCE_OUTCOMES = ['upheld', 'not_upheld', 'referred', 'withdrawn'] as const;
export const GrievanceOutcome = z.enum(GRIEVANCE_OUTCOMES).meta({ id: 'GrievanceOutcome' });
export type GrievanceOutcome = z.infer<typeof GrievanceOutcome>;

const line = (max: number) => z.string().trim().min(1).max(max);

/** How the worker may be reached; every field optional, and the whole block may be left out (anonymous). */
export const GrievanceContact = z
  .object({
    name: line(200).nullable().default(null),
    phone: line(50).nullable().default(null),
    email: z.string().trim().toLowerCase().pipe(z.email().max(254)).nullable().default(null),
  })
  .strict()
  .meta({ id: 'GrievanceContact' });
export type GrievanceContact = z.infer<typeof GrievanceContact>;

/** A grievance as a worker files it, without an account. */
export const FileGrievance = z
  .object({
    categories: z.array(GrievanceCategory).min(1).max(8),
    description: z.string().trim().min(10).max(4000).describe('What happened, in the worker’s words.'),
    recruiterLicence: line(100)
      .nullable()
      .default(null)
      .describe('The licence number as the public register shows it (/public/recruiters): links the register entry.'),
    recruiterName: line(200).nullable().default(null).describe('The recruiter as the worker names it.'),
    employerName: line(200).nullable().default(null),
    destinationCountry: CountryCode.nullable().default(null).describe('Where the worker was sent to work.'),
    contact: GrievanceContact.nullable().default(null).describe('Leave out to stay anonymous.'),
    recruiterMayKnowIdentity: z.boolean().default(false).describe('May the recruiter learn who filed it? Default no.'),
    handoverConsent: z
      .boolean()
      .default(false)
      .describe('The worker agrees that their grievance may be passed to a protection organisation to help them.'),
    language: Locale.default('en').describe('The language the worker wrote in and reads answers in.'),
  })
  .strict()
  .meta({ id: 'FileGrievance' });
export type FileGrievance = z.infer<typeof FileGrievance>;

/** The answer to a filed grievance: the tracking code, shown once and never again. */
export const GrievanceReceipt = z
  .object({
    trackingCode: z.string().describe('Keep it: the only way to follow the grievance. It is not stored.'),
    receivedAt: Timestamp,
    firstResponseDue: Timestamp,
  })
  .meta({ id: 'GrievanceReceipt' });
export type GrievanceReceipt = z.infer<typeof GrievanceReceipt>;

/**
 * A tracking code as a person typed it, read as the code: upper case, without spaces or hyphens, and with the digits
 * people type for look-alike letters read as those letters (0 for O, 1 for I, 8 for B). The base32 alphabet of the
 * codes has no 0, 1, 8 or 9, so the reading is never ambiguous.
 */
export const typedTrackingCode = (typed: string): string =>
  typed
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/[018]/g, (d) => LOOK_ALIKES[d]!);
const LOOK_ALIKES: Readonly<Record<string, string>> = { '0': 'O', '1': 'I', '8': 'B' };

/** A tracking code as the worker types it (typedTrackingCode): on the public pages and through the API alike. */
export const TrackingCode = z
  .string()
  .trim()
  .max(64)
  .transform(typedTrackingCode)
  .pipe(z.string().regex(/^[A-Z2-7]{20}$/, 'must be the 20-character code you were given'));

export const TrackGrievance = z.object({ code: TrackingCode }).strict().meta({ id: 'TrackGrievance' });

export const WorkerReply = z
  .object({ code: TrackingCode, message: z.string().trim().min(1).max(4000) })
  .strict()
  .meta({ id: 'WorkerReply' });

export const WorkerConsent = z
  .object({ code: TrackingCode, handoverConsent: z.boolean() })
  .strict()
  .meta({ id: 'WorkerConsent' });

/** One message between the worker and the certifying body, as the worker sees it (no officer names). */
export const WorkerMessage = z
  .object({ from: z.enum(['worker', 'officer']), body: z.string(), at: Timestamp })
  .meta({ id: 'WorkerMessage' });

/** What the worker sees with the code: the state, the messages; nothing about officers or internal triage. */
export const GrievanceForWorker = z
  .object({
    status: GrievanceStatus,
    outcome: GrievanceOutcome.nullable(),
    outcomeSummary: z.string().nullable(),
    receivedAt: Timestamp,
    firstResponseDue: Timestamp,
    categories: z.array(GrievanceCategory),
    handoverConsent: z.boolean(),
    handedOver: z.boolean(),
    messages: z.array(WorkerMessage),
  })
  .meta({ id: 'GrievanceForWorker' });
export type GrievanceForWorker = z.infer<typeof GrievanceForWorker>;

// ---- officer side

export const GrievanceSummary = z
  .object({
    id: Id,
    reference: z.string(),
    status: GrievanceStatus,
    categories: z.array(GrievanceCategory),
    severity: GrievanceSeverity.nullable(),
    recruiterId: Id.nullable().describe('The recruiter in the register, once linked.'),
    recruiterName: z.string().nullable(),
    recruiterLicence: z.string().nullable(),
    employerName: z.string().nullable(),
    destinationCountry: CountryCode.nullable(),
    assignedTo: Id.nullable(),
    receivedAt: Timestamp,
    firstResponseDue: Timestamp,
    firstRespondedAt: Timestamp.nullable(),
    resolutionDue: Timestamp.nullable(),
    overdue: z.boolean().describe('The first response or the resolution is past its due date.'),
    outcome: GrievanceOutcome.nullable(),
    anonymous: z.boolean().describe('The worker left no contact details.'),
    traffickingIndicators: z.boolean(),
    handedOver: z.boolean(),
  })
  .meta({ id: 'GrievanceSummary' });
export type GrievanceSummary = z.infer<typeof GrievanceSummary>;

export const GrievanceMessage = z
  .object({
    id: Id,
    from: z.enum(['worker', 'officer']),
    authorId: Id.nullable(),
    body: z.string(),
    at: Timestamp,
  })
  .meta({ id: 'GrievanceMessage' });

export const GrievanceHistoryEntry = z
  .object({ action: z.string(), actorId: Id.nullable(), at: Timestamp, details: z.record(z.string(), z.unknown()) })
  .meta({ id: 'GrievanceHistoryEntry' });

/** A grievance as an officer sees it: everything but the worker's identity (a separate, audited read). */
export const Grievance = GrievanceSummary.extend({
  description: z.string(),
  language: Locale,
  recruiterMayKnowIdentity: z.boolean(),
  handoverConsent: z.boolean(),
  outcomeSummary: z.string().nullable(),
  closedAt: Timestamp.nullable(),
  auditRequestedAt: Timestamp.nullable(),
  auditRequestReason: z.string().nullable(),
  handover: z
    .object({ organisationId: Id, caseId: Id, caseReference: z.string(), at: Timestamp })
    .nullable()
    .describe('The trafficking case the grievance was handed over to.'),
  messages: z.array(GrievanceMessage),
  history: z.array(GrievanceHistoryEntry),
  version: z.number().int(),
}).meta({ id: 'Grievance' });
export type Grievance = z.infer<typeof Grievance>;

/** The worker's identity as they left it (every read is audited). */
export const GrievanceIdentity = z
  .object({ anonymous: z.boolean(), contact: GrievanceContact.nullable() })
  .meta({ id: 'GrievanceIdentity' });

/**
 * A grievance as the recruiter concerned may be told of it: what is alleged, never who alleges it, unless the
 * worker agreed (then the contact is included).
 */
export const GrievanceForRecruiter = z
  .object({
    reference: z.string(),
    categories: z.array(GrievanceCategory),
    description: z.string().nullable().describe('Only when the worker agreed (their words may identify them).'),
    employerName: z.string().nullable(),
    destinationCountry: CountryCode.nullable(),
    receivedAt: Timestamp,
    status: GrievanceStatus,
    outcome: GrievanceOutcome.nullable(),
    worker: GrievanceContact.nullable().describe('Only when the worker agreed that the recruiter may know them.'),
  })
  .meta({ id: 'GrievanceForRecruiter' });
export type GrievanceForRecruiter = z.infer<typeof GrievanceForRecruiter>;

const bool = z.enum(['true', 'false']).transform((v) => v === 'true');

export const GrievanceListQuery = PageQuery.extend({
  status: GrievanceStatus.optional(),
  category: GrievanceCategory.optional(),
  recruiterId: Id.optional(),
  recruiter: z.string().trim().min(1).max(200).optional().describe('Part of the recruiter’s name.'),
  overdue: bool.optional(),
  assignedTo: Id.optional(),
}).strict();
export type GrievanceListQuery = z.infer<typeof GrievanceListQuery>;

/** An export of the list (POST body, so that filters never travel in URLs): the list's filters and a format. */
export const ExportGrievances = z
  .object({
    status: GrievanceStatus.optional(),
    category: GrievanceCategory.optional(),
    recruiterId: Id.optional(),
    recruiter: z.string().trim().min(1).max(200).optional(),
    overdue: z.boolean().optional(),
    assignedTo: Id.optional(),
    format: z.enum(['csv', 'xlsx']).default('csv'),
  })
  .strict()
  .meta({ id: 'ExportGrievances' });
export type ExportGrievances = z.infer<typeof ExportGrievances>;

export const TriageGrievance = z
  .object({ severity: GrievanceSeverity, categories: z.array(GrievanceCategory).min(1).max(8) })
  .strict()
  .meta({ id: 'TriageGrievance' });
export type TriageGrievance = z.infer<typeof TriageGrievance>;

export const LinkGrievanceRecruiter = z
  .object({ recruiterId: Id.describe('The recruiter of the register the grievance is about.') })
  .strict()
  .meta({ id: 'LinkGrievanceRecruiter' });

export const AssignGrievance = z.object({ userId: Id }).strict().meta({ id: 'AssignGrievance' });

/** The grievance officers of the caller's organisation, whom a grievance can be assigned to. */
export const GrievanceOfficers = z
  .object({ items: z.array(z.object({ id: Id, name: z.string() })) })
  .meta({ id: 'GrievanceOfficers' });
export type GrievanceOfficers = z.infer<typeof GrievanceOfficers>;

export const OfficerMessage = z
  .object({ body: z.string().trim().min(1).max(4000) })
  .strict()
  .meta({ id: 'OfficerMessage' });

export const CloseGrievance = z
  .object({ outcome: GrievanceOutcome, summary: z.string().trim().min(1).max(2000) })
  .strict()
  .meta({ id: 'CloseGrievance' });
export type CloseGrievance = z.infer<typeof CloseGrievance>;

export const RequestRecruiterAudit = z
  .object({ reason: z.string().trim().min(1).max(2000) })
  .strict()
  .meta({ id: 'RequestRecruiterAudit' });

export const HandOverGrievance = z
  .object({
    organisationId: Id.describe('The protection organisation that takes the trafficking case.'),
  })
  .strict()
  .meta({ id: 'HandOverGrievance' });

export const GrievanceDesk = z
  .object({
    organisationId: Id.describe('The organisation (the certifying body) that receives public grievances.'),
    firstResponseDays: z.number().int().min(1).max(60).default(5),
  })
  .strict()
  .meta({ id: 'GrievanceDesk' });
export type GrievanceDesk = z.infer<typeof GrievanceDesk>;
