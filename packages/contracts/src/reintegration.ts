// Contracts of return and reintegration (docs/operations.md): a plan per returnee (economic, social and
// psychosocial support at individual, community or structural level), the hand-over of the case from the host
// country's office to the origin country's, and a versioned, scored reintegration survey at baseline and at 3, 6
// and 12 months, with trends per returnee and per cohort.
import { z } from 'zod';
import { IsoDate } from './cases.ts';
import { CountryCode, Id, namedPattern, Timestamp } from './common.ts';
import { TableFormat } from './imports.ts';

const text = (max: number) => z.string().trim().min(1).max(max);

export const REINTEGRATION_DIMENSIONS = ['economic', 'social', 'psychosocial'] as const;
export const ReintegrationDimension = z.enum(REINTEGRATION_DIMENSIONS).meta({ id: 'ReintegrationDimension' });
export const REINTEGRATION_SUPPORT_LEVELS = ['individual', 'community', 'structural'] as const;
export const ReintegrationSupportLevel = z.enum(REINTEGRATION_SUPPORT_LEVELS).meta({ id: 'ReintegrationSupportLevel' });
export const REINTEGRATION_ROUNDS = ['baseline', 'm3', 'm6', 'm12'] as const;
export const ReintegrationRound = z.enum(REINTEGRATION_ROUNDS).meta({ id: 'ReintegrationRound' });
export type ReintegrationRound = z.infer<typeof ReintegrationRound>;
export const REINTEGRATION_PLAN_STATUSES = ['draft', 'active', 'completed'] as const;
export const ReintegrationPlanStatus = z.enum(REINTEGRATION_PLAN_STATUSES).meta({ id: 'ReintegrationPlanStatus' });
export const REINTEGRATION_ITEM_STATUSES = ['planned', 'in_progress', 'delivered', 'cancelled'] as const;

export const CreateReintegrationPlan = z
  .object({
    caseId: Id.describe('The returnee’s assisted voluntary return case (type avrr).'),
    passengerId: Id.nullable().default(null).describe('The return movement’s passenger, when booked.'),
    pcodeOfReturn: z
      .string()
      .regex(namedPattern(/^[A-Z]{2,3}[0-9A-Z]{0,14}$/, 'pcode'), 'must be an OCHA p-code')
      .nullable()
      .default(null),
    returnedOn: IsoDate.nullable().default(null),
  })
  .strict()
  .meta({ id: 'CreateReintegrationPlan' });
export type CreateReintegrationPlan = z.infer<typeof CreateReintegrationPlan>;

export const CreateReintegrationPlanItem = z
  .object({
    dimension: ReintegrationDimension,
    level: ReintegrationSupportLevel,
    support: z
      .string()
      .regex(/^[a-z][a-z_]{1,39}$/)
      .describe('What is given: business_grant, vocational_training, counselling, housing, community_project...'),
    description: text(1000),
  })
  .strict()
  .meta({ id: 'CreateReintegrationPlanItem' });
export type CreateReintegrationPlanItem = z.infer<typeof CreateReintegrationPlanItem>;

export const UpdateReintegrationPlanItem = z
  .object({ status: z.enum(REINTEGRATION_ITEM_STATUSES) })
  .strict()
  .meta({ id: 'UpdateReintegrationPlanItem' });

export const ReintegrationPlanItem = z
  .object({
    id: Id,
    dimension: ReintegrationDimension,
    level: ReintegrationSupportLevel,
    support: z.string(),
    description: z.string(),
    status: z.enum(REINTEGRATION_ITEM_STATUSES),
    createdAt: Timestamp,
  })
  .meta({ id: 'ReintegrationPlanItem' });

/** What an office holding a plan knows of the returnee: a minimal profile, never contact or documents. */
export const ReintegrationReturnee = z
  .object({
    beneficiaryId: Id,
    nameLatin: z.string(),
    sex: z.string().nullable(),
    yearOfBirth: z.number().int().nullable(),
    citizenships: z.array(z.string()),
    identityHidden: z
      .boolean()
      .describe(
        'True when the returnee is restricted (a trafficking, GBV or child case) and the caller is not on that case: name, sex, year of birth and citizenships are then left out.',
      ),
  })
  .meta({ id: 'Returnee' });

export const ReintegrationScores = z
  .object({
    economic: z.number(),
    social: z.number(),
    psychosocial: z.number(),
    composite: z.number(),
  })
  .meta({ id: 'ReintegrationScores' });
export type ReintegrationScores = z.infer<typeof ReintegrationScores>;

export const ReintegrationSurvey = z
  .object({
    id: Id,
    round: ReintegrationRound,
    instrumentVersion: z.string(),
    conductedOn: IsoDate,
    scores: ReintegrationScores,
    answers: z.record(z.string(), z.string()),
    recordedAt: Timestamp,
  })
  .meta({ id: 'ReintegrationSurvey' });

export const ReintegrationHandover = z
  .object({
    id: Id,
    planId: Id,
    fromOrganisationId: Id,
    toOrganisationId: Id,
    status: z.enum(['sent', 'accepted', 'declined']),
    note: z.string().nullable(),
    sentAt: Timestamp,
    decidedAt: Timestamp.nullable(),
  })
  .meta({ id: 'ReintegrationHandover' });
export type ReintegrationHandover = z.infer<typeof ReintegrationHandover>;

