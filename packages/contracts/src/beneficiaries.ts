// Contracts of the beneficiary registry: the person record, its vocabularies, and search. Vocabularies are data
// here, once, and the server, web app and CLI use them from here.
import { z } from 'zod';
import { CountryCode, FIRST_DAY, Id, LAST_DAY, namedPattern, rangeInOrder, Timestamp } from './common.ts';

// ---- vocabularies

/** Sex as recorded at registration. */
export const SEXES = ['female', 'male', 'intersex', 'unknown'] as const;
export const Sex = z.enum(SEXES).meta({ id: 'Sex' });

/** Gender, HTCDS 2.0 `prs_Gender`. */
export const GENDERS = [
  'Feminine',
  'Masculine',
  'TransgenderFeminine',
  'TransgenderMasculine',
  'NonConforming',
  'NonSpecifiedUnknown',
] as const;
export const Gender = z.enum(GENDERS).meta({ id: 'Gender', description: 'HTCDS 2.0 gender (prs_Gender).' });

/** Migration status (docs/design DOMAIN.md, after the IOM and HTCDS vocabulary). */
export const MIGRATION_STATUSES = [
  'labour',
  'family',
  'student',
  'visitor',
  'irregular',
  'asylum_seeker',
  'refugee',
  'complementary_protection',
  'stateless',
  'stranded',
  'vulnerable',
  'forced',
  'deportee',
  'idp',
  'uasc',
  'returnee',
] as const;
export const MigrationStatus = z.enum(MIGRATION_STATUSES).meta({
  id: 'MigrationStatus',
  description:
    'labour, family, student or visitor migrant; irregular migrant; asylum seeker; refugee; complementary protection; stateless; stranded, vulnerable or forced migrant; deportee; internally displaced person; unaccompanied or separated child; returnee.',
});

/** How exact a date of birth is: known to the day, only the year, or estimated (e.g. from an age). */
export const DOB_PRECISIONS = ['exact', 'year', 'estimated'] as const;
export const DobPrecision = z.enum(DOB_PRECISIONS).meta({ id: 'DobPrecision' });
export type DobPrecision = z.infer<typeof DobPrecision>;

/** The age under which a person is a child, whose own assent goes with a grant of consent (SECURITY.md D2). */
export const ADULT_AGE = 18;

/**
 * A person's age in whole years on `today` (UTC) by a date of birth (YYYY-MM-DD) and its precision, read the
 * protective way: with only the year known, the latest possible birthday of that year (31 December) is taken, so
 * anyone who could still be a child counts as one; an estimated date is taken as it is. The one reading of an age
 * that decides whether a child's assent is needed: the server's checks and the web's forms both use it. Null without
 * a date of birth in that form.
 */
export function ageOn(
  dateOfBirth: string | null | undefined,
  precision: DobPrecision | null | undefined,
  today: Date,
): number | null {
  if (!dateOfBirth || !/^\d{4}-\d{2}-\d{2}$/.test(dateOfBirth)) return null;
  const [y, m, d] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [month, day] = precision === 'year' ? [12, 31] : [m, d];
  const todayMD = (today.getUTCMonth() + 1) * 100 + today.getUTCDate();
  return today.getUTCFullYear() - y - (todayMD < month * 100 + day ? 1 : 0);
}

/** Could the person be under 18 on `today` (ageOn's protective reading)? False without a date of birth. */
export function isChildOn(
  dateOfBirth: string | null | undefined,
  precision: DobPrecision | null | undefined,
  today: Date,
): boolean {
  const age = ageOn(dateOfBirth, precision, today);
  return age !== null && age < ADULT_AGE;
}

export const DOCUMENT_TYPES = [
  'passport',
  'national_id',
  'birth_certificate',
  'residence_permit',
  'refugee_id',
  'asylum_seeker_certificate',
  'travel_document',
  'laissez_passer',
  'driving_licence',
  'other',
] as const;
export const DocumentType = z.enum(DOCUMENT_TYPES).meta({ id: 'DocumentType' });

export const HOUSEHOLD_ROLES = [
  'head',
  'spouse',
  'child',
  'parent',
  'sibling',
  'grandparent',
  'grandchild',
  'other_relative',
  'non_relative',
] as const;
export const HouseholdRole = z.enum(HOUSEHOLD_ROLES).meta({ id: 'HouseholdRole' });

