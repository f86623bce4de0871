import type { Selectable } from 'kysely';

/** What kind of record an import key points to. */
export type ImportedRecordType = 'beneficiary' | 'case' | 'service';

/**
 * One record an import wrote, keyed by where it came from: a row's own `source_id` (namespaced by what the row
 * was, e.g. `case:` for the person of a cases file) or, without one, a keyed hash of the row's content.
 */
export interface ImportKeyTable {
  organisation_id: string;
  record_type: ImportedRecordType;
  source_key: string;
  record_id: string;
  /** HMAC-SHA-256 (hex) of the values the record was last written with. */
  row_hash: string;
  created_at: string;
  updated_at: string;
}
export type ImportKeyRow = Selectable<ImportKeyTable>;
