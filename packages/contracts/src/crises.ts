// Contracts of crises (docs/operations.md): a registry of crises (country, affected areas by OCHA p-code, start,
// emergency level, status), the affected migrant population by nationality and location, consular focal points
// per nationality, and evacuation requests from individuals or their consulates that become cases and bookings.
import { z } from 'zod';
import { Pcode, PhoneNumber, Sex } from './beneficiaries.ts';
import { IsoDate } from './cases.ts';
import { CountryCode, Id, Timestamp } from './common.ts';
import { TableFormat } from './imports.ts';

const text = (max: number) => z.string().trim().min(1).max(max);

export const EMERGENCY_LEVELS = ['L1', 'L2', 'L3'] as const;
export const EmergencyLevel = z.enum(EMERGENCY_LEVELS).meta({ id: 'EmergencyLevel' });
export const CRISIS_STATUSES = ['active', 'scaled_down', 'closed'] as const;
export const CrisisStatus = z.enum(CRISIS_STATUSES).meta({ id: 'CrisisStatus' });

export const CreateCrisis = z
  .object({
    code: z.string().regex(/^[A-Z0-9][A-Z0-9-]{1,39}$/, 'must be 2-40 capital letters, digits or hyphens'),
    name: text(200),
    country: CountryCode,
    areas: z
      .array(Pcode)
      .max(500)
      .refine((a) => new Set(a).size === a.length, {
        message: 'must not list a p-code twice',
        params: { rule: 'no_repeat' },
      })
      .default([]),
    startedOn: IsoDate,
    emergencyLevel: EmergencyLevel,
  })
  .strict()
  .meta({ id: 'CreateCrisis' });
export type CreateCrisis = z.infer<typeof CreateCrisis>;

export const UpdateCrisis = z
  .object({
    name: text(200),
    areas: z
      .array(Pcode)
      .max(500)
      .refine((a) => new Set(a).size === a.length, {
        message: 'must not list a p-code twice',
        params: { rule: 'no_repeat' },
      }),
    emergencyLevel: EmergencyLevel,
    status: CrisisStatus,
  })
  .strict()
  .meta({ id: 'UpdateCrisis' });
export type UpdateCrisis = z.infer<typeof UpdateCrisis>;

