// Contracts of the cases context: the five case types, each with its own form (a union discriminated on `type`),
// the case workflow and the records kept on a case (assessments, plan, services, notes, tasks).
//
// Coded fields carry codes of a named vocabulary (HTCDS 2.0, GBVIMS, Corridor's own). The vocabularies are data
// on the server (apps/server/src/vocabularies, served by GET /api/vocabularies); the server checks every code
// against its vocabulary and reports each unknown one as a validation issue at its pointer.
import { z } from 'zod';
import { CountryCode, CurrencyCode, DayInRange, Id, namedPattern, Timestamp } from './common.ts';

/** A calendar date, YYYY-MM-DD (1900 to 2100). */
export const IsoDate = DayInRange.meta({
  id: 'IsoDate',
  description: 'A calendar date, YYYY-MM-DD, from 1900-01-01 to 2100-12-31.',
});

/** A code of the named vocabulary. */
export const vocabularyCode = (vocabulary: string) =>
  z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_]{0,59}$/, 'must be a vocabulary code')
    .describe(`A code of the vocabulary \`${vocabulary}\` (GET /api/vocabularies).`);

/** Several codes of the named vocabulary, each at most once. */
const vocabularyCodes = (vocabulary: string, max = 30) =>
  z
    .array(vocabularyCode(vocabulary))
    .max(max)
    .refine((a) => new Set(a).size === a.length, {
      message: 'must not list a code twice',
      params: { rule: 'no_repeat' },
    })
    .default([]);

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => text(max).nullable().default(null);

// ---- the five forms

/** Protection and assistance of a stranded or vulnerable migrant. */
export const ProtectionForm = z
  .object({
    type: z.literal('protection'),
    situation: z.enum(['stranded', 'vulnerable']).describe('Stranded migrant, or migrant vulnerable to harm.'),
    vulnerabilities: vocabularyCodes('htcds.vulnerability'),
    needs: vocabularyCodes('corridor.service_type'),
    circumstances: optionalText(4000).describe('What brought the person to the organisation.'),
  })
  .strict()
  .meta({ id: 'ProtectionForm' });

/** One historic trafficking event (HTCDS `hte_`): a stage, where and when. */
export const TraffickingEvent = z
  .object({
    stage: vocabularyCode('htcds.trafficking_event_type'),
    country: CountryCode.nullable().default(null),
    place: optionalText(200),
    date: IsoDate.nullable().default(null),
  })
  .strict()
  .meta({ id: 'TraffickingEvent' });

/** A victim of trafficking, on HTCDS 2.0 (`vic_`, `per_` and `hte_` fields). */
export const TraffickingForm = z
  .object({
    type: z.literal('trafficking'),
    traffickingStatus: vocabularyCode('htcds.trafficking_status'),
    statusDecidedBy: vocabularyCode('htcds.status_decision_body')
      .nullable()
      .default(null)
      .describe('Required unless the status is PossibleVictimOfTrafficking.'),
    exploitationTypes: vocabularyCodes('htcds.exploitation_type'),
    forcedLabourIndustry: vocabularyCode('htcds.forced_labour_industry')
      .nullable()
      .default(null)
      .describe('Only with the ForcedLabour exploitation type.'),
    sexualExploitationTypes: vocabularyCodes('htcds.sexual_exploitation_type').describe(
      'Only with the SexualExploitation exploitation type.',
    ),
    methodsOfControl: vocabularyCodes('htcds.method_of_control'),
    recruitmentMethods: vocabularyCodes('htcds.recruitment_method'),
    relationshipToTrafficker: vocabularyCode('htcds.trafficker_relationship').nullable().default(null),
    perpetratorRoles: vocabularyCodes('htcds.perpetrator_role'),
    vulnerabilities: vocabularyCodes('htcds.vulnerability'),
    ageWhenTrafficked: z.number().int().min(0).max(120).nullable().default(null),
    traffickingEvents: z.array(TraffickingEvent).max(50).default([]),
  })
  .strict()
  .meta({ id: 'TraffickingForm' });

/** The guardian or focal point an unaccompanied or separated child must have. */
export const Guardian = z
  .object({
    kind: z.enum(['guardian', 'focal_point']),
    name: text(200),
    relationship: optionalText(100).describe('To the child (aunt, appointed guardian, social worker...).'),
    organisationId: Id.nullable().default(null).describe('For a focal point: their organisation, when on Corridor.'),
    phone: optionalText(50),
  })
  .strict()
  .meta({ id: 'Guardian' });

