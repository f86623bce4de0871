import type { Selectable } from 'kysely';

/** An agreement between two organisations for one purpose and period (SECURITY.md D13). */
export interface DataSharingAgreementTable {
  id: string;
  organisation_a_id: string;
  organisation_b_id: string;
  /** What the agreement allows; linkage projects need `record_linkage`. */
  purpose: string;
  starts_on: string;
  ends_on: string | null;
  recorded_by: string;
  recorded_at: string;
}
export type DataSharingAgreementRow = Selectable<DataSharingAgreementTable>;

/** A linkage project: member organisations, a linkage schema v3 and a secret. */
export interface LinkageProjectTable {
  id: string;
  name: string;
  schema_json: string;
  secret_custody: 'platform' | 'organisations';
  /** The project secret sealed with the deployment's secret key (custody 'platform'), else null. */
  secret_sealed: string | null;
  /** The Dice threshold, in thousandths. */
  threshold_milli: number;
  created_by: string;
  created_at: string;
  matched_at: string | null;
  version: number;
}
export type LinkageProjectRow = Selectable<LinkageProjectTable>;

/** An organisation's membership of a project and the state of its encodings. */
export interface LinkageProjectMemberTable {
  project_id: string;
  organisation_id: string;
  joined_at: string;
  encode_requested_at: string | null;
  encoded_at: string | null;
  encoded_count: number;
  encoding_source: 'registry' | 'file' | null;
}
export type LinkageProjectMemberRow = Selectable<LinkageProjectMemberTable>;

/** One record's encoding (a CLK, base64) in a project; the matcher reads only `clk`. */
export interface LinkageEncodingTable {
  project_id: string;
  organisation_id: string;
  /** The beneficiary id (registry) or the record id of an imported encodings file. */
  record_ref: string;
  beneficiary_id: string | null;
  clk: string;
  /** Space-delimited partner organisation ids this person's basis allows telling, with leading/trailing space. */
  recipients: string;
  created_at: string;
}

/** "Your record is also known to this partner": no score, no partner identifier. */
export interface LinkageMatchTable {
  project_id: string;
  organisation_id: string;
  record_ref: string;
  beneficiary_id: string | null;
  partner_organisation_id: string;
  matched_at: string;
}
