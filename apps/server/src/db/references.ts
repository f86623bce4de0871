import { PostgresAdapter, type RawBuilder, sql } from 'kysely';
import type { Db } from './database.ts';

/**
 * The references of `prefix` as a range of the index on (organisation, reference): from the prefix itself to the
 * prefix with its last character raised by one (`VOT-2026-` to `VOT-2026.`), compared byte by byte. A LIKE cannot
 * seek the index (on PostgreSQL it can only in the "C" collation; on SQLite LIKE ignores case): the highest
 * reference of the organisation was then found by reading backwards from its highest one, through every reference
 * that sorts after the prefix (an organisation's other case types and later years), one per case. SQLite compares
 * text byte by byte (BINARY); PostgreSQL compares it in the "C" collation, which its index
 * `…_org_reference_c` (migration 20261129T0150) is built in, whatever the database's own collation.
 */
function inPrefix(db: Db, prefix: string): { ref: RawBuilder<string>; from: string; to: string } {
  if (prefix.length === 0) throw new Error('references: an empty prefix');
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const last = prefix.charCodeAt(prefix.length - 1);
  return {
    ref: pg ? sql<string>`(reference collate "C")` : sql<string>`reference`,
    from: prefix,
    to: `${prefix.slice(0, -1)}${String.fromCharCode(last + 1)}`,
  };
}

/**
 * The statement that finds the highest reference of a prefix as text (one probe of the index), counting the
 * references of erased records (retired_references), which are never given again.
 */
export function highestReference(db: Db, table: 'cases' | 'grievances', organisationId: string, prefix: string) {
  const { ref, from, to } = inPrefix(db, prefix);
  const live = db
    .selectFrom(table)
    .select(sql<string | null>`max(${ref})`.as('last'))
    .where('organisation_id', '=', organisationId)
    .where(sql<boolean>`${ref} >= ${from} and ${ref} < ${to}`);
  const retired = db
    .selectFrom('retired_references')
    .select(sql<string | null>`max(${ref})`.as('last'))
    .where('organisation_id', '=', organisationId)
    .where(sql<boolean>`${ref} >= ${from} and ${ref} < ${to}`);
  return db.selectFrom(live.unionAll(retired).as('r')).select(sql<string | null>`max(r.last)`.as('last'));
}

/**
 * Keeps the references of records about to be erased, so that none is given again to another person's record (paper
 * files and partners' notes still cite it). In the erasure's transaction.
 */
export async function retireReferences(
  db: Db,
  rows: readonly { organisation_id: string; reference: string }[],
  now: Date,
): Promise<void> {
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('retired_references')
      .values(
        rows.slice(i, i + 500).map((r) => ({
          organisation_id: r.organisation_id,
          reference: r.reference,
          retired_at: now.toISOString(),
        })),
      )
      .onConflict((oc) => oc.columns(['organisation_id', 'reference']).doNothing())
      .execute();
}

/**
 * The highest number among an organisation's human references with this prefix (e.g. `VOT-2026-` in `cases`,
 * `GRV-2026-` in `grievances`), 0 when there is none. References are numbered in order with six digits
 * (`VOT-2026-000042`); past 999,999 the numbers outgrow the padding and text order no longer follows number order
 * (`…-999999` sorts after `…-1000000`), so the highest text (one index probe) is the answer only below that; above
 * it the numbers are compared as numbers, which reads every reference of the prefix: only an organisation with a
 * million references of one prefix pays it.
 */
export async function lastReferenceNumber(
  db: Db,
  table: 'cases' | 'grievances',
  organisationId: string,
  prefix: string,
): Promise<number> {
  const r = await highestReference(db, table, organisationId, prefix).executeTakeFirst();
  return referenceNumberAfter(db, table, organisationId, prefix, r?.last ?? null);
}

/**
 * lastReferenceNumber from the highest reference as text (`last`, what highestReference found, for a caller that
 * sent that statement along with another read).
 */
export async function referenceNumberAfter(
  db: Db,
  table: 'cases' | 'grievances',
  organisationId: string,
  prefix: string,
  last: string | null,
): Promise<number> {
  if (!last) return 0;
  const n = Number(last.slice(prefix.length));
  if (n < 999_999) return n;
  const { ref, from, to } = inPrefix(db, prefix);
  let most = n;
  for (const source of [table, 'retired_references'] as const) {
    const all = await db
      .selectFrom(source)
      .select(sql<number | string>`max(cast(substr(reference, ${prefix.length + 1}) as bigint))`.as('n'))
      .where('organisation_id', '=', organisationId)
      .where(sql<boolean>`${ref} >= ${from} and ${ref} < ${to}`)
      .executeTakeFirst();
    most = Math.max(most, Number(all?.n ?? 0));
  }
  return most;
}