/** Specific needs that call for protection or adapted assistance (after UNHCR's specific-needs categories). */
export const SPECIFIC_NEEDS = [
  'unaccompanied_child',
  'separated_child',
  'child_at_risk',
  'woman_at_risk',
  'single_parent',
  'older_person_at_risk',
  'serious_medical_condition',
  'disability',
  'pregnant_or_lactating',
  'survivor_of_violence',
  'survivor_of_torture',
  'mental_health',
  'legal_protection',
  'family_tracing',
  'specific_legal_physical_protection',
] as const;
export const SpecificNeed = z.enum(SPECIFIC_NEEDS).meta({ id: 'SpecificNeed' });

// ---- field formats

/** A phone number as people write it: digits, an optional leading +, spaces, brackets, dots and hyphens. */
export const PhoneNumber = z
  .string()
  .trim()
  .regex(namedPattern(/^\+?[0-9][0-9 ().-]{4,29}$/, 'phone'), 'must be a phone number, e.g. "+249 91 234 5678"');

/** A calendar date, YYYY-MM-DD, that exists (no 31 February). */
const DATE_SHAPE = namedPattern(/^\d{4}-\d{2}-\d{2}$/, 'date');
export const CalendarDate = z
  .string()
  .regex(DATE_SHAPE, 'must be a date as YYYY-MM-DD')
  // (Only a date of the right shape is checked further, as CountryCode: one issue for "14/03/1991", not three.)
  .refine(
    (s) => {
      if (!DATE_SHAPE.test(s)) return true;
      const d = new Date(`${s}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
    },
    { message: 'must be a real calendar date', params: { rule: 'real_date' } },
  )
  .refine((s) => !DATE_SHAPE.test(s) || (s >= FIRST_DAY && s <= LAST_DAY), {
    message: `must be between ${FIRST_DAY} and ${LAST_DAY}`,
    params: { rule: 'day_range' },
  })
  .meta({ id: 'CalendarDate' });

/** ISO 639-1 or 639-2/3 language code, lower case ("ar", "tir", "fra"). */
export const LanguageCode = z
  .string()
  .regex(namedPattern(/^[a-z]{2,3}$/, 'language'), 'must be an ISO 639 code in lower case, e.g. "ar"');

/** OCHA p-code: the country's ISO alpha-2 or alpha-3 code followed by the admin-level digits, e.g. "SD01". */
export const Pcode = z
  .string()
  .regex(namedPattern(/^[A-Z]{2,3}[0-9A-Z]{0,17}$/, 'pcode'), 'must be an OCHA p-code, e.g. "SD01" or "BD1004"')
  .meta({ id: 'Pcode' });

const PersonName = (max: number) => z.string().trim().min(1).max(max).regex(/\p{L}/u, 'must contain letters');

const DocumentNumber = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/[\p{L}\p{N}]/u, 'must contain letters or digits');

export const IdentityDocument = z
  .object({
    type: DocumentType,
    number: DocumentNumber,
    issuingCountry: CountryCode.nullable().optional(),
  })
  .strict()
  .meta({ id: 'IdentityDocument' });

const unique = <T extends z.ZodType>(item: T, max: number) =>
  z
    .array(item)
    .max(max)
    .refine((a) => new Set(a).size === a.length, { message: 'must not repeat a value', params: { rule: 'no_repeat' } });

// The fields a person is registered with; shared by create, update and search-before-register.
const personFields = {
  givenName: PersonName(200).nullable().optional(),
  familyName: PersonName(200).nullable().optional(),
  nameOriginal: PersonName(400)
    .nullable()
    .optional()
    .describe('The full name in its own script (Arabic, Cyrillic, ...), as the person writes it.'),
  nameLatin: PersonName(400)
    .nullable()
    .optional()
    .describe('The full name in Latin letters; transliterated from nameOriginal when absent.'),
  dateOfBirth: CalendarDate.nullable().optional(),
  dobPrecision: DobPrecision.nullable().optional().describe('Defaults to exact when a date of birth is given.'),
  sex: Sex.nullable().optional(),
  gender: Gender.nullable().optional(),
  citizenships: unique(CountryCode, 5).optional(),
  languages: unique(LanguageCode, 10).optional(),
  documents: z.array(IdentityDocument).max(10).optional(),
  phone: PhoneNumber.nullable().optional(),
  email: z.string().trim().toLowerCase().pipe(z.email().max(254)).nullable().optional(),
  country: CountryCode.nullable().optional().describe('Where the person is now.'),
  pcode: Pcode.nullable().optional().describe('Where the person is now (OCHA p-code, admin 1 or 2).'),
  householdId: Id.nullable()
    .optional()
    .describe('An id shared by the members of a household or travelling group; generate one for its first member.'),
  householdRole: HouseholdRole.nullable().optional(),
  migrationStatus: MigrationStatus.nullable().optional(),
  disability: z.boolean().nullable().optional(),
  specificNeeds: unique(SpecificNeed, 20).optional(),
};

const hasAName = (v: { givenName?: unknown; familyName?: unknown; nameOriginal?: unknown; nameLatin?: unknown }) =>
  Boolean(v.givenName || v.familyName || v.nameOriginal || v.nameLatin);

/** Cross-field rules run even when single fields failed, so a response lists every problem at once. */
export const whenObject = (payload: { value: unknown }): boolean =>
  typeof payload.value === 'object' && payload.value !== null;

export const CreateBeneficiary = z
  .object(personFields)
  .strict()
  .refine(hasAName, {
    path: ['nameLatin'],
    message: 'give at least one name: givenName, familyName, nameOriginal or nameLatin',
    params: { rule: 'one_name' },
    when: whenObject,
  })
  .refine((v) => !(v.dobPrecision && !v.dateOfBirth), {
    path: ['dobPrecision'],
    message: 'only with a dateOfBirth',
    params: { rule: 'only_with_date' },
    when: whenObject,
  })
  .meta({ id: 'CreateBeneficiary' });
export type CreateBeneficiary = z.infer<typeof CreateBeneficiary>;

/** Changes to a person: only the fields sent change; null clears a field; `documents` replaces the list. */
export const UpdateBeneficiary = z
  .object(personFields)
  .strict()
  .refine((v) => Object.keys(v).length > 0, {
    message: 'send at least one field to change',
    params: { rule: 'some_change' },
  })
  .meta({ id: 'UpdateBeneficiary' });
export type UpdateBeneficiary = z.infer<typeof UpdateBeneficiary>;

export const Beneficiary = z
  .object({
    id: Id,
    organisationId: Id,
    givenName: z.string().nullable(),
    familyName: z.string().nullable(),
    nameOriginal: z.string().nullable(),
    nameLatin: z.string(),
    dateOfBirth: z.string().nullable(),
    dobPrecision: DobPrecision.nullable(),
    sex: Sex.nullable(),
    gender: Gender.nullable(),
    citizenships: z.array(z.string()),
    languages: z.array(z.string()),
    documents: z.array(z.object({ type: DocumentType, number: z.string(), issuingCountry: z.string().nullable() })),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    country: z.string().nullable(),
    pcode: z.string().nullable(),
    householdId: Id.nullable(),
    householdRole: HouseholdRole.nullable(),
    migrationStatus: MigrationStatus.nullable(),
    disability: z.boolean().nullable(),
    specificNeeds: z.array(SpecificNeed),
    restricted: z.boolean().describe('The person has a trafficking, GBV or child case: only staff on it see them.'),
    anonymised: z
      .boolean()
      .describe(
        'The person was anonymised (docs/subject-rights.md): nameLatin holds the fixed name `Anonymised person`, for a client to word in its language; nothing new (consent, case, case record, referral) is recorded for them.',
      ),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    version: z.number().int(),
  })
  .meta({ id: 'Beneficiary' });
export type Beneficiary = z.infer<typeof Beneficiary>;

/** What lists and search results show of a person: enough to recognise them, no contact or documents. */
export const BeneficiarySummary = z
  .object({
    id: Id,
    nameLatin: z.string(),
    nameOriginal: z.string().nullable(),
    dateOfBirth: z.string().nullable(),
    dobPrecision: DobPrecision.nullable(),
    sex: Sex.nullable(),
    citizenships: z.array(z.string()),
    country: z.string().nullable(),
    pcode: z.string().nullable(),
    householdId: Id.nullable(),
    anonymised: z
      .boolean()
      .describe(
        'The person was anonymised: nameLatin holds the fixed name `Anonymised person`, for a client to word in its language.',
      ),
    version: z.number().int(),
  })
  .meta({ id: 'BeneficiarySummary' });
export type BeneficiarySummary = z.infer<typeof BeneficiarySummary>;

/** Filters of the list; no names here, since URLs end up in logs (SECURITY.md D4): search by name with POST. */
export const BeneficiaryListFields = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: Id.optional().describe('The id of the last person of the previous page.'),
    country: CountryCode.optional(),
    pcode: Pcode.optional(),
    dobFrom: CalendarDate.optional(),
    dobTo: CalendarDate.optional(),
    sex: Sex.optional(),
    migrationStatus: MigrationStatus.optional(),
    householdId: Id.optional(),
  })
  .strict();
export const BeneficiaryListQuery = BeneficiaryListFields.superRefine(rangeInOrder('dobFrom', 'dobTo'));

export const NAME_MATCH_LEVELS = ['exact', 'variant', 'phonetic', 'typo'] as const;

/**
 * Find a person: by any of their names (any script), a document number, a date of birth, and within a date of
 * birth range or a place. The registration form's fields can be sent as they are (search before registering).
 */
export const SearchBeneficiaries = z
  .object({
    name: PersonName(400).optional().describe('Any name or part of one, in any script.'),
    givenName: personFields.givenName,
    familyName: personFields.familyName,
    nameOriginal: personFields.nameOriginal,
    nameLatin: personFields.nameLatin,
    dateOfBirth: CalendarDate.nullable().optional().describe('Ranks people born on this date (or in its year) higher.'),
    documentNumber: DocumentNumber.optional().describe('Spaces, dashes and case do not matter.'),
    documents: z.array(IdentityDocument).max(10).optional(),
    dobFrom: CalendarDate.optional().describe('Only people born on or after this date.'),
    dobTo: CalendarDate.optional().describe('Only people born on or before this date.'),
    country: CountryCode.optional().describe('Only people currently in this country.'),
    pcode: Pcode.optional().describe('Only people currently in this area (the p-code or any area inside it).'),
    limit: z.number().int().min(1).max(50).default(20),
  })
  .strict()
  .refine(
    (v) =>
      hasAName(v) ||
      Boolean(
        v.name ||
          v.documentNumber ||
          v.documents?.length ||
          v.dateOfBirth ||
          v.dobFrom ||
          v.dobTo ||
          v.country ||
          v.pcode,
      ),
    { message: 'give at least one thing to search by', params: { rule: 'search_by' }, when: whenObject },
  )
  .refine((v) => !(v.dobFrom && v.dobTo && v.dobFrom > v.dobTo), {
    path: ['dobTo'],
    message: 'must not be before dobFrom',
    params: { rule: 'not_before' },
  })
  .meta({ id: 'SearchBeneficiaries' });
export type SearchBeneficiaries = z.infer<typeof SearchBeneficiaries>;

/** Why a person was found: no score, only which fields agreed and how well. */
export const SearchMatch = z
  .object({
    name: z
      .object({
        level: z.enum(NAME_MATCH_LEVELS).describe('The best level any name matched at.'),
        matched: z.number().int().describe('How many of the searched name parts matched.'),
        of: z.number().int(),
      })
      .nullable(),
    dateOfBirth: z.enum(['exact', 'year']).nullable(),
    document: z.boolean(),
    fields: z.array(z.enum(['name', 'dateOfBirth', 'document'])),
  })
  .meta({ id: 'SearchMatch' });

export const SearchHit = z
  .object({ beneficiary: BeneficiarySummary, match: SearchMatch })
  .meta({ id: 'BeneficiarySearchHit' });
export type SearchHit = z.infer<typeof SearchHit>;

export const SearchResult = z
  .object({
    items: z.array(SearchHit).describe('Most likely first.'),
    more: z.boolean().describe('More people matched than the limit; narrow the search.'),
  })
  .meta({ id: 'BeneficiarySearchResult' });
export type SearchResult = z.infer<typeof SearchResult>;
