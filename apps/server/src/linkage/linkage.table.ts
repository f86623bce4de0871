import type { Selectable } from 'kysely';

/** A pair of people of one organisation that the linkage engine proposed as one person (a < b). */
export interface LinkageCandidateTable {
  id: string;
  organisation_id: string;
  beneficiary_a_id: string;
  beneficiary_b_id: string;
  probability: number;
  /** engine Explanation as JSON: per field the comparison level and weight, never the values. */
  explanation_json: string;
  found_by: 'register' | 'import' | 'scan';
  /** open (to review), merged (same person), distinct (not the same: never proposed again). */
  status: 'open' | 'merged' | 'distinct';
  found_at: string;
  decided_by: string | null;
  decided_at: string | null;
  version: number;
}
export type LinkageCandidateRow = Selectable<LinkageCandidateTable>;

/** A merge of one person's record into another's, reversible while `unmerged_at` is null. */
export interface BeneficiaryMergeTable {
  id: string;
  organisation_id: string;
  candidate_id: string | null;
  survivor_id: string;
  merged_id: string;
  /** { table: [row ids] } re-pointed to the survivor. */
  moved_json: string;
  survivor_was_restricted: number;
  merged_by: string;
  merged_at: string;
  unmerged_by: string | null;
  unmerged_at: string | null;
}
export type BeneficiaryMergeRow = Selectable<BeneficiaryMergeTable>;

/** The organisation's trained linkage model (engine/model.ts JSON: probabilities only, no personal data). */
export interface LinkageModelTable {
  organisation_id: string;
  model_json: string;
  trained_at: string;
}
