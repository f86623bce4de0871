// Duplicate detection within an organisation (docs/linkage.md): likely duplicates of a person about to be
// registered (the registry's search finds the candidates, the engine scores them), pairs flagged at registration,
// import and by a scan of the whole registry, the review queue, and decisions on pairs.
import type { CreateBeneficiary } from '@corridor/contracts';
import { searchBeneficiaries } from '../beneficiaries/beneficiaries.search.ts';
import { getBeneficiary, mayReadBeneficiary } from '../beneficiaries/beneficiaries.service.ts';
import type { BeneficiaryRow } from '../beneficiaries/beneficiaries.table.ts';
import type { Db, Trx } from '../db/database.ts';
import { DomainError, notFound } from '../errors.ts';
import type { Principal } from '../http/principal.ts';
import type { Explanation } from './engine/fellegi-sunter.ts';
import { dedupe } from './engine/linkage.ts';
import { type LinkageModel, serialiseModel } from './engine/model.ts';
import type { LinkageCandidateRow } from './linkage.table.ts';
import { mergePersons, unmergePersons } from './merge.service.ts';
import {
  explainPersons,
  organisationModel,
  PERSON_BLOCKING,
  PERSON_FIELDS,
  type PersonRecord,
  personRecord,
} from './person-linkage.ts';
import * as repo from './review.repository.ts';

/** Fewer people than this and a scan keeps the default model rather than training on too few pairs. */
const MIN_PEOPLE_TO_TRAIN = 500;

export type DuplicateHitRow = { row: BeneficiaryRow; explanation: Explanation; likely: boolean };

/** The person a registration form describes, as an engine record. */
function recordOfForm(body: CreateBeneficiary): PersonRecord {
  return personRecord(
    {
      id: '',
      given_name: body.givenName ?? null,
      family_name: body.familyName ?? null,
      name_latin: body.nameLatin ?? body.nameOriginal ?? '',
      date_of_birth: body.dateOfBirth ?? null,
      dob_precision: body.dobPrecision ?? null,
      phone: body.phone ?? null,
      sex: body.sex ?? null,
    },
    body.documents?.[0]?.number ?? null,
  );
}

/**
 * Scores the people the registry's search finds for a registration form: most likely first, with the
 * explanation of each score. Restricted people the caller may not see are never among them (the search drops them).
 */
export async function checkDuplicates(
  db: Db,
  p: Principal,
  body: CreateBeneficiary,
  exclude?: string,
): Promise<{ hits: DuplicateHitRow[]; threshold: number }> {
  const model = await organisationModel(db, p.organisationId);
  const found = await searchBeneficiaries(db, p, {
    givenName: body.givenName,
    familyName: body.familyName,
    nameLatin: body.nameLatin,
    nameOriginal: body.nameOriginal,
    dateOfBirth: body.dateOfBirth,
    documents: body.documents,
    limit: 20,
  });
  const ids = found.hits.map((h) => h.row.id).filter((id) => id !== exclude);
  const rows = ids.length
    ? await db
        .selectFrom('beneficiaries')
        .selectAll()
        .where('id', 'in', ids)
        .where('merged_into_id', 'is', null)
        .execute()
    : [];
  const docs = await repo.firstDocuments(db, ids);
  const query = recordOfForm(body);
  const hits = rows
    .map((row) => {
      const explanation = explainPersons(model, query, personRecord(row, docs.get(row.id) ?? null));
      return { row, explanation, likely: explanation.probability >= model.threshold };
    })
    .sort((a, b) => b.explanation.probability - a.explanation.probability);
  return { hits, threshold: model.threshold };
}

/** The registration form of a stored person (for checking a new registration against the others). */
function formOf(row: BeneficiaryRow, documentNumber: string | null): CreateBeneficiary {
  return {
    givenName: row.given_name,
    familyName: row.family_name,
    nameLatin: row.name_latin,
    nameOriginal: row.name_original,
    dateOfBirth: row.date_of_birth,
    dobPrecision: row.dob_precision,
    phone: row.phone,
    sex: row.sex,
    documents: documentNumber ? [{ type: 'passport', number: documentNumber }] : undefined,
  } as CreateBeneficiary;
}

/** After a registration: proposes the pairs of the new person and the likely duplicates found. */
export async function flagDuplicatesOf(trx: Trx, p: Principal, row: BeneficiaryRow, now: Date): Promise<number> {
  const docs = await repo.firstDocuments(trx, [row.id]);
  const { hits } = await checkDuplicates(trx, p, formOf(row, docs.get(row.id) ?? null), row.id);
  let proposed = 0;
  for (const h of hits.filter((x) => x.likely))
    if (
      await repo.proposePair(trx, {
        organisation_id: row.organisation_id,
        beneficiary_a_id: row.id,
        beneficiary_b_id: h.row.id,
        probability: h.explanation.probability,
        explanation_json: JSON.stringify(h.explanation),
        found_by: 'register',
        found_at: now.toISOString(),
      })
    )
      proposed++;
  return proposed;
}

