// Frozen. PostgreSQL only: the index that finds an organisation's highest case or grievance reference of a prefix
// (db/references.ts) in one probe whatever the database's collation. References are ASCII and compared byte by byte
// (the "C" collation): a range from `VOT-2026-` to `VOT-2026.` holds exactly the references of that prefix. In the
// database's own collation (en_US.UTF-8, say) such a range is not a prefix (punctuation is ignored at first), and
// a LIKE cannot seek the existing (organisation_id, reference) index unless the collation is "C": the highest
// reference was found by reading back through every reference that sorts after the prefix.
// SQLite: nothing (text is compared byte by byte there; the unique (organisation_id, reference) index serves).
import { type Kysely, sql } from 'kysely';

const TABLES = ['cases', 'grievances'] as const;

export async function up(db: Kysely<any>, engine: 'sqlite' | 'postgres'): Promise<void> {
  if (engine !== 'postgres') return;
  for (const table of TABLES)
    await sql
      .raw(`create index ${table}_org_reference_c on ${table} (organisation_id, (reference collate "C"))`)
      .execute(db);
}

export async function down(db: Kysely<any>, engine: 'sqlite' | 'postgres'): Promise<void> {
  if (engine !== 'postgres') return;
  for (const table of TABLES) await sql.raw(`drop index if exists ${table}_org_reference_c`).execute(db);
}
