// Contracts of Visa Assistance Centres and their appointments (docs/centres.md): centres run by an organisation,
// the services each offers with a slot length and seats per slot, weekly opening hours in the centre's time zone,
// closures, and appointments booked by staff for a migrant or by the migrant on the public page.
import { z } from 'zod';
import { IsoDate } from './cases.ts';
import { CountryCode, Id, namedPattern, Timestamp } from './common.ts';
import { TableFormat } from './imports.ts';

/** The services a centre may offer (Corridor vocabulary `corridor.centre_service`). */
export const CENTRE_SERVICES = [
  'visa_application_support',
  'document_check',
  'pre_departure_orientation',
  'health_assessment',
  'biometrics_enrolment',
  'information_counselling',
] as const;
export const CentreService = z.enum(CENTRE_SERVICES).meta({ id: 'CentreService' });
export type CentreService = z.infer<typeof CentreService>;

export type CentreLocale = 'en' | 'fr' | 'es' | 'ar';

/** Labels of the service vocabulary in the four languages; the web app and the public page both use them. */
export const CENTRE_SERVICE_LABELS: Readonly<Record<CentreService, Readonly<Record<CentreLocale, string>>>> = {
  visa_application_support: {
    en: 'Visa application support',
    fr: 'Aide à la demande de visa',
    es: 'Apoyo para la solicitud de visado',
    ar: 'المساعدة في طلب التأشيرة',
  },
  document_check: {
    en: 'Document check',
    fr: 'Vérification des documents',
    es: 'Revisión de documentos',
    ar: 'التحقق من الوثائق',
  },
  pre_departure_orientation: {
    en: 'Pre-departure orientation',
    fr: 'Orientation avant le départ',
    es: 'Orientación previa a la partida',
    ar: 'التوجيه قبل السفر',
  },
  health_assessment: {
    en: 'Health assessment',
    fr: 'Bilan de santé',
    es: 'Evaluación de salud',
    ar: 'التقييم الصحي',
  },
  biometrics_enrolment: {
    en: 'Biometrics enrolment',
    fr: 'Relevé des données biométriques',
    es: 'Registro biométrico',
    ar: 'تسجيل البيانات الحيوية',
  },
  information_counselling: {
    en: 'Information and counselling',
    fr: 'Information et conseil',
    es: 'Información y asesoramiento',
    ar: 'المعلومات والإرشاد',
  },
};

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const HHMM = z.string().regex(namedPattern(/^([01]\d|2[0-3]):[0-5]\d$/, 'time'), 'must be a time HH:MM (24 hours)');
/** One opening period of a day, local time: [opens, closes]. */
export const OpeningPeriod = z
  .tuple([HHMM, HHMM])
  .refine(([a, b]) => a < b, { message: 'must close after it opens', params: { rule: 'not_before' } })
  .meta({ id: 'OpeningPeriod' });
/** Weekly opening hours, local time; a missing day is closed. */
export const OpeningHours = z
  .object(
    Object.fromEntries(
      WEEKDAYS.map((d) => [
        d,
        z
          .array(OpeningPeriod)
          .max(4)
          .refine(
            (periods) => {
              const sorted = [...periods].sort((x, y) => (x[0] < y[0] ? -1 : 1));
              return sorted.every((x, i) => i === 0 || sorted[i - 1]![1] <= x[0]);
            },
            { message: 'the periods of a day must not overlap', params: { rule: 'no_overlap' } },
          )
          .optional(),
      ]),
    ) as Record<Weekday, z.ZodOptional<z.ZodArray<typeof OpeningPeriod>>>,
  )
  .strict()
  .meta({ id: 'OpeningHours' });
export type OpeningHours = z.infer<typeof OpeningHours>;

/** A service a centre offers: how long a slot lasts and how many people one slot seats. */
export const CentreServiceOffer = z
  .object({
    service: CentreService,
    slotMinutes: z.number().int().min(5).max(480),
    seatsPerSlot: z.number().int().min(1).max(500),
  })
  .strict()
  .meta({ id: 'CentreServiceOffer' });
export type CentreServiceOffer = z.infer<typeof CentreServiceOffer>;

