// Contracts of movements (docs/operations.md): evacuation, resettlement and voluntary-return operations with their
// legs, the manifest of passengers (linked to registry records and cases) with a per-passenger status, fit to
// travel, medical escort and travel documents, and the hand-over to the partner that receives them at arrival.
import { z } from 'zod';
import { IsoDate } from './cases.ts';
import { CountryCode, Id, Timestamp } from './common.ts';
import { TableFormat } from './imports.ts';

const text = (max: number) => z.string().trim().min(1).max(max);

export const MOVEMENT_TYPES = ['evacuation', 'resettlement', 'voluntary_return'] as const;
export const MovementType = z.enum(MOVEMENT_TYPES).meta({ id: 'MovementType' });
export type MovementType = z.infer<typeof MovementType>;
export const MOVEMENT_STATUSES = ['planned', 'in_progress', 'completed', 'cancelled'] as const;
export const MovementStatus = z.enum(MOVEMENT_STATUSES).meta({ id: 'MovementStatus' });
export const TRAVEL_MODES = ['air', 'land', 'sea', 'rail'] as const;
export const TravelMode = z.enum(TRAVEL_MODES).meta({ id: 'TravelMode' });

/** Per-passenger status; the state machine is in apps/server/src/movements/passenger-status.ts. */
export const PASSENGER_STATUSES = ['booked', 'checked_in', 'departed', 'arrived', 'no_show', 'cancelled'] as const;
export const PassengerStatus = z.enum(PASSENGER_STATUSES).meta({ id: 'PassengerStatus' });
export type PassengerStatus = z.infer<typeof PassengerStatus>;
export const FIT_TO_TRAVEL = ['pending', 'fit', 'fit_with_escort', 'unfit'] as const;
export const FitToTravel = z.enum(FIT_TO_TRAVEL).meta({ id: 'FitToTravel' });
export const TRAVEL_DOCUMENT_TYPES = [
  'passport',
  'laissez_passer',
  'emergency_travel_document',
  'refugee_travel_document',
  'visa',
] as const;
export const TravelDocumentType = z.enum(TRAVEL_DOCUMENT_TYPES).meta({ id: 'TravelDocumentType' });

export const CreateLeg = z
  .object({
    mode: TravelMode,
    carrier: text(100),
    serviceNumber: text(20).nullable().default(null).describe('Flight, train or voyage number.'),
    fromPlace: text(100),
    fromCountry: CountryCode,
    toPlace: text(100),
    toCountry: CountryCode,
    departsAt: Timestamp,
    arrivesAt: Timestamp,
    capacity: z.number().int().min(1).max(10_000),
  })
  .strict()
  .refine((l) => Date.parse(l.departsAt) < Date.parse(l.arrivesAt), {
    path: ['arrivesAt'],
    message: 'must be after departsAt',
    params: { rule: 'not_before' },
  })
  .meta({ id: 'CreateLeg' });
export type CreateLeg = z.infer<typeof CreateLeg>;

export const Leg = z
  .object({
    id: Id,
    seq: z.number().int(),
    mode: TravelMode,
    carrier: z.string(),
    serviceNumber: z.string().nullable(),
    fromPlace: z.string(),
    fromCountry: CountryCode,
    toPlace: z.string(),
    toCountry: CountryCode,
    departsAt: Timestamp,
    arrivesAt: Timestamp,
    capacity: z.number().int(),
    booked: z.number().int(),
    /** The leg's version: send it back as If-Match `"v<version>"` to change the leg. */
    version: z.number().int(),
  })
  .meta({ id: 'Leg' });
export type Leg = z.infer<typeof Leg>;

/** The movement and the leg of a leg route. */
export const LegParams = z.object({ id: Id, legId: Id });

/**
 * Changes some of a leg's details before it departs (If-Match). Capacity never goes below the seats booked; dates
 * keep the legs in travel order.
 */