export const ReintegrationPlan = z
  .object({
    id: Id,
    organisationId: Id,
    hostOrganisationId: Id,
    caseId: Id.nullable().describe('Null for the origin office: the case stays with the host office.'),
    passengerId: Id.nullable(),
    returnee: ReintegrationReturnee,
    countryOfReturn: CountryCode,
    pcodeOfReturn: z.string().nullable(),
    returnedOn: IsoDate.nullable(),
    cohort: z.string().nullable(),
    status: ReintegrationPlanStatus,
    items: z.array(ReintegrationPlanItem),
    surveys: z.array(ReintegrationSurvey),
    handovers: z.array(ReintegrationHandover),
    createdAt: Timestamp,
    version: z.number().int(),
  })
  .meta({ id: 'ReintegrationPlan' });
export type ReintegrationPlan = z.infer<typeof ReintegrationPlan>;

export const ReintegrationPlanSummary = z
  .object({
    id: Id,
    returneeName: z.string(),
    identityHidden: z.boolean().describe('True when the returnee is restricted from the caller: no name (Returnee).'),
    countryOfReturn: CountryCode,
    cohort: z.string().nullable(),
    status: ReintegrationPlanStatus,
    held: z.enum(['host', 'origin']).describe('Whether the caller’s organisation holds it as host or origin office.'),
    latest: z.object({ round: ReintegrationRound, composite: z.number() }).nullable(),
  })
  .meta({ id: 'ReintegrationPlanSummary' });
export const ReintegrationPlanQuery = z
  .object({
    country: CountryCode.optional(),
    cohort: z
      .string()
      .regex(/^\d{4}-Q[1-4]$/)
      .optional(),
    status: ReintegrationPlanStatus.optional(),
  })
  .meta({ id: 'ReintegrationPlanQuery' });
export type ReintegrationPlanSummary = z.infer<typeof ReintegrationPlanSummary>;
export const ReintegrationPlanList = z
  .object({ items: z.array(ReintegrationPlanSummary) })
  .meta({ id: 'ReintegrationPlanList' });
export type ReintegrationPlanList = z.infer<typeof ReintegrationPlanList>;

export const SendReintegrationHandover = z
  .object({ toOrganisationId: Id, note: text(1000).nullable().default(null) })
  .strict()
  .meta({ id: 'SendReintegrationHandover' });

export const RecordReintegrationSurvey = z
  .object({
    round: ReintegrationRound,
    conductedOn: IsoDate,
    instrumentVersion: z.string().max(20).optional().describe('By default the current version.'),
    answers: z.record(z.string().max(40), z.string().max(40)),
  })
  .strict()
  .meta({ id: 'RecordReintegrationSurvey' });
export type RecordReintegrationSurvey = z.infer<typeof RecordReintegrationSurvey>;

/** The survey instrument of one version: items, their answer options with values, weights. */
export const ReintegrationInstrument = z
  .object({
    version: z.string(),
    current: z.boolean(),
    dimensionWeights: z.object({ economic: z.number(), social: z.number(), psychosocial: z.number() }),
    items: z.array(
      z.object({
        code: z.string(),
        dimension: ReintegrationDimension,
        weight: z.number(),
        label: z.object({ en: z.string(), fr: z.string(), es: z.string(), ar: z.string() }),
        options: z.array(
          z.object({
            code: z.string(),
            value: z.number(),
            label: z.object({ en: z.string(), fr: z.string(), es: z.string(), ar: z.string() }),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'ReintegrationInstrument' });
export type ReintegrationInstrument = z.infer<typeof ReintegrationInstrument>;
export const ReintegrationInstrumentList = z
  .object({ items: z.array(ReintegrationInstrument) })
  .meta({ id: 'ReintegrationInstrumentList' });
export type ReintegrationInstrumentList = z.infer<typeof ReintegrationInstrumentList>;

export const ReintegrationCohortQuery = z
  .object({
    country: CountryCode.optional(),
    cohort: z
      .string()
      .regex(/^\d{4}-Q[1-4]$/)
      .optional(),
  })
  .meta({ id: 'ReintegrationCohortQuery' });

/** Mean scores of a cohort per round; a round with fewer than 5 returnees is suppressed (null means). */
export const ReintegrationCohortTrend = z
  .object({
    country: z.string().nullable(),
    cohort: z.string().nullable(),
    rounds: z.array(
      z.object({
        round: ReintegrationRound,
        n: z.number().int(),
        suppressed: z.boolean(),
        economic: z.number().nullable(),
        social: z.number().nullable(),
        psychosocial: z.number().nullable(),
        composite: z.number().nullable(),
      }),
    ),
  })
  .meta({ id: 'ReintegrationCohortTrend' });
export type ReintegrationCohortTrend = z.infer<typeof ReintegrationCohortTrend>;

/** Exports plans with their latest scores, one row per returnee (names only for caseworkers and supervisors). */
export const ExportReintegrationPlans = z
  .object({
    format: TableFormat,
    country: CountryCode.optional(),
    cohort: z
      .string()
      .regex(/^\d{4}-Q[1-4]$/)
      .optional(),
    status: ReintegrationPlanStatus.optional(),
  })
  .strict()
  .meta({ id: 'ExportReintegrationPlans' });
export type ExportReintegrationPlans = z.infer<typeof ExportReintegrationPlans>;

/** Exports the mean scores per cohort and round (rounds with fewer than 5 returnees suppressed). */
export const ExportReintegrationCohorts = z
  .object({ format: TableFormat, country: CountryCode.optional() })
  .strict()
  .meta({ id: 'ExportReintegrationCohorts' });
export type ExportReintegrationCohorts = z.infer<typeof ExportReintegrationCohorts>;
