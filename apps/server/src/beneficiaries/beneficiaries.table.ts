import type { Selectable } from 'kysely';

export interface BeneficiaryTable {
  id: string;
  organisation_id: string;
  given_name: string | null;
  family_name: string | null;
  /** The full name in its original script (Arabic, Cyrillic, ...), as the person writes it. */
  name_original: string | null;
  /** The full name in Latin letters (given, or transliterated from the original). */
  name_latin: string;
  /**
   * The names normalised for search (names/normalise.ts): the canonical words of the Latin name first, then of
   * the original-script, given and family names, without repeats; lower-case Latin letters, single spaces.
   */
  search_name: string;
  /** YYYY-MM-DD; with `dob_precision` year or estimated, only the parts known are meaningful. */
  date_of_birth: string | null;
  dob_precision: 'exact' | 'year' | 'estimated' | null;
  sex: string | null;
  gender: string | null;
  /** ISO 3166 alpha-3 codes separated by spaces. */
  citizenships: string;
  /** ISO 639 codes separated by spaces. */
  languages: string;
  phone: string | null;
  email: string | null;
  country: string | null;
  pcode: string | null;
  household_id: string | null;
  household_role: string | null;
  migration_status: string | null;
  disability: number | null;
  /** Specific-needs codes separated by spaces. */
  specific_needs: string;
  /** 1 once the person has a sensitive case (trafficking, GBV, child): only staff on such a case see the record. */
  restricted: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  version: number;
  /** Set when the record was merged into another (linkage/merge.service.ts); null again after an unmerge. */
  merged_into_id?: string | null;
  /**
   * The person's number in the name-key index (unique, in order of registration; given by the repository when the
   * person is inserted). Search reads people by it; never shown.
   */
  person_no?: number | string | null;
  /** The numbers of the person's name keys as stored (names/key-hash.ts, 8 bytes each): what a change deletes. */
  name_key_hashes?: Uint8Array | null;
}
export type BeneficiaryRow = Selectable<BeneficiaryTable>;

export interface BeneficiaryNameKeyTable {
  /**
   * A search key (names/name-keys.ts, docs/search.md) of the person's organisation as a 53-bit number
   * (names/key-hash.ts): a normalised name token (`t:mohamed`), variant group (`v:muhammad`), phonetic key
   * (`p:MHMT`), typo neighbour (`d:HMT`), pair of names (`q:hassan.muhammad`) or name with the year of birth
   * (`y:1990:muhammad`). PostgreSQL returns it as a string (bigint).
   */
  key_hash: number | string;
  /** The person's `beneficiaries.person_no`. */
  person_no: number | string;
}

export interface BeneficiaryDocumentTable {
  id: string;
  beneficiary_id: string;
  organisation_id: string;
  type: string;
  number: string;
  /** The number in capitals with spaces and punctuation removed, for look-up. */
  number_key: string;
  issuing_country: string | null;
}
export type BeneficiaryDocumentRow = Selectable<BeneficiaryDocumentTable>;
