// SQL of person search. Every statement is an index range scan on (organisation_id, key) or
// (organisation_id, number_key), bounded by a LIMIT, so its cost does not grow with the size of the registry.
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { type PlaceAndBirthFilters, withFilters } from './beneficiaries.repository.ts';

/**
 * How many people hold each key, counted only up to `cap` + 1 (one statement, one bounded index scan per key):
 * enough to tell a rare key, whose postings can be read whole, from a common one, which must be intersected.
 */
export async function cappedKeyCounts(
  db: Db,
  organisationId: string,
  keys: readonly string[],
  cap: number,
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (keys.length === 0) return out;
  const parts = keys.map(
    (k, i) =>
      sql`select ${sql.raw(String(i))} as i, count(*) as n from (select 1 as one from beneficiary_name_keys where organisation_id = ${organisationId} and ${sql.ref('key')} = ${k} limit ${sql.raw(String(cap + 1))}) as s${sql.raw(String(i))}`,
  );
  const r = await sql<{ i: number; n: number }>`${sql.join(parts, sql` union all `)}`.execute(db);
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
 * People holding the driving key and, for each further set, at least one of its keys: the intersection of common
 * names ("Mohamed" and "Ahmed"), read from the driving key's postings and stopped at `limit` (each further key
 * is one probe of the (beneficiary_id, key) primary key).
 */
export async function coOccurring(
  db: Db,
  organisationId: string,
  drivingKey: string,
  others: readonly (readonly string[])[],
  limit: number,
): Promise<string[]> {
  let q = db
    .selectFrom('beneficiary_name_keys as k0')
    .select('k0.beneficiary_id')
    .where('k0.organisation_id', '=', organisationId)
    .where('k0.key', '=', drivingKey);
  others.forEach((set, i) => {
    const alias = `k${i + 1}` as 'k1';
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom(`beneficiary_name_keys as ${alias}`)
          .select(sql`1`.as('one'))
          .whereRef(`${alias}.beneficiary_id`, '=', 'k0.beneficiary_id')
          .where(`${alias}.key`, 'in', [...set]),
      ),
    );
  });
  const rows = await q.limit(limit).execute();
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
