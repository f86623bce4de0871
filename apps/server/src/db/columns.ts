import { type ColumnDataType, type Expression, sql } from 'kysely';

/** Portable column types used by migrations; the only place a migration learns which engine it runs on. */
export type Columns = {
  uuid: ColumnDataType | Expression<unknown>;
  timestamp: ColumnDataType | Expression<unknown>;
  text: ColumnDataType | Expression<unknown>;
};

/** Column types per engine. Timestamps are ISO 8601 UTC text on SQLite (sortable) and timestamptz on PostgreSQL. */
export function columnsFor(dialect: 'sqlite' | 'postgres'): Columns {
  return dialect === 'postgres'
    ? { uuid: 'uuid', timestamp: 'timestamptz', text: 'text' }
    : { uuid: 'text', timestamp: 'text', text: sql`text` };
}
