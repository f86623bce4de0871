// SQL of duplicate review: candidate pairs, merges, the organisation's model, and the registry columns the engine
// reads. Scoped to one organisation in every query.
import { randomUUID } from 'node:crypto';
import type { Db, Trx } from '../db/database.ts';
import type { BeneficiaryMergeRow, LinkageCandidateRow, LinkageCandidateTable } from './linkage.table.ts';
import type { PersonRecord } from './person-linkage.ts';
import { personRecord } from './person-linkage.ts';

/** Every person of the organisation not merged into another, as engine records (first document number each). */
export async function personRecordsOf(db: Db, organisationId: string): Promise<PersonRecord[]> {
  const rows = await db
    .selectFrom('beneficiaries')
    .select(['id', 'given_name', 'family_name', 'name_latin', 'date_of_birth', 'dob_precision', 'phone', 'sex'])
    .where('organisation_id', '=', organisationId)
    .where('merged_into_id', 'is', null)
    .orderBy('id')
    .execute();
  const docs = await db
    .selectFrom('beneficiary_documents')
    .select(['beneficiary_id', 'number_key'])
    .where('organisation_id', '=', organisationId)
    .orderBy('beneficiary_id')
    .orderBy('id')
    .execute();
  const first = new Map<string, string>();
  for (const d of docs) if (!first.has(d.beneficiary_id)) first.set(d.beneficiary_id, d.number_key);
  return rows.map((r) => personRecord(r, first.get(r.id) ?? null));
}

/** The first document number of each of these people. */
export async function firstDocuments(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (ids.length === 0) return out;
  const docs = await db
    .selectFrom('beneficiary_documents')
    .select(['beneficiary_id', 'number_key'])
    .where('beneficiary_id', 'in', [...ids])
    .orderBy('id')
    .execute();
  for (const d of docs) if (!out.has(d.beneficiary_id)) out.set(d.beneficiary_id, d.number_key);
  return out;
}

/** Records a proposed pair unless the pair is already known (open, merged or judged distinct). True if new. */
export async function proposePair(
  trx: Trx,
  c: Omit<LinkageCandidateTable, 'id' | 'status' | 'decided_by' | 'decided_at' | 'version'>,
): Promise<boolean> {
  const [a, b] =
    c.beneficiary_a_id < c.beneficiary_b_id
      ? [c.beneficiary_a_id, c.beneficiary_b_id]
      : [c.beneficiary_b_id, c.beneficiary_a_id];
  const r = await trx
    .insertInto('linkage_candidates')
    .values({ ...c, id: randomUUID(), beneficiary_a_id: a, beneficiary_b_id: b, status: 'open', version: 1 })
    .onConflict((oc) => oc.columns(['organisation_id', 'beneficiary_a_id', 'beneficiary_b_id']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Candidate pairs of the organisation in one status, most likely first (a page of `limit` from `offset`). */
export function candidatesOf(db: Db, organisationId: string, status: string, limit: number, offset = 0) {
  return db
    .selectFrom('linkage_candidates')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('status', '=', status as LinkageCandidateRow['status'])
    .orderBy('probability', 'desc')
    .orderBy('id')
    .limit(limit)
    .offset(offset)
    .execute();
}

/** Pairs in one status of the organisation whose two people are both unrestricted (visible to all its staff). */
export async function countUnrestrictedCandidates(db: Db, organisationId: string, status: string): Promise<number> {
  const r = await db
    .selectFrom('linkage_candidates as c')
    .innerJoin('beneficiaries as a', 'a.id', 'c.beneficiary_a_id')
    .innerJoin('beneficiaries as b', 'b.id', 'c.beneficiary_b_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('c.organisation_id', '=', organisationId)
    .where('c.status', '=', status as LinkageCandidateRow['status'])
    .where('a.organisation_id', '=', organisationId)
    .where('b.organisation_id', '=', organisationId)
    .where('a.restricted', '=', 0)
    .where('b.restricted', '=', 0)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Pairs in one status of the organisation with at least one restricted person (whether the caller sees each is decided one by one). */
export function restrictedCandidatesOf(db: Db, organisationId: string, status: string) {
  return db
    .selectFrom('linkage_candidates as c')
    .innerJoin('beneficiaries as a', 'a.id', 'c.beneficiary_a_id')
    .innerJoin('beneficiaries as b', 'b.id', 'c.beneficiary_b_id')
    .selectAll('c')
    .where('c.organisation_id', '=', organisationId)
    .where('c.status', '=', status as LinkageCandidateRow['status'])
    .where((eb) => eb.or([eb('a.restricted', '=', 1), eb('b.restricted', '=', 1)]))
    .execute();
}

export const findCandidate = (db: Db, id: string) =>
  db.selectFrom('linkage_candidates').selectAll().where('id', '=', id).executeTakeFirst();

export async function setCandidateStatus(
  trx: Trx,
  c: LinkageCandidateRow,
  status: LinkageCandidateRow['status'],
  by: string | null,
  at: string | null,
): Promise<void> {
  await trx
    .updateTable('linkage_candidates')
    .set({ status, decided_by: by, decided_at: at, version: c.version + 1 })
    .where('id', '=', c.id)
    .execute();
}

/** The merge in force made from a candidate pair, if any. */
export const activeMergeOfCandidate = (db: Db, candidateId: string) =>
  db
    .selectFrom('beneficiary_merges')
    .selectAll()
    .where('candidate_id', '=', candidateId)
    .where('unmerged_at', 'is', null)
    .executeTakeFirst();

export const findMerge = (db: Db, id: string): Promise<BeneficiaryMergeRow | undefined> =>
  db.selectFrom('beneficiary_merges').selectAll().where('id', '=', id).executeTakeFirst();

/** Saves the organisation's trained model (replacing the previous one). */
export async function saveModel(trx: Trx, organisationId: string, modelJson: string, at: string): Promise<void> {
  await trx
    .insertInto('linkage_models')
    .values({ organisation_id: organisationId, model_json: modelJson, trained_at: at })
    .onConflict((oc) => oc.column('organisation_id').doUpdateSet({ model_json: modelJson, trained_at: at }))
    .execute();
}