const timeZone = z
  .string()
  .min(3)
  .max(64)
  .refine(
    (tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    },
    { message: 'must be an IANA time zone, e.g. "Asia/Baghdad"', params: { rule: 'time_zone' } },
  );

const centreFields = {
  name: z.string().trim().min(1).max(200),
  country: CountryCode,
  pcode: z
    .string()
    .regex(namedPattern(/^[A-Z]{2}[A-Z0-9]{0,18}$/, 'pcode'), 'must be a p-code, e.g. "IQG09"')
    .nullable()
    .default(null),
  address: z.string().trim().min(1).max(500),
  timeZone,
  openingHours: OpeningHours,
  services: z
    .array(CentreServiceOffer)
    .min(1)
    .max(CENTRE_SERVICES.length)
    .refine((s) => new Set(s.map((x) => x.service)).size === s.length, {
      message: 'each service once',
      params: { rule: 'once_each' },
    }),
  publicBooking: z.boolean().default(true).describe('Whether migrants may book on the public page.'),
  active: z.boolean().default(true),
};

/** Minutes from HH:MM to HH:MM. */
const minutesBetween = (from: string, to: string) =>
  Number(to.slice(0, 2)) * 60 + Number(to.slice(3)) - Number(from.slice(0, 2)) * 60 - Number(from.slice(3));

export const CreateCentre = z
  .object(centreFields)
  .strict()
  .superRefine((c, ctx) => {
    // A service whose slot is longer than every opening period would offer no seat at all.
    if (!c.openingHours || !Array.isArray(c.services)) return;
    const longest = Math.max(
      0,
      ...WEEKDAYS.flatMap((d) => (c.openingHours[d] ?? []).map(([a, b]) => minutesBetween(a, b))),
    );
    c.services.forEach((x, i) => {
      if (typeof x?.slotMinutes === 'number' && x.slotMinutes > longest)
        ctx.addIssue({
          code: 'custom',
          path: ['services', i, 'slotMinutes'],
          message: 'must fit in an opening period (it is longer than every one)',
          params: { rule: 'fits_period' },
        });
    });
  })
  .meta({ id: 'CreateCentre' });
export type CreateCentre = z.infer<typeof CreateCentre>;
export const UpdateCentre = CreateCentre.meta({ id: 'UpdateCentre' });
export type UpdateCentre = z.infer<typeof UpdateCentre>;