/** An unaccompanied or separated child (UASC). The best-interest assessment is a `best_interest` assessment. */
export const ChildForm = z
  .object({
    type: z.literal('child'),
    separation: z.enum(['unaccompanied', 'separated']),
    guardian: Guardian,
    careArrangement: optionalText(1000),
    familyTracing: z.boolean().default(false).describe('Family tracing has been requested.'),
  })
  .strict()
  .meta({ id: 'ChildForm' });

/** A GBV incident: exactly one GBVIMS core type, decided by the act alone; context recorded separately. */
export const GbvForm = z
  .object({
    type: z.literal('gbv'),
    coreType: vocabularyCode('gbvims.core_type').describe('Exactly one of the six GBVIMS core types.'),
    contexts: vocabularyCodes('gbvims.context'),
    incidentDate: IsoDate.nullable().default(null),
    incidentCountry: CountryCode.nullable().default(null),
    incidentPcode: z
      .string()
      .regex(namedPattern(/^[A-Z]{2,3}[0-9A-Z]{0,14}$/, 'pcode'), 'must be an OCHA p-code')
      .nullable()
      .default(null),
    reportedElsewhere: z.boolean().nullable().default(null),
  })
  .strict()
  .meta({ id: 'GbvForm' });

/** Assisted voluntary return and reintegration: the pre-departure part. */
export const AvrrForm = z
  .object({
    type: z.literal('avrr'),
    countryOfReturn: CountryCode,
    preDepartureCounsellingOn: IsoDate.nullable().default(null).describe('When pre-departure counselling was given.'),
    fitToTravel: z.enum(['pending', 'fit', 'fit_with_escort', 'unfit']).default('pending'),
    fitToTravelCheckedOn: IsoDate.nullable().default(null),
    plannedDepartureOn: IsoDate.nullable().default(null),
    reintegrationNeeds: vocabularyCodes('corridor.service_type'),
  })
  .strict()
  .meta({ id: 'AvrrForm' });

/** The type-specific form of a case. */
export const CaseForm = z
  .discriminatedUnion('type', [ProtectionForm, TraffickingForm, ChildForm, GbvForm, AvrrForm])
  .meta({ id: 'CaseForm' });
export type CaseForm = z.infer<typeof CaseForm>;
export type CaseType = CaseForm['type'];

// ---- cases

export const CreateCase = z
  .object({
    beneficiaryId: Id,
    form: CaseForm,
    assignedTo: Id.nullable()
      .optional()
      .describe('The caseworker in charge; by default the caller. Only supervisors assign someone else.'),
    openedOn: IsoDate.optional().describe('By default today.'),
  })
  .strict()
  .meta({ id: 'CreateCase' });
export type CreateCase = z.infer<typeof CreateCase>;

/** Replaces the case's form (same type); If-Match required. */
export const UpdateCase = z.object({ form: CaseForm }).strict().meta({ id: 'UpdateCase' });
export type UpdateCase = z.infer<typeof UpdateCase>;

/** The person a case is about, as a case shows them; names are null when hidden (GBV, by default). */
export const CasePerson = z
  .object({
    id: Id,
    nameLatin: z.string().nullable(),
    nameOriginal: z.string().nullable(),
    namesHidden: z.boolean(),
    anonymised: z
      .boolean()
      .describe(
        'The person was anonymised: nameLatin holds the fixed name `Anonymised person`, for a client to word in its language.',
      ),
  })
  .meta({ id: 'CasePerson' });

export const CaseClosure = z
  .object({
    requestedBy: Id,
    requestedAt: Timestamp,
    reason: z
      .string()
      .nullable()
      .describe('The caseworker’s reason; null for a supervisor who manages a sensitive case without reading it.'),
    referred: z.boolean(),
    approvedBy: Id.nullable(),
  })
  .meta({ id: 'CaseClosure' });

/**
 * A case as one reader sees it: `form` and `person` are null for roles without case content (and for a supervisor
 * managing a sensitive case they may not read: `closure` then comes without its reason); `closure` is null for
 * oversight roles.
 */
export const Case = z
  .object({
    id: Id,
    organisationId: Id,
    reference: z.string(),
    type: vocabularyCode('corridor.case_type'),
    status: vocabularyCode('htcds.case_status'),
    sensitive: z.boolean(),
    assignedTo: Id.nullable(),
    openedOn: IsoDate,
    closedOn: IsoDate.nullable(),
    closureRequested: z.boolean().describe('A closure request waits for a supervisor’s decision.'),
    person: CasePerson.nullable(),
    form: CaseForm.nullable(),
    closure: CaseClosure.nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    version: z.number().int(),
  })
  .meta({ id: 'Case' });
