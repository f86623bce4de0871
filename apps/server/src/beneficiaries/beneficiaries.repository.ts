// SQL of the beneficiary registry. Every query that lists or searches is scoped to one organisation; restricted
// persons are filtered by the service (it knows the caller), never here.
import type { SelectQueryBuilder } from 'kysely';
import { insertMany } from '../db/bulk-insert.ts';
import type { Db, Trx } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
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

/** Several persons of one organisation by id, in no particular order. */
export function findBeneficiariesIn(db: Db, organisationId: string, ids: readonly string[]): Promise<BeneficiaryRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('beneficiaries')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('id', 'in', [...ids])
    .execute();
}

/** Inserts a person with their name keys and documents. */
export async function insertBeneficiary(
  trx: Trx,
  row: BeneficiaryTable,
  keys: readonly string[],
  documents: readonly BeneficiaryDocumentTable[],
): Promise<void> {
  await trx.insertInto('beneficiaries').values(row).execute();
  await replaceNameKeys(trx, row.id, row.organisation_id, keys);
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
 * Inserts many new persons with their (deduplicated) name keys and documents, in multi-row statements compiled
 * once (db/bulk-insert.ts): the bulk import's path, writing the same rows as insertBeneficiary.
 */
export async function insertBeneficiaries(
  trx: Trx,
  people: readonly { row: BeneficiaryTable; keys: readonly string[]; documents: readonly BeneficiaryDocumentTable[] }[],
): Promise<void> {
  await insertMany(
    trx,
    'beneficiaries',
    BENEFICIARY_COLUMNS,
    people.map((x) => x.row),
    500,
  );
  const keys: DB['beneficiary_name_keys'][] = [];
  for (const x of people)
    for (const key of new Set(x.keys))
      keys.push({ beneficiary_id: x.row.id, organisation_id: x.row.organisation_id, key });
  // In search order, the statements' insertions walk the (organisation_id, key) primary key forwards.
  keys.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  await insertMany(trx, 'beneficiary_name_keys', ['organisation_id', 'key', 'beneficiary_id'], keys, 5000);
  await insertMany(
    trx,
    'beneficiary_documents',
    DOCUMENT_COLUMNS,
    people.flatMap((x) => x.documents),
    2000,
  );
}

/** Replaces every name key of a person (after a name changed). */
export async function replaceNameKeys(
  trx: Trx,
  beneficiaryId: string,
  organisationId: string,
  keys: readonly string[],
): Promise<void> {
  await trx.deleteFrom('beneficiary_name_keys').where('beneficiary_id', '=', beneficiaryId).execute();
  const unique = [...new Set(keys)];
  if (unique.length)
    await trx
      .insertInto('beneficiary_name_keys')
      .values(unique.map((key) => ({ beneficiary_id: beneficiaryId, organisation_id: organisationId, key })))
      .execute();
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

/** Marks a person restricted; leaves `version` alone (the person's own data did not change). */
export async function setRestricted(trx: Trx, id: string): Promise<void> {
  await trx.updateTable('beneficiaries').set({ restricted: 1 }).where('id', '=', id).execute();
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
 * Rows of several people by id. Only the primary key is in the WHERE clause, on purpose: given an organisation or
 * a place as well, a planner may scan that index instead of looking the ids up. The caller checks the
 * organisation and filters (rowPasses).
 */
export function listRowsById(db: Db, ids: readonly string[]): Promise<(ListRow & { organisation_id: string })[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('beneficiaries')
    .select([...LIST_COLUMNS, 'organisation_id'])
    .where('id', 'in', [...ids])
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
