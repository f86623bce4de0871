// SQL of person search. Every statement is an index range scan on (key_hash, person_no) or
// (organisation_id, number_key), bounded by a LIMIT, so its cost does not grow with the size of the registry. Keys
// are looked up by their numbers (names/key-hash.ts), which include the organisation: a search reads only its own
// organisation's keys; the rows read are checked against the organisation too.
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { keyHasher } from '../names/key-hash.ts';
import { type PlaceAndBirthFilters, withFilters } from './beneficiaries.repository.ts';

/**
 * How many people hold each key, counted only up to `cap` + 1: enough to tell a rare key, whose postings can be
 * read whole, from a common one. One statement: the keys' numbers as a VALUES list, each counted by a correlated
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
  const hash = keyHasher(organisationId);
  // The numbers are parameters (cast: PostgreSQL cannot type a bare parameter in VALUES), so that the text is the
  // same for every query with as many keys and its prepared statement is reused.
  const values = sql.join(keys.map((k, i) => sql`(${sql.raw(String(i))}, cast(${hash(k)} as bigint))`));
  const r = await sql<{ i: number; n: number }>`with q(i, k) as (values ${values})
    select q.i as i, (select count(*) from (select 1 as one from beneficiary_name_keys
      where key_hash = q.k limit ${sql.raw(String(cap + 1))}) as s) as n
    from q`.execute(db);
  for (const row of r.rows) out.set(keys[Number(row.i)]!, Number(row.n));
  return out;
}

/** Every (key, person number) pair for keys known to be rare (their counts are below the cap). */
export async function postingsOf(
  db: Db,
  organisationId: string,
  keys: readonly string[],
): Promise<{ key: string; personNo: number }[]> {
  if (keys.length === 0) return [];
  const hash = keyHasher(organisationId);
  // Two keys of one query with the same number (a rare collision) both get its postings.
  const keyOf = new Map<number, string>();
  const alsoOf = new Map<number, string[]>();
  for (const k of new Set(keys)) {
    const h = hash(k);
    const first = keyOf.get(h);
    if (first === undefined) keyOf.set(h, k);
    else alsoOf.set(h, [...(alsoOf.get(h) ?? []), k]);
  }
  const rows = await db
    .selectFrom('beneficiary_name_keys')
    .select(['key_hash', 'person_no'])
    .where('key_hash', 'in', [...keyOf.keys()])
    .execute();
  const out: { key: string; personNo: number }[] = [];
  for (const r of rows) {
    const h = Number(r.key_hash);
    const personNo = Number(r.person_no);
    out.push({ key: keyOf.get(h)!, personNo });
    const also = alsoOf.get(h);
    if (also) for (const key of also) out.push({ key, personNo });
  }
  return out;
}

/**
 * The first `limit` holders of one key, in index order: for a key too common to read whole (the rarest pair of
 * the query's names, when every pair is common), a bounded sample rather than an unbounded intersection.
 */
export async function firstHolders(db: Db, organisationId: string, key: string, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('beneficiary_name_keys')
    .select('person_no')
    .where('key_hash', '=', keyHasher(organisationId)(key))
    .orderBy('person_no')
    .limit(limit)
    .execute();
  return rows.map((r) => Number(r.person_no));
}

/** People (their numbers) of the organisation holding a document with one of these look-up keys. */
export async function documentMatches(
  db: Db,
  organisationId: string,
  numberKeys: readonly string[],
  limit: number,
): Promise<{ personNo: number; number_key: string }[]> {
  if (numberKeys.length === 0) return [];
  const rows = await db
    .selectFrom('beneficiary_documents as d')
    .innerJoin('beneficiaries as b', 'b.id', 'd.beneficiary_id')
    .select(['b.person_no', 'd.number_key'])
    .where('d.organisation_id', '=', organisationId)
    .where('d.number_key', 'in', [...numberKeys])
    .where('b.person_no', 'is not', null)
    .limit(limit)
    .execute();
  return rows.map((r) => ({ personNo: Number(r.person_no), number_key: r.number_key }));
}

/** Numbers of people passing the filters alone (a search without names or documents), by name. */
export async function idsByFilters(
  db: Db,
  organisationId: string,
  filters: PlaceAndBirthFilters,
  limit: number,
): Promise<number[]> {
  const q = db
    .selectFrom('beneficiaries')
    .select('person_no')
    .where('organisation_id', '=', organisationId)
    .where('person_no', 'is not', null);
  const rows = await withFilters(q, filters).orderBy('search_name').orderBy('id').limit(limit).execute();
  return rows.map((r) => Number(r.person_no));
}