/** The model with no field adjusted by the frequency of its values. */
const withoutTermFrequencies = (model: LinkageModel): LinkageModel => ({
  ...model,
  fields: model.fields.map((f) => ({ ...f, tf: false })),
});

/**
 * Deduplicates the organisation's whole registry with the engine and proposes the likely pairs (all of them, or
 * only those involving `onlyIds`, e.g. the people an import just created). With enough people the model is
 * trained on the organisation's own records, without labels, and kept for later checks.
 */
export async function scanOrganisation(
  trx: Trx,
  organisationId: string,
  foundBy: 'scan' | 'import',
  now: Date,
  onlyIds?: ReadonlySet<string>,
): Promise<{ people: number; candidates: number; proposed: number }> {
  const records = await repo.personRecordsOf(trx, organisationId);
  if (records.length < 2) return { people: records.length, candidates: 0, proposed: 0 };
  const byId = new Map(records.map((r) => [r.id, r]));
  const table = {
    ids: records.map((r) => r.id),
    columns: Object.fromEntries(
      PERSON_FIELDS.map((f) => [f.field, records.map((r) => r[f.field as keyof PersonRecord])]),
    ),
  };
  const train = records.length >= MIN_PEOPLE_TO_TRAIN;
  // A small registry scores pairs as the check at registration does, without term-frequency adjustment: its names'
  // shares are no estimate of how common they are (a person registered three times makes their own name look
  // common), and the adjustment would score down exactly the duplicates sought.
  const model = train ? undefined : withoutTermFrequencies(await organisationModel(trx, organisationId));
  const result = await dedupe(table, { fields: PERSON_FIELDS, blocking: PERSON_BLOCKING, model, threads: 1 });
  if (train) await repo.saveModel(trx, organisationId, serialiseModel(result.model), now.toISOString());
  let proposed = 0;
  for (const pair of result.pairs) {
    if (onlyIds && !onlyIds.has(pair.left) && !onlyIds.has(pair.right)) continue;
    const explanation = explainPersons(result.model, byId.get(pair.left)!, byId.get(pair.right)!);
    // The batch score includes term-frequency adjustment; the stored explanation shows the fields' parts.
    if (
      await repo.proposePair(trx, {
        organisation_id: organisationId,
        beneficiary_a_id: pair.left,
        beneficiary_b_id: pair.right,
        probability: pair.probability,
        explanation_json: JSON.stringify({ ...explanation, probability: pair.probability, weight: pair.weight }),
        found_by: foundBy,
        found_at: now.toISOString(),
      })
    )
      proposed++;
  }
  return { people: records.length, candidates: result.stats.candidates, proposed };
}

export type CandidateView = {
  c: LinkageCandidateRow;
  a: BeneficiaryRow;
  b: BeneficiaryRow;
  mergeId: string | null;
};

/** A candidate pair the caller may review: of their organisation, both people visible to them; else 404. */
export async function getCandidate(db: Db, p: Principal, id: string): Promise<CandidateView> {
  const c = await repo.findCandidate(db, id);
  if (!c || c.organisation_id !== p.organisationId) throw notFound('candidate pair');
  const view = await viewOf(db, p, c);
  if (!view) throw notFound('candidate pair');
  return view;
}

async function viewOf(db: Db, p: Principal, c: LinkageCandidateRow): Promise<CandidateView | null> {
  const people = await db
    .selectFrom('beneficiaries')
    .selectAll()
    .where('id', 'in', [c.beneficiary_a_id, c.beneficiary_b_id])
    .execute();
  const a = people.find((x) => x.id === c.beneficiary_a_id);
  const b = people.find((x) => x.id === c.beneficiary_b_id);
  if (!a || !b) return null;
  // A merged record is seen through its survivor (its cases may have moved there).
  const readable = async (x: BeneficiaryRow, other: BeneficiaryRow) =>
    (await mayReadBeneficiary(db, p, x)) || (x.merged_into_id === other.id && (await mayReadBeneficiary(db, p, other)));
  if (!(await readable(a, b)) || !(await readable(b, a))) return null;
  const merge = c.status === 'merged' ? await repo.activeMergeOfCandidate(db, c.id) : undefined;
  return { c, a, b, mergeId: merge?.id ?? null };
}