export type Case = z.infer<typeof Case>;

/** A case in a list: never names or form content. */
export const CaseSummary = z
  .object({
    id: Id,
    reference: z.string(),
    type: vocabularyCode('corridor.case_type'),
    status: vocabularyCode('htcds.case_status'),
    sensitive: z.boolean(),
    assignedTo: Id.nullable(),
    openedOn: IsoDate,
    closedOn: IsoDate.nullable(),
    closureRequested: z.boolean(),
    updatedAt: Timestamp,
    version: z.number().int(),
  })
  .meta({ id: 'CaseSummary' });
export type CaseSummary = z.infer<typeof CaseSummary>;

export const CaseListQuery = z.object({
  status: vocabularyCode('htcds.case_status').optional(),
  type: vocabularyCode('corridor.case_type').optional(),
  assignedTo: z
    .union([z.literal('me'), Id])
    .optional()
    .describe('`me`, or a user id.'),
  beneficiaryId: Id.optional().describe('Only the cases of this person (the caller must be able to see them).'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

/**
 * Moves an open case between Active and FollowUp, or (supervisors) reopens a closed case as Active, saying why
 * (`reason`, required to reopen and kept as a case note).
 */
export const ChangeCaseStatus = z
  .object({
    status: vocabularyCode('htcds.case_status'),
    reason: optionalText(400).describe('Why a closed case is reopened: required to reopen; kept as a case note.'),
  })
  .strict()
  .meta({ id: 'ChangeCaseStatus' });

/** A caseworker asks for the case to be closed; a supervisor decides. */
export const RequestClosure = z
  .object({
    reason: text(400),
    referred: z.boolean().default(false).describe('Closed because the case was referred (status ClosedReferred).'),
  })
  .strict()
  .meta({ id: 'RequestClosure' });

export const ClosureDecision = z
  .object({
    decision: z.enum(['approve', 'reject']),
    reason: optionalText(400).describe('Required to reject; kept as a case note.'),
  })
  .strict()
  .refine((v) => v.decision === 'approve' || v.reason !== null, {
    path: ['reason'],
    message: 'required to reject',
    params: { rule: 'required' },
  })
  .meta({ id: 'ClosureDecision' });

/** Assigns (or transfers) the case to a caseworker of the same organisation. */
export const AssignCase = z.object({ userId: Id }).strict().meta({ id: 'AssignCase' });

/** Lets a named colleague see a sensitive case, with the reason why. */
export const GrantCaseAccess = z
  .object({ userId: Id, reason: text(400) })
  .strict()
  .meta({ id: 'GrantCaseAccess' });

export const CaseAccessGrant = z
  .object({ userId: Id, grantedBy: Id, grantedAt: Timestamp, reason: z.string() })
  .meta({ id: 'CaseAccessGrant' });

// ---- records kept on a case

export const ASSESSMENT_KINDS = ['best_interest', 'vulnerability', 'risk', 'needs', 'reintegration', 'other'] as const;
export const AssessmentKind = z.enum(ASSESSMENT_KINDS).meta({ id: 'AssessmentKind' });

/** Answers of an assessment questionnaire, by question name. */
const Answers = z.record(
  z.string().regex(/^[a-z][a-z0-9_]{0,59}$/),
  z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]),
);

export const CreateAssessment = z
  .object({
    kind: AssessmentKind.describe('`best_interest` only on child cases, and only once completed.'),
    completedOn: IsoDate.nullable().default(null),
    outcome: optionalText(400),
    answers: Answers.refine((a) => Object.keys(a).length <= 100, 'at most 100 answers').default({}),
  })
  .strict()
  .meta({ id: 'CreateAssessment' });

export const Assessment = z
  .object({
    id: Id,
    caseId: Id,
    kind: AssessmentKind,
    completedOn: IsoDate.nullable(),
    outcome: z.string().nullable(),
    answers: Answers,
    recordedBy: Id,
    recordedAt: Timestamp,
  })
  .meta({ id: 'Assessment' });

export const PLAN_ITEM_STATUSES = ['planned', 'in_progress', 'completed', 'cancelled'] as const;
export const PlanItemStatus = z.enum(PLAN_ITEM_STATUSES).meta({ id: 'PlanItemStatus' });

export const CreatePlanItem = z
  .object({
    planType: vocabularyCode('htcds.support_plan_type'),
    description: text(1000),
    status: PlanItemStatus.default('planned'),
  })
  .strict()
  .meta({ id: 'CreatePlanItem' });

export const UpdatePlanItem = z
  .object({ description: text(1000).optional(), status: PlanItemStatus.optional() })
  .strict()
  .refine((v) => v.description !== undefined || v.status !== undefined, {
    message: 'change at least one field',
    params: { rule: 'some_change' },
  })
  .meta({ id: 'UpdatePlanItem' });

export const PlanItem = z
  .object({
    id: Id,
    caseId: Id,
    planType: vocabularyCode('htcds.support_plan_type'),
    description: z.string(),
    status: PlanItemStatus,
    createdBy: Id,
    createdAt: Timestamp,
    version: z.number().int().describe('Send it back as If-Match ("v<version>") to update the item.'),
  })
  .meta({ id: 'PlanItem' });

/** ISO 4217 currency code (common.ts). */
export { CurrencyCode };

/** Value of a service in minor units (cents) of a currency: both or neither. */
const value = {
  valueMinor: z.number().int().min(0).max(1_000_000_000_000).nullable().default(null),
  currency: CurrencyCode.nullable().default(null),
};
const valueBothOrNeither = (v: { valueMinor: number | null; currency: string | null }) =>
  (v.valueMinor === null) === (v.currency === null);

export const CreateService = z
  .object({
    serviceType: vocabularyCode('corridor.service_type'),
    deliveredOn: IsoDate,
    providerOrganisationId: Id.optional().describe('By default the caller’s organisation.'),
    planItemId: Id.nullable().default(null),
    ...value,
    description: optionalText(1000),
  })
  .strict()
  .refine(valueBothOrNeither, {
    path: ['currency'],
    message: 'give the value and its currency together',
    params: { rule: 'together' },
  })
  .meta({ id: 'CreateService' });

export const Service = z
  .object({
    id: Id,
    caseId: Id,
    serviceType: vocabularyCode('corridor.service_type'),
    deliveredOn: IsoDate,
    providerOrganisationId: Id,
    planItemId: Id.nullable(),
    referralId: Id.nullable(),
    valueMinor: z.number().int().nullable(),
    currency: z.string().nullable(),
    description: z.string().nullable(),
    recordedBy: Id.nullable().describe('Null when recorded by the receiving organisation of a referral.'),
    recordedAt: Timestamp,
  })
  .meta({ id: 'Service' });

export const CreateNote = z
  .object({ body: text(10_000) })
  .strict()
  .meta({ id: 'CreateNote' });

export const Note = z
  .object({ id: Id, caseId: Id, body: z.string(), author: Id, createdAt: Timestamp })
  .meta({ id: 'Note' });

export const CreateTask = z
  .object({ title: text(200), dueOn: IsoDate, assignedTo: Id.nullable().default(null) })
  .strict()
  .meta({ id: 'CreateTask' });

export const Task = z
  .object({
    id: Id,
    caseId: Id,
    title: z.string(),
    dueOn: IsoDate,
    assignedTo: Id.nullable(),
    doneAt: Timestamp.nullable(),
    overdue: z.boolean(),
    createdBy: Id,
    createdAt: Timestamp,
  })
  .meta({ id: 'Task' });

/** An overdue task with the case it belongs to (reference and type only). */
export const OverdueTask = Task.extend({
  caseReference: z.string(),
  caseType: vocabularyCode('corridor.case_type'),
}).meta({ id: 'OverdueTask' });

export const OverdueTaskQuery = z.object({
  assignedTo: z.union([z.literal('me'), Id]).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

/** A nested record's address: the case and the record. */
export const CaseItemParams = z.object({ id: Id, itemId: Id });

/** A colleague's access grant on a case: the case and the user. */
export const CaseUserParams = z.object({ id: Id, userId: Id });

// ---- vocabularies

export const VocabularyEntry = z.object({ code: z.string(), label: z.string() });
export const VocabularyDoc = z
  .object({ id: z.string(), title: z.string(), source: z.string(), entries: z.array(VocabularyEntry) })
  .meta({ id: 'Vocabulary' });
export const VocabularyList = z.object({ items: z.array(VocabularyDoc) }).meta({ id: 'VocabularyList' });
