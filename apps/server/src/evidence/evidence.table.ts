import type { Generated, Selectable } from 'kysely';

/**
 * One aggregate cell: an indicator's value for a period and one combination of dimension values. Rows are months,
 * and years of the people indicators (migration 20261129T0120_evidence_cells_compact): quarters, and the years of
 * event and value indicators, are summed from months when read.
 */
export interface EvidenceCellTable {
  indicator_id: string;
  grain: string;
  /** 'summary' (p-code and nationality at '*') or 'detail'. */
  level: string;
  period: string;
  /** Every dimension value joined by '|' in DIMENSIONS order (dimensions.ts): the cell's identity. */
  cell_key: string;
  organisation_id: string;
  country: string;
  pcode: string;
  sex: string;
  age_group: string;
  nationality: string;
  case_type: string;
  exploitation_type: string;
  service_type: string;
  currency: string;
  /** The indicator's measure over the records with a basis for statistics. */
  value: number;
  /** The same measure over the records left out for want of such a basis. */
  excluded_value: number;
  /**
   * People indicators only: the part of the quarter's count (and exclusions) on this month row, the people whose
   * first event of the quarter in this cell falls in this month; the quarter is the sum of its months' parts.
   */
  quarter_value: number;
  quarter_excluded: number;
  updated_at: string;
}
export type EvidenceCellRow = Selectable<EvidenceCellTable>;

/** A statistics grant whose expiry the aggregate cells already reflect (the person moved to excluded). */
export interface EvidenceMembershipTable {
  consent_event_id: string;
  beneficiary_id: string;
  applied_at: string;
}

/**
 * What a write changed in the aggregate cells, not yet folded into them (cells.repository foldPending): a single
 * write's in one row, a bulk write's in rows of at most 64 cell rows. `deltas` is JSON, a list of [cell row id,
 * value, excluded, quarter part, quarter part excluded]; `at` the write's time.
 */
export interface EvidencePendingTable {
  seq: Generated<number>;
  deltas: string;
  at: string;
}

/**
 * A person's records as the indicators see them, as the last single write on PostgreSQL left them (maintain.ts,
 * snapshot-cache.ts): `snapshot` is JSON; `valid_until` the expiry of the statistics grant that counts the person
 * (null when time alone changes nothing). Removed by any other write to the person's records.
 */
export interface EvidencePeopleTable {
  beneficiary_id: string;
  snapshot: string;
  valid_until: string | null;
}
