// Merging two records of one person, reversibly. Nothing is deleted: the merged record stays, pointing to the
// survivor (merged_into_id), and drops out of search and lists; the rows that hung on it - cases, consent events,
// referrals, appointments - are re-pointed to the survivor, and the merge remembers exactly which, so an unmerge
// puts those rows back and clears the pointer. Each record keeps its own audit trail (entries name record ids).
// A cross-context write by design: a merge must move every kind of row at once, in one transaction.
import { randomUUID } from 'node:crypto';
import type { Trx } from '../db/database.ts';
import { DomainError } from '../errors.ts';
import { evidenceAfter, evidenceBefore } from '../evidence/maintain.ts';
import type { BeneficiaryMergeRow } from './linkage.table.ts';

/** Tables whose rows belong to a person through `beneficiary_id` and follow a merge. */
const FOLLOWING = ['cases', 'consent_events', 'referrals', 'appointments'] as const;
type Following = (typeof FOLLOWING)[number];
export type Moved = Partial<Record<Following, string[]>>;

/** Merges `mergedId` into `survivorId` (same organisation, checked by the caller); returns the merge row. */
export async function mergePersons(
  trx: Trx,
  organisationId: string,
  survivorId: string,
  mergedId: string,
  candidateId: string | null,
  by: string,
  now: Date,
): Promise<BeneficiaryMergeRow> {
  const people = await trx
    .selectFrom('beneficiaries')
    .select(['id', 'organisation_id', 'restricted', 'merged_into_id', 'version'])
    .where('id', 'in', [survivorId, mergedId])
    .execute();
  const survivor = people.find((p) => p.id === survivorId);
  const merged = people.find((p) => p.id === mergedId);
  if (!survivor || !merged || survivor.organisation_id !== organisationId || merged.organisation_id !== organisationId)
    throw new DomainError('invalid_reference', 'Both records must be people of your organisation.');
  if (survivor.merged_into_id || merged.merged_into_id)
    throw new DomainError('invalid_transition', 'One of the records is already merged into another.');
  // Evidence base: the two people's cases, services and consents count under the survivor from now on.
  const evidence = await evidenceBefore(trx, [survivorId, mergedId], now);
  const moved: Moved = {};
  for (const table of FOLLOWING) {
    const rows = await trx.selectFrom(table).select('id').where('beneficiary_id', '=', mergedId).execute();
    if (rows.length === 0) continue;
    moved[table] = rows.map((r) => r.id);
    await trx.updateTable(table).set({ beneficiary_id: survivorId }).where('beneficiary_id', '=', mergedId).execute();
  }
  const at = now.toISOString();
  // A survivor that takes over a sensitive case becomes restricted (until an unmerge takes the case back).
  if (merged.restricted === 1 && survivor.restricted !== 1)
    await trx.updateTable('beneficiaries').set({ restricted: 1 }).where('id', '=', survivorId).execute();
  await trx
    .updateTable('beneficiaries')
    .set({ merged_into_id: survivorId, updated_at: at, version: merged.version + 1 })
    .where('id', '=', mergedId)
    .execute();
  const row: BeneficiaryMergeRow = {
    id: randomUUID(),
    organisation_id: organisationId,
    candidate_id: candidateId,
    survivor_id: survivorId,
    merged_id: mergedId,
    moved_json: JSON.stringify(moved),
    survivor_was_restricted: survivor.restricted,
    merged_by: by,
    merged_at: at,
    unmerged_by: null,
    unmerged_at: null,
  };
  await trx.insertInto('beneficiary_merges').values(row).execute();
  await evidenceAfter(trx, evidence, now);
  return row;
}

/** Undoes a merge in force: the moved rows go back, the merged record is a person of its own again. */
export async function unmergePersons(
  trx: Trx,
  m: BeneficiaryMergeRow,
  by: string,
  now: Date,
): Promise<BeneficiaryMergeRow> {
  if (m.unmerged_at !== null) throw new DomainError('invalid_transition', 'This merge was already undone.');
  const moved = JSON.parse(m.moved_json) as Moved;
  const evidence = await evidenceBefore(trx, [m.survivor_id, m.merged_id], now);
  for (const table of FOLLOWING) {
    const ids = moved[table];
    if (!ids?.length) continue;
    // Only rows still on the survivor go back (a row moved elsewhere since stays where it is).
    await trx
      .updateTable(table)
      .set({ beneficiary_id: m.merged_id })
      .where('id', 'in', ids)
      .where('beneficiary_id', '=', m.survivor_id)
      .execute();
  }
  // A referral follows its case: one sent while the merge was in force, on a case that has gone back, goes back with
  // it (a referral's person is always its case's: the evidence base reads a person's referrals through their cases and
  // locks the referral's person before changing it).
  await trx
    .updateTable('referrals')
    .set({ beneficiary_id: m.merged_id })
    .where('beneficiary_id', '=', m.survivor_id)
    .where('case_id', 'in', trx.selectFrom('cases').select('id').where('beneficiary_id', '=', m.merged_id))
    .execute();
  // The survivor was restricted only because of the merge: lifted again when no sensitive case remains on it.
  if (m.survivor_was_restricted === 0) {
    const sensitive = await trx
      .selectFrom('cases')
      .select('id')
      .where('beneficiary_id', '=', m.survivor_id)
      .where('sensitive', '=', 1)
      .executeTakeFirst();
    if (!sensitive)
      await trx.updateTable('beneficiaries').set({ restricted: 0 }).where('id', '=', m.survivor_id).execute();
  }
  const at = now.toISOString();
  const merged = await trx
    .selectFrom('beneficiaries')
    .select('version')
    .where('id', '=', m.merged_id)
    .executeTakeFirstOrThrow();
  await trx
    .updateTable('beneficiaries')
    .set({ merged_into_id: null, updated_at: at, version: merged.version + 1 })
    .where('id', '=', m.merged_id)
    .execute();
  await trx
    .updateTable('beneficiary_merges')
    .set({ unmerged_by: by, unmerged_at: at })
    .where('id', '=', m.id)
    .execute();
  await evidenceAfter(trx, evidence, now);
  return { ...m, unmerged_by: by, unmerged_at: at };
}

/** How many rows of each kind a merge moved. */
export function movedCounts(m: BeneficiaryMergeRow): Record<string, number> {
  const moved = JSON.parse(m.moved_json) as Moved;
  return Object.fromEntries(Object.entries(moved).map(([k, v]) => [k, v?.length ?? 0]));
}
