// SQL of person search. Every statement is an index range scan on (organisation_id, key) or
// (organisation_id, number_key), bounded by a LIMIT, so its cost does not grow with the size of the registry.
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { type PlaceAndBirthFilters, withFilters } from './beneficiaries.repository.ts';

/**
 * How many people hold each key, counted only up to `cap` + 1: enough to tell a rare key, whose postings can be
 * read whole, from a common one. One statement: the keys as a VALUES list, each counted by a correlated
 * subquery that stops after cap + 1 index entries (the same SQL on both engines).
 */
export async function cappedKeyCounts(
  db: Db,
  organisationId: string,
  keys: readonly string[],
  cap: number,
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (keys.length === 0) return out;
  const values = sql.join(keys.map((k, i) => sql`(${sql.raw(String(i))}, ${k})`));
  const r = await sql<{ i: number; n: number }>`with q(i, k) as (values ${values})
    select q.i as i, (select count(*) from (select 1 as one from beneficiary_name_keys
      where organisation_id = ${organisationId} and ${sql.ref('key')} = q.k limit ${sql.raw(String(cap + 1))}) as s) as n
    from q`.execute(db);
  for (const row of r.rows) out.set(keys[Number(row.i)]!, Number(row.n));
  return out;
}

/** Every (key, person) pair for keys known to be rare (their counts are below the cap). */
export async function postingsOf(
  db: Db,
  organisationId: string,
  keys: readonly string[],
): Promise<{ key: string; beneficiary_id: string }[]> {
  if (keys.length === 0) return [];
  return db
    .selectFrom('beneficiary_name_keys')
    .select(['key', 'beneficiary_id'])
    .where('organisation_id', '=', organisationId)
    .where('key', 'in', [...keys])
    .execute();
}

/**
 * The first `limit` holders of one key, in index order: for a key too common to read whole (the rarest pair of
 * the query's names, when every pair is common), a bounded sample rather than an unbounded intersection.
 */
export async function firstHolders(db: Db, organisationId: string, key: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('beneficiary_name_keys')
    .select('beneficiary_id')
    .where('organisation_id', '=', organisationId)
    .where('key', '=', key)
    .limit(limit)
    .execute();
  return rows.map((r) => r.beneficiary_id);
}

/** People of the organisation holding a document with one of these look-up keys. */
export async function documentMatches(
  db: Db,
  organisationId: string,
  numberKeys: readonly string[],
  limit: number,
): Promise<{ beneficiary_id: string; number_key: string }[]> {
  if (numberKeys.length === 0) return [];
  return db
    .selectFrom('beneficiary_documents')
    .select(['beneficiary_id', 'number_key'])
    .where('organisation_id', '=', organisationId)
    .where('number_key', 'in', [...numberKeys])
    .limit(limit)
    .execute();
}

/** Ids of people passing the filters alone (a search without names or documents), by name. */
export async function idsByFilters(
  db: Db,
  organisationId: string,
  filters: PlaceAndBirthFilters,
  limit: number,
): Promise<string[]> {
  const q = db.selectFrom('beneficiaries').select('id').where('organisation_id', '=', organisationId);
  const rows = await withFilters(q, filters).orderBy('search_name').orderBy('id').limit(limit).execute();
  return rows.map((r) => r.id);
}