export const Crisis = z
  .object({
    id: Id,
    code: z.string(),
    name: z.string(),
    country: CountryCode,
    areas: z.array(z.string()),
    startedOn: IsoDate,
    emergencyLevel: EmergencyLevel,
    status: CrisisStatus,
    affectedMigrants: z.number().int().describe('Latest reported figure per nationality and place, summed.'),
    openRequests: z.number().int(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    version: z.number().int(),
  })
  .meta({ id: 'Crisis' });
export type Crisis = z.infer<typeof Crisis>;

export const CrisisListQuery = z
  .object({
    status: CrisisStatus.optional(),
    country: CountryCode.optional(),
    level: EmergencyLevel.optional(),
  })
  .meta({ id: 'CrisisListQuery' });
export const CrisisList = z.object({ items: z.array(Crisis) }).meta({ id: 'CrisisList' });
export type CrisisList = z.infer<typeof CrisisList>;

/** The affected migrant population of one nationality at one place, as reported on a day. */
export const RecordPopulation = z
  .object({
    nationality: CountryCode,
    pcode: Pcode,
    people: z.number().int().min(0).max(100_000_000),
    reportedOn: IsoDate,
    source: text(200).nullable().default(null),
  })
  .strict()
  .meta({ id: 'RecordPopulation' });
export type RecordPopulation = z.infer<typeof RecordPopulation>;
export const PopulationFigure = z
  .object({
    id: Id,
    nationality: CountryCode,
    pcode: z.string(),
    people: z.number().int(),
    reportedOn: IsoDate,
    source: z.string().nullable(),
  })
  .meta({ id: 'PopulationFigure' });
export type PopulationFigure = z.infer<typeof PopulationFigure>;
export const PopulationList = z
  .object({
    items: z.array(PopulationFigure).describe('Every report, newest first.'),
    latestByNationality: z.array(z.object({ nationality: CountryCode, people: z.number().int() })),
  })
  .meta({ id: 'PopulationList' });
export type PopulationList = z.infer<typeof PopulationList>;

export const CreateFocalPoint = z
  .object({
    nationality: CountryCode,
    mission: text(200).describe('The consulate or embassy, e.g. "Embassy of Ethiopia in Baghdad".'),
    name: text(200),
    phone: text(50).nullable().default(null),
    email: z.email().max(200).nullable().default(null),
  })
  .strict()
  .meta({ id: 'CreateFocalPoint' });
export type CreateFocalPoint = z.infer<typeof CreateFocalPoint>;
export const FocalPoint = z
  .object({
    id: Id,
    nationality: CountryCode,
    mission: z.string(),
    name: z.string(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
  })
  .meta({ id: 'FocalPoint' });
export type FocalPoint = z.infer<typeof FocalPoint>;
export const FocalPointList = z.object({ items: z.array(FocalPoint) }).meta({ id: 'FocalPointList' });
export type FocalPointList = z.infer<typeof FocalPointList>;

export const REQUEST_CHANNELS = ['individual', 'consulate'] as const;
export const EVACUATION_REQUEST_STATUSES = ['received', 'accepted', 'booked', 'declined'] as const;
export const EvacuationRequestStatus = z.enum(EVACUATION_REQUEST_STATUSES).meta({ id: 'EvacuationRequestStatus' });

/** A request to be evacuated, from the person or their consulate (then naming its focal point). */
export const CreateEvacuationRequest = z
  .object({
    channel: z.enum(REQUEST_CHANNELS),
    focalPointId: Id.nullable().default(null).describe('Required when the consulate asks.'),
    nationality: CountryCode,
    pcode: Pcode.nullable().default(null).describe('Where the person is now.'),
    givenName: text(200).nullable().default(null),
    familyName: text(200).nullable().default(null),
    dateOfBirth: IsoDate.nullable().default(null),
    sex: Sex.nullable().default(null),
    phone: PhoneNumber.nullable().default(null),
    householdSize: z.number().int().min(1).max(50).default(1),
  })
  .strict()
  .refine((v) => v.givenName !== null || v.familyName !== null, {
    path: ['givenName'],
    message: 'give at least a given or a family name',
    params: { rule: 'one_name' },
  })
  .refine((v) => v.channel !== 'consulate' || v.focalPointId !== null, {
    path: ['focalPointId'],
    message: 'required when the consulate asks',
    params: { rule: 'required' },
  })
  .meta({ id: 'CreateEvacuationRequest' });
export type CreateEvacuationRequest = z.infer<typeof CreateEvacuationRequest>;

/**
 * Accepting a request registers the person (or takes an existing registry record), records the legal basis for
 * assistance (vital interest by default in an evacuation) and opens a protection case, or a child case for an
 * unaccompanied or separated child.
 */
export const AcceptEvacuationRequest = z
  .object({
    beneficiaryId: Id.nullable().default(null).describe('An existing registry record; otherwise one is registered.'),
    basis: z
      .enum(['vital_interest', 'public_interest'])
      .default('vital_interest')
      .describe(
        'The legal basis recorded for assistance (consent needs the information given: record it on the person).',
      ),
    child: z
      .object({
        separation: z.enum(['unaccompanied', 'separated']),
        guardianName: text(200),
        guardianKind: z.enum(['guardian', 'focal_point']).default('focal_point'),
        assent: z
          .enum(['given', 'refused', 'not_applicable'])
          .describe('The child’s own assent to the assistance basis recorded for them.'),
      })
      .strict()
      .nullable()
      .default(null)
      .describe('For an unaccompanied or separated child: opens a child case instead of a protection case.'),
  })
  .strict()
  .meta({ id: 'AcceptEvacuationRequest' });
export type AcceptEvacuationRequest = z.infer<typeof AcceptEvacuationRequest>;

export const DeclineEvacuationRequest = z
  .object({ reason: text(500) })
  .strict()
  .meta({ id: 'DeclineEvacuationRequest' });

export const EvacuationRequest = z
  .object({
    id: Id,
    crisisId: Id,
    channel: z.enum(REQUEST_CHANNELS),
    focalPointId: Id.nullable(),
    nationality: CountryCode,
    pcode: z.string().nullable(),
    givenName: z.string().nullable(),
    familyName: z.string().nullable(),
    dateOfBirth: z.string().nullable(),
    sex: z.string().nullable(),
    phone: z.string().nullable(),
    identityHidden: z
      .boolean()
      .describe(
        'True when the request’s person is now restricted (a trafficking, GBV or child case) and the caller is not on that case: names, birth date, sex and phone are then left out.',
      ),
    householdSize: z.number().int(),
    status: EvacuationRequestStatus,
    beneficiaryId: Id.nullable(),
    caseId: Id.nullable(),
    passengerId: Id.nullable(),
    declineReason: z.string().nullable(),
    receivedAt: Timestamp,
    version: z.number().int(),
  })
  .meta({ id: 'EvacuationRequest' });
export type EvacuationRequest = z.infer<typeof EvacuationRequest>;

export const EvacuationRequestQuery = z
  .object({ status: EvacuationRequestStatus.optional(), nationality: CountryCode.optional() })
  .meta({ id: 'EvacuationRequestQuery' });
export const EvacuationRequestList = z
  .object({ items: z.array(EvacuationRequest) })
  .meta({ id: 'EvacuationRequestList' });
export type EvacuationRequestList = z.infer<typeof EvacuationRequestList>;

/** Books an accepted request's person on a movement (see BookPassenger for the travel fields). */
export const BookEvacuationRequest = z.object({ movementId: Id }).strict().meta({ id: 'BookEvacuationRequest' });

/** Exports the crises with their affected migrant population by nationality and place (counts only). */
export const ExportCrises = z
  .object({
    format: TableFormat,
    status: CrisisStatus.optional(),
    country: CountryCode.optional(),
    level: EmergencyLevel.optional(),
  })
  .strict()
  .meta({ id: 'ExportCrises' });
export type ExportCrises = z.infer<typeof ExportCrises>;

/** Exports the evacuation requests of one crisis (personal data: the columns depend on the caller's roles). */
export const ExportEvacuationRequests = z
  .object({ format: TableFormat, status: EvacuationRequestStatus.optional(), nationality: CountryCode.optional() })
  .strict()
  .meta({ id: 'ExportEvacuationRequests' });
export type ExportEvacuationRequests = z.infer<typeof ExportEvacuationRequests>;

/** Places of a country by OCHA's p-code list (admin levels 1 and 2), to find a p-code by its name. */
export const PlacesQuery = z
  .object({
    country: CountryCode.describe('The country (ISO 3166-1 alpha-3).'),
    q: z.string().trim().min(1).max(100).optional().describe('Part of the name or of the p-code (any case).'),
    level: z.coerce.number().int().min(1).max(2).optional().describe('Admin level: 1 or 2.'),
    parent: Pcode.optional().describe('Only the places inside this p-code (admin 2 places of an admin 1).'),
  })
  .strict();
export type PlacesQuery = z.infer<typeof PlacesQuery>;

export const Place = z
  .object({
    pcode: z.string(),
    name: z.string().describe('As OCHA’s list writes it (Latin script).'),
    level: z.number().int(),
    parent: z.string().describe('The p-code it lies in (the country code for admin level 1).'),
  })
  .meta({ id: 'Place' });
export type Place = z.infer<typeof Place>;

export const PlaceList = z
  .object({
    covered: z.boolean().describe('False when OCHA’s list does not cover the country (its p-codes are not checked).'),
    items: z.array(Place),
  })
  .meta({ id: 'PlaceList' });
export type PlaceList = z.infer<typeof PlaceList>;
