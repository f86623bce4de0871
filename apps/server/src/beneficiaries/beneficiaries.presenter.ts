import type {
  Beneficiary,
  BeneficiarySummary,
  DOB_PRECISIONS,
  DOCUMENT_TYPES,
  GENDERS,
  HOUSEHOLD_ROLES,
  MIGRATION_STATUSES,
  SEXES,
  SPECIFIC_NEEDS,
} from '@corridor/contracts';
import { isAnonymised } from './anonymised.ts';
import { codesOf } from './beneficiaries.service.ts';
import type { BeneficiaryDocumentRow, BeneficiaryRow } from './beneficiaries.table.ts';

// Stored codes were checked against these vocabularies on the way in.
type Code<T extends readonly string[]> = T[number];

/** The full record, for caseworkers and supervisors: every field named, nothing serialised wholesale. */
export function presentBeneficiary(b: BeneficiaryRow, documents: readonly BeneficiaryDocumentRow[]): Beneficiary {
  return {
    id: b.id,
    organisationId: b.organisation_id,
    givenName: b.given_name,
    familyName: b.family_name,
    nameOriginal: b.name_original,
    nameLatin: b.name_latin,
    dateOfBirth: b.date_of_birth,
    dobPrecision: b.dob_precision as Code<typeof DOB_PRECISIONS> | null,
    sex: b.sex as Code<typeof SEXES> | null,
    gender: b.gender as Code<typeof GENDERS> | null,
    citizenships: codesOf(b.citizenships),
    languages: codesOf(b.languages),
    documents: documents.map((d) => ({
      type: d.type as Code<typeof DOCUMENT_TYPES>,
      number: d.number,
      issuingCountry: d.issuing_country,
    })),
    phone: b.phone,
    email: b.email,
    country: b.country,
    pcode: b.pcode,
    householdId: b.household_id,
    householdRole: b.household_role as Code<typeof HOUSEHOLD_ROLES> | null,
    migrationStatus: b.migration_status as Code<typeof MIGRATION_STATUSES> | null,
    disability: b.disability === null ? null : b.disability === 1,
    specificNeeds: codesOf(b.specific_needs) as Code<typeof SPECIFIC_NEEDS>[],
    restricted: b.restricted === 1,
    anonymised: isAnonymised(b),
    createdAt: b.created_at,
    updatedAt: b.updated_at,
    version: b.version,
  };
}

/** The columns a summary needs (lists and search read only these). */
export const SUMMARY_COLUMNS = [
  'id',
  'name_latin',
  'name_original',
  'date_of_birth',
  'dob_precision',
  'sex',
  'citizenships',
  'country',
  'pcode',
  'household_id',
  'version',
  'search_name',
] as const;
export type SummaryRow = Pick<BeneficiaryRow, (typeof SUMMARY_COLUMNS)[number]>;

/** What lists and search results show: enough to recognise a person, no contact details or documents. */
export function presentBeneficiarySummary(b: SummaryRow): BeneficiarySummary {
  return {
    id: b.id,
    nameLatin: b.name_latin,
    nameOriginal: b.name_original,
    dateOfBirth: b.date_of_birth,
    dobPrecision: b.dob_precision as Code<typeof DOB_PRECISIONS> | null,
    sex: b.sex as Code<typeof SEXES> | null,
    citizenships: codesOf(b.citizenships),
    country: b.country,
    pcode: b.pcode,
    householdId: b.household_id,
    // The stored name of an anonymised person is one English name for all of them: a client words it.
    anonymised: isAnonymised(b),
    version: b.version,
  };
}