/**
 * The review queue: pairs in one status, most likely first, up to `limit`; pairs with a person hidden from the
 * caller are left out of both the items and the total (a hidden pair would otherwise betray that a restricted
 * person has a likely duplicate).
 */
export async function listCandidates(
  db: Db,
  p: Principal,
  status: LinkageCandidateRow['status'],
  limit: number,
): Promise<{ items: CandidateView[]; total: number }> {
  const items: CandidateView[] = [];
  // Hidden pairs are skipped, so a page can come back short: read on until the page is full or the pairs run out.
  for (let offset = 0; items.length < limit; offset += limit) {
    const rows = await repo.candidatesOf(db, p.organisationId, status, limit, offset);
    for (const c of rows) {
      const v = await viewOf(db, p, c);
      if (v && items.length < limit) items.push(v);
    }
    if (rows.length < limit) break;
  }
  // Total: the pairs of unrestricted people, counted in SQL, plus each pair with a restricted person the caller
  // may see both people of (the same rule as viewOf; such pairs are few).
  let total = await repo.countUnrestrictedCandidates(db, p.organisationId, status);
  for (const c of await repo.restrictedCandidatesOf(db, p.organisationId, status)) if (await viewOf(db, p, c)) total++;
  return { items, total };
}

/**
 * Decides an open pair: "distinct" is remembered (the pair is never proposed again); "same" merges the newer
 * record into the older (or into `survivorId`, one of the pair).
 */
export async function decidePair(
  trx: Trx,
  p: Principal,
  id: string,
  decision: { decision: 'same' | 'distinct'; survivorId?: string | undefined },
  now: Date,
): Promise<CandidateView> {
  const view = await getCandidate(trx, p, id);
  const { c, a, b } = view;
  if (c.status !== 'open') throw new DomainError('invalid_transition', 'This pair has already been decided.');
  const userId = p.userId;
  if (decision.decision === 'distinct') {
    await repo.setCandidateStatus(trx, c, 'distinct', userId, now.toISOString());
    return getCandidate(trx, p, id);
  }
  const older = a.created_at <= b.created_at ? a : b;
  const survivorId = decision.survivorId ?? older.id;
  if (survivorId !== a.id && survivorId !== b.id)
    throw new DomainError('invalid_reference', 'The survivor must be one of the two people of the pair.');
  const mergedId = survivorId === a.id ? b.id : a.id;
  await mergePersons(trx, p.organisationId, survivorId, mergedId, c.id, userId, now);
  await repo.setCandidateStatus(trx, c, 'merged', userId, now.toISOString());
  return getCandidate(trx, p, id);
}

/**
 * Takes back a "not the same person" decision: the pair is open for review again (a merge is undone with unmerge,
 * which opens its pair too).
 */
export async function reopenPair(trx: Trx, p: Principal, id: string, version: number): Promise<CandidateView> {
  const { c } = await getCandidate(trx, p, id);
  if (c.version !== version) throw new DomainError('precondition_failed', 'The pair has changed since you read it.');
  if (c.status !== 'distinct')
    throw new DomainError(
      'invalid_transition',
      c.status === 'merged'
        ? 'This pair was merged: undo the merge instead, which opens the pair again.'
        : 'This pair is open already.',
    );
  await repo.setCandidateStatus(trx, c, 'open', null, null);
  return getCandidate(trx, p, id);
}

/** Undoes a merge of the caller's organisation; its pair is open for review again. */
export async function unmerge(trx: Trx, p: Principal, mergeId: string, now: Date) {
  const m = await repo.findMerge(trx, mergeId);
  if (!m || m.organisation_id !== p.organisationId) throw notFound('merge');
  // The caller must be able to see both people (a restricted survivor hides the merge).
  await getBeneficiary(trx, p, m.survivor_id);
  const undone = await unmergePersons(trx, m, p.userId, now);
  if (m.candidate_id) {
    const c = await repo.findCandidate(trx, m.candidate_id);
    if (c) await repo.setCandidateStatus(trx, c, 'open', null, null);
  }
  return undone;
}

/**
 * After an import: the people it registered (created by this user at this instant) are linked against the whole
 * registry with the engine, and their likely duplicates are queued. Returns the number of pairs proposed.
 */
export async function flagDuplicatesAfterImport(trx: Trx, p: Principal, now: Date): Promise<number> {
  const created = await trx
    .selectFrom('beneficiaries')
    .select('id')
    .where('organisation_id', '=', p.organisationId)
    .where('created_by', '=', p.userId)
    .where('created_at', '=', now.toISOString())
    .execute();
  if (created.length === 0) return 0;
  const r = await scanOrganisation(trx, p.organisationId, 'import', now, new Set(created.map((c) => c.id)));
  return r.proposed;
}