export const UpdateLeg = z
  .object({
    mode: TravelMode.optional(),
    carrier: text(100).optional(),
    serviceNumber: text(20).nullable().optional(),
    fromPlace: text(100).optional(),
    fromCountry: CountryCode.optional(),
    toPlace: text(100).optional(),
    toCountry: CountryCode.optional(),
    departsAt: Timestamp.optional(),
    arrivesAt: Timestamp.optional(),
    capacity: z.number().int().min(1).max(10_000).optional(),
  })
  .strict()
  .refine((l) => Object.keys(l).length > 0, { message: 'change at least one field', params: { rule: 'some_change' } })
  .meta({ id: 'UpdateLeg' });
export type UpdateLeg = z.infer<typeof UpdateLeg>;

export const CreateMovement = z
  .object({
    type: MovementType,
    reference: z.string().regex(/^[A-Z0-9][A-Z0-9-]{1,39}$/, 'must be 2-40 capital letters, digits or hyphens'),
    crisisId: Id.nullable().default(null).describe('The crisis an evacuation answers.'),
    originCountry: CountryCode,
    destinationCountry: CountryCode,
    receptionOrganisationId: Id.nullable().default(null).describe('The partner receiving passengers at arrival.'),
    legs: z.array(CreateLeg).min(1).max(10),
  })
  .strict()
  .meta({ id: 'CreateMovement' });
export type CreateMovement = z.infer<typeof CreateMovement>;

export const MovementCounts = z
  .object(
    Object.fromEntries(PASSENGER_STATUSES.map((s) => [s, z.number().int()])) as Record<PassengerStatus, z.ZodNumber>,
  )
  .meta({ id: 'MovementCounts' });

export const Movement = z
  .object({
    id: Id,
    type: MovementType,
    reference: z.string(),
    crisisId: Id.nullable(),
    originCountry: CountryCode,
    destinationCountry: CountryCode,
    status: MovementStatus,
    receptionOrganisationId: Id.nullable(),
    legs: z.array(Leg),
    passengers: MovementCounts,
    createdAt: Timestamp,
    version: z.number().int(),
  })
  .meta({ id: 'Movement' });
export type Movement = z.infer<typeof Movement>;

export const MovementListQuery = z
  .object({
    type: MovementType.optional(),
    status: MovementStatus.optional(),
    crisisId: Id.optional(),
  })
  .meta({ id: 'MovementListQuery' });
export const MovementList = z.object({ items: z.array(Movement) }).meta({ id: 'MovementList' });
export type MovementList = z.infer<typeof MovementList>;

export const TravelDocument = z
  .object({
    type: TravelDocumentType,
    number: text(60),
    expiresOn: IsoDate.nullable().default(null),
  })
  .strict()
  .meta({ id: 'TravelDocument' });

/** Books a registry person on every leg of the movement (one seat per leg, never past a leg's capacity). */
export const BookPassenger = z
  .object({
    beneficiaryId: Id,
    caseId: Id.nullable().default(null),
    fitToTravel: FitToTravel.default('pending'),
    medicalEscort: z.boolean().default(false),
    document: TravelDocument.nullable().default(null),
  })
  .strict()
  .meta({ id: 'BookPassenger' });
export type BookPassenger = z.infer<typeof BookPassenger>;

/** Fit-to-travel, escort and travel document of a booked passenger. */
export const UpdatePassengerTravel = z
  .object({
    fitToTravel: FitToTravel,
    medicalEscort: z.boolean(),
    document: TravelDocument.nullable(),
  })
  .strict()
  .meta({ id: 'UpdatePassengerTravel' });
export type UpdatePassengerTravel = z.infer<typeof UpdatePassengerTravel>;

export const PASSENGER_STEPS = ['check_in', 'depart', 'arrive', 'no_show', 'cancel'] as const;
export const PassengerStep = z.enum(PASSENGER_STEPS).meta({ id: 'PassengerStep' });
export type PassengerStep = z.infer<typeof PassengerStep>;