export const Centre = z
  .object({
    id: Id,
    organisationId: Id,
    name: z.string(),
    country: CountryCode,
    pcode: z.string().nullable(),
    placeName: z
      .string()
      .nullable()
      .describe('The name of the p-code’s place in OCHA’s list (the nearest listed place for a finer code).'),
    address: z.string(),
    timeZone: z.string(),
    openingHours: OpeningHours,
    services: z.array(
      CentreServiceOffer.extend({ dailyCapacity: z.number().int().describe('Seats a full opening day offers.') }),
    ),
    publicBooking: z.boolean(),
    active: z.boolean(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    version: z.number().int(),
  })
  .meta({ id: 'Centre' });
export type Centre = z.infer<typeof Centre>;

export const CentreList = z.object({ items: z.array(Centre) }).meta({ id: 'CentreList' });

export const CreateClosure = z
  .object({ day: IsoDate, reason: z.string().trim().min(1).max(200) })
  .strict()
  .meta({ id: 'CreateClosure' });
export const Closure = z
  .object({
    id: Id,
    centreId: Id,
    day: IsoDate,
    reason: z.string(),
    createdAt: Timestamp,
    toRebook: z
      .number()
      .int()
      .describe('Appointments still booked that day: the people to contact and rebook (the closure cancels none).'),
  })
  .meta({ id: 'Closure' });
export type Closure = z.infer<typeof Closure>;
export const ClosureList = z.object({ items: z.array(Closure) }).meta({ id: 'ClosureList' });

export const APPOINTMENT_STATUSES = ['booked', 'checked_in', 'served', 'no_show', 'cancelled'] as const;
export const AppointmentStatus = z.enum(APPOINTMENT_STATUSES).meta({ id: 'AppointmentStatus' });
export type AppointmentStatus = z.infer<typeof AppointmentStatus>;

const slotStart = HHMM.describe('Start of the slot, local time of the centre.');

/** Contact details of a migrant without a registry record (personal data; used only for this appointment). */
export const AppointmentContact = z
  .object({
    // A blank name is too short; one of punctuation only (a "-" standing in for a name) names nobody.
    name: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .refine((n) => /[\p{L}\p{N}]/u.test(n), {
        message: 'must be the person’s name, not punctuation only',
        params: { rule: 'required' },
        when: (p) => typeof p.value === 'string' && p.value.length > 0,
      }),
    phone: z
      .string()
      .trim()
      .regex(
        namedPattern(/^\+[1-9][0-9 ()-]{6,22}$/, 'phone'),
        'must be a phone number in international form, e.g. "+964 750 123 4567"',
      )
      .transform((p) => p.replace(/[^0-9+]/g, ''))
      .refine((p) => /^\+[1-9][0-9]{6,14}$/.test(p), {
        message: 'must have 7 to 15 digits after the +',
        params: { rule: 'phone_digits' },
      }),
    email: z.email().max(200).nullable().default(null),
    locale: z.enum(['en', 'fr', 'es', 'ar']).default('en'),
  })
  .strict()
  .meta({ id: 'AppointmentContact' });

/**
 * Why a centre refuses an appointment or one of its steps (`slot_unavailable`, `invalid_transition`): one fixed
 * sentence each, which the server gives as the problem's `detail`, so that a client words the reason in its own
 * language (appointmentRefusalOf). A detail not listed here is worded by the problem's code alone.
 */
export const APPOINTMENT_REFUSALS = {
  centre_inactive: 'The centre is not taking appointments.',
  service_not_offered: 'The centre does not offer this service.',
  day_closed: 'The centre is closed that day.',
  not_a_slot: 'The time is not the start of a slot within the opening hours.',
  slot_begun: 'The slot has already begun.',
  check_in_not_today: 'A person is checked in on the day of the appointment only.',
  no_show_too_early: 'A no-show is recorded only once the slot has begun.',
} as const;
export type AppointmentRefusal = keyof typeof APPOINTMENT_REFUSALS;

/** The reason a centre's refusal names by its detail (APPOINTMENT_REFUSALS), or null for any other detail. */
export function appointmentRefusalOf(detail: string | undefined): AppointmentRefusal | null {
  if (!detail) return null;
  const found = (Object.keys(APPOINTMENT_REFUSALS) as AppointmentRefusal[]).find(
    (k) => APPOINTMENT_REFUSALS[k] === detail,
  );
  return found ?? null;
}

export const BookAppointment = z
  .object({
    service: CentreService,
    day: IsoDate,
    start: slotStart,
    beneficiaryId: Id.nullable().default(null).describe('The person in the registry, when there is one.'),
    contact: AppointmentContact.nullable()
      .default(null)
      .describe('Required when there is no beneficiaryId; optional beside one, to send the reminder.'),
  })
  .strict()
  .refine((v) => v.beneficiaryId !== null || v.contact !== null, {
    path: ['contact'],
    message: 'required when no beneficiaryId is given',
    params: { rule: 'required' },
    when: (p) => typeof p.value === 'object' && p.value !== null,
  })
  .meta({ id: 'BookAppointment' });
export type BookAppointment = z.infer<typeof BookAppointment>;

export const RescheduleAppointment = z
  .object({ day: IsoDate, start: slotStart })
  .strict()
  .meta({ id: 'RescheduleAppointment' });

export const Appointment = z
  .object({
    id: Id,
    centreId: Id,
    service: CentreService,
    day: IsoDate,
    start: z.string(),
    startsAt: Timestamp,
    status: AppointmentStatus,
    channel: z.enum(['staff', 'public']),
    beneficiaryId: Id.nullable(),
    contactName: z.string().nullable(),
    contactPhone: z.string().nullable(),
    bookedAt: Timestamp,
    checkedInAt: Timestamp.nullable(),
    servedAt: Timestamp.nullable(),
    noShowAt: Timestamp.nullable(),
    cancelledAt: Timestamp.nullable(),
    reminderQueuedAt: Timestamp.nullable(),
    version: z.number().int(),
  })
  .meta({ id: 'Appointment' });
export type Appointment = z.infer<typeof Appointment>;

export const DayQuery = z.object({ day: IsoDate, service: CentreService.optional() }).meta({ id: 'DayQuery' });

/** One slot of a day: its seats and who holds them (staff view). */
export const DaySlot = z
  .object({
    service: CentreService,
    start: z.string(),
    startsAt: Timestamp,
    capacity: z.number().int(),
    booked: z.number().int(),
    appointments: z.array(Appointment),
  })
  .meta({ id: 'DaySlot' });
export const DayView = z
  .object({ centreId: Id, day: IsoDate, closed: z.string().nullable(), slots: z.array(DaySlot) })
  .meta({ id: 'DayView' });
export type DayView = z.infer<typeof DayView>;

export const ThroughputQuery = z
  .object({ from: IsoDate, to: IsoDate })
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'must not be before from', params: { rule: 'not_before' } })
  .meta({ id: 'ThroughputQuery' });
