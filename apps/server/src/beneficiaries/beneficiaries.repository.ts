// SQL of the beneficiary registry. Every query that lists or searches is scoped to one organisation; restricted
// persons are filtered by the service (it knows the caller), never here.
import { PostgresAdapter, type SelectQueryBuilder, sql } from 'kysely';
import { insertFlat, insertMany } from '../db/bulk-insert.ts';
import type { Db, Trx } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import { extend } from '../lib/objects.ts';
import { keyHasher, packKeyHashes, unpackKeyHashes } from '../names/key-hash.ts';
import type {
  BeneficiaryDocumentRow,
  BeneficiaryDocumentTable,
  BeneficiaryRow,
  BeneficiaryTable,
} from './beneficiaries.table.ts';

/** One person by id, whatever the organisation (the service checks who may see it). */
export function findBeneficiary(db: Db, id: string): Promise<BeneficiaryRow | undefined> {
  return db.selectFrom('beneficiaries').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Several persons of one organisation by id, in no particular order. Only the primary key is in the WHERE clause,
 * on purpose: given the organisation as well, SQLite's planner may scan the organisation's index (every person of
 * it) instead of looking the ids up; the organisation is checked on the rows read.
 */
export async function findBeneficiariesIn(
  db: Db,
  organisationId: string,
  ids: readonly string[],
): Promise<BeneficiaryRow[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('beneficiaries')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
  return rows.filter((r) => r.organisation_id === organisationId);
}

/** True on PostgreSQL (people are numbered from a sequence there). */
const onPostgres = (db: Db): boolean => db.getExecutor().adapter instanceof PostgresAdapter;

/**
 * `n` new person numbers for the name-key index, in the caller's transaction. PostgreSQL: a sequence (concurrent
 * registrations never wait for each other). SQLite: the largest number plus one, safe because a transaction
 * holds the file's only write lock from its start (BEGIN IMMEDIATE).
 */
async function newPersonNumbers(trx: Trx, n: number): Promise<number[]> {
  if (n === 0) return [];
  if (onPostgres(trx)) {
    const r = await sql<{
      no: string;
    }>`select nextval('beneficiaries_person_no_seq') as no from generate_series(1, ${sql.raw(String(n))})`.execute(trx);
    return r.rows.map((x) => Number(x.no));
  }
  const r = await trx
    .selectFrom('beneficiaries')
    .select((eb) => eb.fn.max('person_no').as('last'))
    .executeTakeFirst();
  const first = Number(r?.last ?? 0) + 1;
  return Array.from({ length: n }, (_, i) => first + i);
}

/** A person's keys as stored: their numbers (names/key-hash.ts) for the organisation, without repeats. */
function hashesOf(organisationId: string, keys: readonly string[]): number[] {
  const hash = keyHasher(organisationId);
  return [...new Set(keys.map(hash))];
}

/**
 * Inserts the key rows of people (their numbers and key numbers) in key order, so that the statements walk the
 * (key_hash, person_no) primary key forwards: grouped by key number (people in the order given, which is the
 * order of their numbers), then the distinct key numbers sorted, without an object or a comparison callback per
 * row (a batch has tens of thousands of rows but far fewer distinct keys).
 */
async function insertKeyRows(trx: Trx, people: readonly { no: number; hashes: readonly number[] }[]): Promise<void> {
  const holders = new Map<number, number[]>();
  for (const { no, hashes } of people)
    for (const h of hashes) {
      const list = holders.get(h);
      if (list) list.push(no);
      else holders.set(h, [no]);
    }
  const keys = Float64Array.from(holders.keys()).sort();
  const values: number[] = [];
  for (const h of keys) for (const no of holders.get(h)!) values.push(h, no);
  // (A person's key numbers are distinct and their number is new, so no row can repeat a stored one; leaving repeats
  // out lets SQLite write the rows without a statement journal: db/bulk-insert.ts.)
  await insertFlat(trx, 'beneficiary_name_keys', ['key_hash', 'person_no'], values, 5000, true);
}

/** Inserts a person with their name keys and documents. */
export async function insertBeneficiary(
  trx: Trx,
  row: BeneficiaryTable,
  keys: readonly string[],
  documents: readonly BeneficiaryDocumentTable[],
): Promise<void> {
  const [no] = await newPersonNumbers(trx, 1);
  const hashes = hashesOf(row.organisation_id, keys);
  await trx
    .insertInto('beneficiaries')
    .values({ ...row, person_no: no!, name_key_hashes: packKeyHashes(hashes) })
    .execute();
  await insertKeyRows(trx, [{ no: no!, hashes }]);
  if (documents.length)
    await trx
      .insertInto('beneficiary_documents')
      .values([...documents])
      .execute();
}

const BENEFICIARY_COLUMNS = [
  'id',
  'organisation_id',
  'given_name',
  'family_name',
  'name_original',
  'name_latin',
  'search_name',
  'date_of_birth',
  'dob_precision',
  'sex',
  'gender',
  'citizenships',
  'languages',
  'phone',
  'email',
  'country',
  'pcode',
  'household_id',
  'household_role',
  'migration_status',
  'disability',
  'specific_needs',
  'restricted',
  'created_by',
  'created_at',
  'updated_at',
  'version',
  'person_no',
  'name_key_hashes',
] as const satisfies readonly (keyof BeneficiaryTable)[];

const DOCUMENT_COLUMNS = [
  'id',
  'beneficiary_id',
  'organisation_id',
  'type',
  'number',
  'number_key',
  'issuing_country',
] as const satisfies readonly (keyof BeneficiaryDocumentTable)[];

/**
 * Inserts many new persons with their name keys and documents, in multi-row statements compiled once
 * (db/bulk-insert.ts): the bulk import's path, writing the same rows as insertBeneficiary.
 */
export async function insertBeneficiaries(
  trx: Trx,
  people: readonly {
    row: BeneficiaryTable;
    keys: readonly string[];
    documents: readonly BeneficiaryDocumentTable[];
    /** The keys' numbers when already derived (hashesOf's result), else derived here. */
    keyHashes?: readonly number[] | undefined;
  }[],
): Promise<void> {
  const numbers = await newPersonNumbers(trx, people.length);
  const keys: { no: number; hashes: readonly number[] }[] = [];
  const rows = people.map((x, i) => {
    const no = numbers[i]!;
    const hashes = x.keyHashes ?? hashesOf(x.row.organisation_id, x.keys);
    keys.push({ no, hashes });
    return extend(x.row, { person_no: no, name_key_hashes: packKeyHashes(hashes) });
  });
  await insertMany(trx, 'beneficiaries', BENEFICIARY_COLUMNS, rows, 500);
  await insertKeyRows(trx, keys);
  await insertMany(
    trx,
    'beneficiary_documents',
    DOCUMENT_COLUMNS,
    people.flatMap((x) => x.documents),
    2000,
  );
}

/** Deletes the name keys written for a person; how many rows went. Clears the person's list of them. */
export async function deleteNameKeys(trx: Trx, beneficiaryId: string): Promise<number> {
  const b = await trx
    .selectFrom('beneficiaries')
    .select(['person_no', 'name_key_hashes'])
    .where('id', '=', beneficiaryId)
    .executeTakeFirst();
  if (!b || b.person_no === null || b.person_no === undefined) return 0;
  const hashes = unpackKeyHashes(b.name_key_hashes);
  let deleted = 0;
  for (let i = 0; i < hashes.length; i += 500) {
    const r = await trx
      .deleteFrom('beneficiary_name_keys')
      .where('person_no', '=', Number(b.person_no))
      .where('key_hash', 'in', hashes.slice(i, i + 500))
      .executeTakeFirst();
    deleted += Number(r.numDeletedRows);
  }
  await trx.updateTable('beneficiaries').set({ name_key_hashes: null }).where('id', '=', beneficiaryId).execute();
  return deleted;
}

/** The key numbers stored in the key table for a person (for checks and tests: it scans the key table). */
export async function storedKeyHashes(db: Db, beneficiaryId: string): Promise<number[]> {
  const rows = await db
    .selectFrom('beneficiary_name_keys as k')
    .innerJoin('beneficiaries as b', 'b.person_no', 'k.person_no')
    .select('k.key_hash')
    .where('b.id', '=', beneficiaryId)
    .execute();
  return rows.map((r) => Number(r.key_hash)).sort((a, b) => a - b);
}

/** Replaces every name key of a person (after a name changed). */
export async function replaceNameKeys(
  trx: Trx,
  beneficiaryId: string,
  organisationId: string,
  keys: readonly string[],
): Promise<void> {
  await deleteNameKeys(trx, beneficiaryId);
  const b = await trx
    .selectFrom('beneficiaries')
    .select('person_no')
    .where('id', '=', beneficiaryId)
    .executeTakeFirst();
  if (!b) return;
  // A person inserted without a number (by a path other than this repository) gets one now.
  const no =
    b.person_no === null || b.person_no === undefined ? (await newPersonNumbers(trx, 1))[0]! : Number(b.person_no);
  const hashes = hashesOf(organisationId, keys);
  await trx
    .updateTable('beneficiaries')
    .set({ person_no: no, name_key_hashes: packKeyHashes(hashes) })
    .where('id', '=', beneficiaryId)
    .execute();
  await insertKeyRows(trx, [{ no, hashes }]);
}

/** Replaces every identity document of a person. */
export async function replaceDocuments(
  trx: Trx,
  beneficiaryId: string,
  documents: readonly BeneficiaryDocumentTable[],
): Promise<void> {
  await trx.deleteFrom('beneficiary_documents').where('beneficiary_id', '=', beneficiaryId).execute();
  if (documents.length)
    await trx
      .insertInto('beneficiary_documents')
      .values([...documents])
      .execute();
}

/** The documents of several persons. */
export function documentsOf(db: Db, beneficiaryIds: readonly string[]): Promise<BeneficiaryDocumentRow[]> {
  if (beneficiaryIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('beneficiary_documents')
    .selectAll()
    .where('beneficiary_id', 'in', [...beneficiaryIds])
    .orderBy('beneficiary_id')
    .orderBy('type')
    .orderBy('number_key')
    .execute();
}

type Changes = Partial<Omit<BeneficiaryTable, 'id' | 'organisation_id' | 'created_by' | 'created_at' | 'version'>>;

/** Updates when the version still matches; false when someone else changed the record first. */
export async function updateBeneficiaryVersioned(
  trx: Trx,
  id: string,
  version: number,
  changes: Changes,
  now: string,
): Promise<boolean> {
  const r = await trx
    .updateTable('beneficiaries')
    .set({ ...changes, updated_at: now, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Marks people restricted; leaves `version` alone (their own data did not change). 500 people a statement. */
export async function setRestricted(trx: Trx, ids: readonly string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 500)
    await trx
      .updateTable('beneficiaries')
      .set({ restricted: 1 })
      .where('id', 'in', ids.slice(i, i + 500))
      .where('restricted', '=', 0)
      .execute();
}

/** A row of a list or search result: the summary columns, plus what ordering and access need. */
export type ListRow = Pick<
  BeneficiaryRow,
  | 'id'
  | 'name_latin'
  | 'name_original'
  | 'date_of_birth'
  | 'dob_precision'
  | 'sex'
  | 'citizenships'
  | 'country'
  | 'pcode'
  | 'household_id'
  | 'version'
  | 'search_name'
  | 'restricted'
>;

const LIST_COLUMNS = [
  'id',
  'name_latin',
  'name_original',
  'date_of_birth',
  'dob_precision',
  'sex',
  'citizenships',
  'country',
  'pcode',
  'household_id',
  'version',
  'search_name',
  'restricted',
] as const;

/** Filters every list and search can apply in SQL (all optional). */
export type PlaceAndBirthFilters = {
  country?: string | undefined;
  pcode?: string | undefined;
  dobFrom?: string | undefined;
  dobTo?: string | undefined;
  sex?: string | undefined;
  migrationStatus?: string | undefined;
  householdId?: string | undefined;
};

/** Where a list page starts after `id` (its name and id), or null when the id is not in the organisation. */
export async function listPosition(
  db: Db,
  organisationId: string,
  id: string,
): Promise<{ searchName: string; id: string } | null> {
  const r = await db
    .selectFrom('beneficiaries')
    .select(['search_name', 'id'])
    .where('id', '=', id)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  return r ? { searchName: r.search_name, id: r.id } : null;
}

/** One page of an organisation's people by normalised name, after a position, with filters. */
export function listPage(
  db: Db,
  organisationId: string,
  f: PlaceAndBirthFilters,
  after: { searchName: string; id: string } | null,
  limit: number,
): Promise<ListRow[]> {
  // A record merged into another (linkage/merge.service.ts) is reached through its survivor, not listed.
  let q = db
    .selectFrom('beneficiaries')
    .select(LIST_COLUMNS)
    .where('organisation_id', '=', organisationId)
    .where('merged_into_id', 'is', null);
  q = withFilters(q, f);
  if (after)
    q = q.where((eb) =>
      eb.or([
        eb('search_name', '>', after.searchName),
        eb.and([eb('search_name', '=', after.searchName), eb('id', '>', after.id)]),
      ]),
    );
  return q.orderBy('search_name').orderBy('id').limit(limit).execute();
}

/**
 * Rows of several people by their number in the name-key index (search). Only that unique index is in the WHERE
 * clause, on purpose: given an organisation or a place as well, a planner may scan that index instead of looking
 * the numbers up. The caller checks the organisation and filters (rowPasses).
 */
export function listRowsByNumber(
  db: Db,
  numbers: readonly number[],
): Promise<(ListRow & { organisation_id: string; person_no?: number | string | null })[]> {
  if (numbers.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('beneficiaries')
    .select([...LIST_COLUMNS, 'organisation_id', 'person_no'])
    .where('person_no', 'in', [...numbers])
    .where('merged_into_id', 'is', null)
    .execute();
}

/** The place and birth-date filters of withFilters, on a row already read. */
export function rowPasses(r: Pick<BeneficiaryRow, 'country' | 'pcode' | 'date_of_birth'>, f: PlaceAndBirthFilters) {
  if (f.country && r.country !== f.country) return false;
  if (f.pcode && !r.pcode?.startsWith(f.pcode)) return false;
  if (f.dobFrom && !(r.date_of_birth && r.date_of_birth >= f.dobFrom)) return false;
  if (f.dobTo && !(r.date_of_birth && r.date_of_birth <= f.dobTo)) return false;
  return true;
}

// Kysely's select builder over `beneficiaries`, whatever columns it selects.
type BeneficiarySelect<O> = SelectQueryBuilder<DB, 'beneficiaries', O>;

/** Adds the place, birth-date and profile filters. A p-code matches itself and every area inside it. */
export function withFilters<O>(q: BeneficiarySelect<O>, f: PlaceAndBirthFilters): BeneficiarySelect<O> {
  let r = q;
  if (f.country) r = r.where('country', '=', f.country);
  // p-codes are [A-Z0-9] only (validated), so the prefix holds no LIKE wildcard.
  if (f.pcode) r = r.where('pcode', 'like', `${f.pcode}%`);
  if (f.dobFrom) r = r.where('date_of_birth', '>=', f.dobFrom);
  if (f.dobTo) r = r.where('date_of_birth', '<=', f.dobTo);
  if (f.sex) r = r.where('sex', '=', f.sex);
  if (f.migrationStatus) r = r.where('migration_status', '=', f.migrationStatus);
  if (f.householdId) r = r.where('household_id', '=', f.householdId);
  return r;
}