export const Passenger = z
  .object({
    id: Id,
    movementId: Id,
    beneficiaryId: Id,
    caseId: Id.nullable(),
    nameLatin: z.string(),
    /** The name in the script it is written in (Arabic, Cyrillic...), when it differs from the Latin form. */
    nameOriginal: z.string().nullable(),
    sex: z.string().nullable(),
    dateOfBirth: z.string().nullable(),
    nationality: z.string().nullable(),
    identityHidden: z
      .boolean()
      .describe(
        'True when the person is restricted (a trafficking, GBV or child case) and the caller is not on that case: names, sex, birth date, nationality and travel document are then left out.',
      ),
    status: PassengerStatus,
    fitToTravel: FitToTravel,
    medicalEscort: z.boolean(),
    document: z.object({ type: TravelDocumentType, number: z.string(), expiresOn: z.string().nullable() }).nullable(),
    bookedAt: Timestamp,
    checkedInAt: Timestamp.nullable(),
    departedAt: Timestamp.nullable(),
    arrivedAt: Timestamp.nullable(),
    reception: z.object({ id: Id, status: z.enum(['sent', 'received']) }).nullable(),
    version: z.number().int(),
  })
  .meta({ id: 'Passenger' });
export type Passenger = z.infer<typeof Passenger>;

export const ManifestQuery = z.object({ status: PassengerStatus.optional() }).meta({ id: 'ManifestQuery' });
export const Manifest = z
  .object({ movementId: Id, reference: z.string(), items: z.array(Passenger) })
  .meta({ id: 'Manifest' });
export type Manifest = z.infer<typeof Manifest>;

export const ExportManifest = z
  .object({ format: z.enum(['pdf', ...TableFormat.options]) })
  .strict()
  .meta({ id: 'ExportManifest' });

/**
 * What the receiving partner gets for one passenger: enough to meet and assist them at arrival, nothing else (no
 * contact details, no documents, no case content; the year of birth, not the date).
 */
export const ReceptionHandover = z
  .object({
    nameLatin: z.string(),
    sex: z.string().nullable(),
    yearOfBirth: z.number().int().nullable(),
    nationality: z.string().nullable(),
    languages: z.array(z.string()),
    medicalEscort: z.boolean(),
    unaccompaniedChild: z.boolean(),
    arrival: z.object({
      carrier: z.string(),
      serviceNumber: z.string().nullable(),
      toPlace: z.string(),
      arrivesAt: Timestamp,
    }),
  })
  .meta({ id: 'ReceptionHandover' });
export type ReceptionHandover = z.infer<typeof ReceptionHandover>;

export const Reception = z
  .object({
    id: Id,
    movementReference: z.string(),
    movementType: MovementType,
    sendingOrganisationId: Id,
    partnerOrganisationId: Id,
    status: z.enum(['sent', 'received']),
    handover: ReceptionHandover,
    sentAt: Timestamp,
    receivedAt: Timestamp.nullable(),
  })
  .meta({ id: 'Reception' });
export type Reception = z.infer<typeof Reception>;
export const ReceptionList = z.object({ items: z.array(Reception) }).meta({ id: 'ReceptionList' });
export type ReceptionList = z.infer<typeof ReceptionList>;

export const FiguresQuery = z
  .object({ from: IsoDate, to: IsoDate })
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'must not be before from', params: { rule: 'not_before' } })
  .meta({ id: 'MovementFiguresQuery' });

/** People moved in a period: arrivals by movement type and month (evacuated, resettled, returned). */
export const MovementFigures = z
  .object({
    from: IsoDate,
    to: IsoDate,
    totals: z.object({ evacuated: z.number().int(), resettled: z.number().int(), returned: z.number().int() }),
    byMonth: z.array(
      z.object({
        month: z.string(),
        evacuated: z.number().int(),
        resettled: z.number().int(),
        returned: z.number().int(),
      }),
    ),
    noShows: z.number().int(),
    cancelled: z.number().int(),
  })
  .meta({ id: 'MovementFigures' });
export type MovementFigures = z.infer<typeof MovementFigures>;