export const ThroughputDay = z
  .object({
    day: IsoDate,
    capacity: z.number().int(),
    booked: z.number().int(),
    served: z.number().int(),
    noShows: z.number().int(),
    cancelled: z.number().int(),
    noShowRate: z.number().nullable().describe('No-shows / (served + no-shows); null when nobody was due.'),
    utilisation: z.number().nullable().describe('Served / capacity; null on a closed day.'),
  })
  .meta({ id: 'ThroughputDay' });
export const Throughput = z
  .object({
    centreId: Id,
    from: IsoDate,
    to: IsoDate,
    days: z.array(ThroughputDay),
    totals: ThroughputDay.omit({ day: true }),
  })
  .meta({ id: 'Throughput' });
export type Throughput = z.infer<typeof Throughput>;
export const ExportThroughput = z
  .object({ from: IsoDate, to: IsoDate, format: TableFormat })
  .strict()
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'must not be before from', params: { rule: 'not_before' } })
  .meta({ id: 'ExportThroughput' });

/** Public: a centre as anyone sees it (no organisation internals). */
export const PublicCentre = z
  .object({
    id: Id,
    name: z.string(),
    country: CountryCode,
    address: z.string(),
    timeZone: z.string(),
    services: z.array(CentreService),
  })
  .meta({ id: 'PublicCentre' });
export type PublicCentre = z.infer<typeof PublicCentre>;
export const PublicCentreList = z.object({ items: z.array(PublicCentre) }).meta({ id: 'PublicCentreList' });
export const PublicSlotsQuery = z.object({ service: CentreService, day: IsoDate }).meta({ id: 'PublicSlotsQuery' });
export const PublicSlot = z
  .object({ start: z.string(), startsAt: Timestamp, free: z.number().int() })
  .meta({ id: 'PublicSlot' });
export const PublicSlotList = z
  .object({ day: IsoDate, closed: z.boolean(), slots: z.array(PublicSlot) })
  .meta({ id: 'PublicSlotList' });
export const PublicBook = z
  .object({
    centreId: Id,
    service: CentreService,
    day: IsoDate,
    start: slotStart,
    contact: AppointmentContact,
  })
  .strict()
  .meta({ id: 'PublicBook' });
export type PublicBook = z.infer<typeof PublicBook>;
export const BookingCode = z
  .string()
  .regex(/^[A-HJ-NP-Z2-9]{4}-?[A-HJ-NP-Z2-9]{4}$/, 'must be a booking code like K7QM-2XPA');
export const PublicBookingLookup = z.object({ code: BookingCode }).strict().meta({ id: 'PublicBookingLookup' });
export const PublicBooking = z
  .object({
    code: z.string().optional().describe('Only in the answer that created the booking: keep it to view or cancel.'),
    centreName: z.string(),
    address: z.string(),
    service: CentreService,
    day: IsoDate,
    start: z.string(),
    status: AppointmentStatus,
  })
  .meta({ id: 'PublicBooking' });
export type PublicBooking = z.infer<typeof PublicBooking>;
