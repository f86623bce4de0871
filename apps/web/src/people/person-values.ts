import type {
  Beneficiary,
  CreateBeneficiary,
  DOB_PRECISIONS,
  DOCUMENT_TYPES,
  GENDERS,
  MIGRATION_STATUSES,
  SEXES,
  SearchBeneficiaries,
  SPECIFIC_NEEDS,
} from '@corridor/contracts';
import { ageOn } from '@corridor/contracts';
import { splitCodes } from '../places/country-fields.tsx';

export type Sex = (typeof SEXES)[number];
export type Gender = (typeof GENDERS)[number];
export type DobPrecision = (typeof DOB_PRECISIONS)[number];
export type DocumentType = (typeof DOCUMENT_TYPES)[number];
export type MigrationStatus = (typeof MIGRATION_STATUSES)[number];
export type SpecificNeed = (typeof SPECIFIC_NEEDS)[number];

/** One identity document as the form edits it. */
export type DocumentValues = { type: DocumentType; number: string; issuingCountry: string };

/** A person as the registration and edit forms hold it: strings for inputs, '' for "not recorded". */
export type PersonValues = {
  givenName: string;
  familyName: string;
  nameOriginal: string;
  nameLatin: string;
  dateOfBirth: string;
  dobPrecision: DobPrecision | '';
  sex: Sex | '';
  gender: Gender | '';
  citizenships: string[];
  languages: string;
  documents: DocumentValues[];
  phone: string;
  email: string;
  country: string;
  pcode: string;
  migrationStatus: MigrationStatus | '';
  disability: 'yes' | 'no' | '';
  specificNeeds: SpecificNeed[];
};

/** A blank registration form. */
export function emptyPerson(): PersonValues {
  return {
    givenName: '',
    familyName: '',
    nameOriginal: '',
    nameLatin: '',
    dateOfBirth: '',
    dobPrecision: '',
    sex: '',
    gender: '',
    citizenships: [],
    languages: '',
    documents: [],
    phone: '',
    email: '',
    country: '',
    pcode: '',
    migrationStatus: '',
    disability: '',
    specificNeeds: [],
  };
}

/** The form values of a stored person. */
export function personValuesOf(b: Beneficiary): PersonValues {
  return {
    givenName: b.givenName ?? '',
    familyName: b.familyName ?? '',
    nameOriginal: b.nameOriginal ?? '',
    nameLatin: b.nameLatin,
    dateOfBirth: b.dateOfBirth ?? '',
    dobPrecision: b.dobPrecision ?? '',
    sex: b.sex ?? '',
    gender: b.gender ?? '',
    citizenships: b.citizenships,
    languages: b.languages.join(', '),
    documents: b.documents.map((d) => ({ type: d.type, number: d.number, issuingCountry: d.issuingCountry ?? '' })),
    phone: b.phone ?? '',
    email: b.email ?? '',
    country: b.country ?? '',
    pcode: b.pcode ?? '',
    migrationStatus: b.migrationStatus ?? '',
    disability: b.disability === null ? '' : b.disability ? 'yes' : 'no',
    specificNeeds: b.specificNeeds,
  };
}

const orNull = (s: string): string | null => (s.trim() ? s.trim() : null);

/** Every field as the API takes it, empty ones as null: what an update compares and sends. */
export function personBody(v: PersonValues): Required<CreateBeneficiary> & Record<string, unknown> {
  const documents = v.documents
    .filter((d) => d.number.trim())
    .map((d) => ({ type: d.type, number: d.number.trim(), issuingCountry: d.issuingCountry || null }));
  return {
    givenName: orNull(v.givenName),
    familyName: orNull(v.familyName),
    nameOriginal: orNull(v.nameOriginal),
    nameLatin: orNull(v.nameLatin),
    dateOfBirth: orNull(v.dateOfBirth),
    dobPrecision: v.dateOfBirth ? v.dobPrecision || 'exact' : null,
    sex: v.sex || null,
    gender: v.gender || null,
    citizenships: v.citizenships.filter(Boolean),
    languages: splitCodes(v.languages),
    documents,
    phone: orNull(v.phone),
    email: orNull(v.email),
    country: v.country || null,
    pcode: orNull(v.pcode.toUpperCase()),
    householdId: null,
    householdRole: null,
    migrationStatus: v.migrationStatus || null,
    disability: v.disability === '' ? null : v.disability === 'yes',
    specificNeeds: v.specificNeeds,
  };
}

/** The registration request: only what was filled in. */
export function createBody(v: PersonValues): Record<string, unknown> {
  const full = personBody(v);
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(full)) {
    if (value === null || (Array.isArray(value) && value.length === 0)) continue;
    body[key] = value;
  }
  return body;
}

/** The identifying fields of the form, sent to search before registering (the API takes them as they are). */
export function searchBodyOf(v: PersonValues): Partial<SearchBeneficiaries> {
  const full = createBody(v);
  const body: Record<string, unknown> = {};
  for (const key of ['givenName', 'familyName', 'nameOriginal', 'nameLatin', 'dateOfBirth', 'documents'] as const) {
    if (full[key] !== undefined) body[key] = full[key];
  }
  return body as Partial<SearchBeneficiaries>;
}

/** True when a name holds letters of a script other than Latin (Arabic, Tigrinya, Cyrillic ...). */
export function isNonLatin(name: string): boolean {
  return /(?!\p{Script=Latin})\p{L}/u.test(name);
}

/**
 * Whole years between a date of birth and today (UTC): the age that decides whether a child's assent is needed. Read
 * as the server reads it (contracts ageOn): with only the year known, the birthday is taken as late as it may be, so
 * a person who could still be a child is one, and the page asks for the assent the server will require.
 */
export function ageOf(
  dateOfBirth: string | null,
  precision: DobPrecision | null = null,
  today = new Date(),
): number | null {
  return ageOn(dateOfBirth, precision, today);
}
