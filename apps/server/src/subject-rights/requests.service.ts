// Subject-rights requests for a restricted person (docs/subject-rights.md, "A person with a sensitive case"). Only
// staff on one of the person's sensitive cases may see them, and a supervisor is rarely on such a case; yet access and
// erasure are a supervisor's decision. So the two act together: a colleague who may see the person files the request
// (its kind and a reason code), and a supervisor of the organisation other than them decides it without seeing the
// person: approving an erasure or anonymisation carries it out at once; approving an access request lets the
// colleague who filed it download the subject access document for a few days. Every step is audited.
import { randomUUID } from 'node:crypto';
import { findBeneficiary } from '../beneficiaries/beneficiaries.repository.ts';
import { getBeneficiary } from '../beneficiaries/beneficiaries.service.ts';
import type { Db, Trx } from '../db/database.ts';
import { DomainError, notFound } from '../errors.ts';
import { hasAnyRole, type Principal } from '../http/principal.ts';
import {
  type ErasureMode,
  eraseSubjectRow,
  type SubjectAccessDocument,
  subjectAccess,
} from './subject-rights.service.ts';
import { isAnonymised } from './subject-rights.store.ts';
import type { SubjectRightsRequestTable } from './subject-rights.table.ts';

export type RequestKind = SubjectRightsRequestTable['kind'];
export type RequestStatus = SubjectRightsRequestTable['status'];
export type RequestRow = SubjectRightsRequestTable;

/** How long the colleague who filed an approved access request may download the document. */
export const COPY_DAYS = 7;
const DAY_MS = 86_400_000;

/** Requests still to be carried out: at most one of each kind per person. */
const OPEN: readonly RequestStatus[] = ['pending', 'approved'];

async function requestOf(db: Db, p: Principal, id: string): Promise<RequestRow> {
  const row = await db
    .selectFrom('subject_rights_requests')
    .selectAll()
    .where('id', '=', id)
    .where('organisation_id', '=', p.organisationId)
    .executeTakeFirst();
  if (!row) throw notFound('request');
  return row as RequestRow;
}

/** The copy of an approved access request is downloadable until this time. */
export const copyUntil = (r: Pick<RequestRow, 'kind' | 'status' | 'decided_at'>): string | null =>
  r.kind === 'access' && (r.status === 'approved' || r.status === 'done') && r.decided_at
    ? new Date(Date.parse(r.decided_at) + COPY_DAYS * DAY_MS).toISOString()
    : null;

/**
 * Files a request about a person the caller may see (404 otherwise, as for anyone who does not exist). Only for a
 * restricted person: a supervisor answers anyone else's requests directly. One open request of a kind per person.
 */
export async function fileRequest(
  trx: Trx,
  p: Principal,
  beneficiaryId: string,
  input: { kind: RequestKind; reason: string },
  now: Date,
): Promise<RequestRow> {
  const b = await getBeneficiary(trx, p, beneficiaryId);
  if (b.restricted !== 1)
    throw new DomainError(
      'invalid_transition',
      'The person has no sensitive case: a supervisor answers their requests directly, without a request.',
    );
  if (input.kind === 'anonymise' && isAnonymised(b))
    throw new DomainError('invalid_transition', 'The person is anonymised already; only erasing them is left.');
  const open = await trx
    .selectFrom('subject_rights_requests')
    .select('id')
    .where('beneficiary_id', '=', b.id)
    .where('kind', '=', input.kind)
    .where('status', 'in', [...OPEN])
    .executeTakeFirst();
  if (open) throw new DomainError('conflict', 'A request of this kind is already open for the person.');
  const row: RequestRow = {
    id: randomUUID(),
    organisation_id: b.organisation_id,
    beneficiary_id: b.id,
    kind: input.kind,
    reason: input.reason,
    status: 'pending',
    requested_by: p.userId,
    requested_at: now.toISOString(),
    decided_by: null,
    decided_at: null,
    completed_at: null,
  };
  await trx.insertInto('subject_rights_requests').values(row).execute();
  return row;
}

/** A request with the names of the colleagues who filed and decided it. */
export type ListedRequest = RequestRow & { requested_by_name: string | null; decided_by_name: string | null };

/**
 * Requests the caller may list: a person's (for a caller who may see them), else for a supervisor every request of
 * the organisation, else those the caller filed. Newest first; `status` narrows them.
 */
export async function listRequests(
  db: Db,
  p: Principal,
  filter: { beneficiaryId?: string; status?: RequestStatus },
): Promise<{ items: ListedRequest[]; byPerson: boolean }> {
  let q = db
    .selectFrom('subject_rights_requests as r')
    .leftJoin('users as rb', 'rb.id', 'r.requested_by')
    .leftJoin('users as db', 'db.id', 'r.decided_by')
    .selectAll('r')
    .select(['rb.display_name as requested_by_name', 'db.display_name as decided_by_name'])
    .where('r.organisation_id', '=', p.organisationId);
  if (filter.beneficiaryId !== undefined) {
    const b = await getBeneficiary(db, p, filter.beneficiaryId);
    q = q.where('r.beneficiary_id', '=', b.id);
  } else if (!hasAnyRole(p, 'supervisor')) q = q.where('r.requested_by', '=', p.userId);
  if (filter.status) q = q.where('r.status', '=', filter.status);
  const items = await q.orderBy('r.requested_at', 'desc').orderBy('r.id').limit(200).execute();
  return { items: items as ListedRequest[], byPerson: filter.beneficiaryId !== undefined };
}

/** A supervisor's decision: never on a request they filed themselves (four eyes), only on a pending one. */
async function decidable(trx: Trx, p: Principal, id: string): Promise<RequestRow> {
  const row = await requestOf(trx, p, id);
  if (row.requested_by === p.userId)
    throw new DomainError('invalid_transition', 'Another supervisor must decide a request you filed yourself.');
  if (row.status !== 'pending') throw new DomainError('invalid_transition', 'The request is decided already.');
  return row;
}

/**
 * Approves a pending request. An erasure or anonymisation is carried out at once, in this transaction, without the
 * supervisor seeing the person; an access request becomes downloadable by the colleague who filed it.
 */
export async function approveRequest(
  trx: Trx,
  p: Principal,
  id: string,
  now: Date,
): Promise<{ row: RequestRow; erasure: Awaited<ReturnType<typeof eraseSubjectRow>> | null }> {
  const row = await decidable(trx, p, id);
  const at = now.toISOString();
  if (row.kind === 'access') {
    if (row.beneficiary_id === null) throw new DomainError('invalid_transition', 'The person was erased already.');
    await trx
      .updateTable('subject_rights_requests')
      .set({ status: 'approved', decided_by: p.userId, decided_at: at })
      .where('id', '=', row.id)
      .execute();
    return { row: { ...row, status: 'approved', decided_by: p.userId, decided_at: at }, erasure: null };
  }
  const b = row.beneficiary_id === null ? undefined : await findBeneficiary(trx, row.beneficiary_id);
  if (!b || b.organisation_id !== p.organisationId)
    throw new DomainError('invalid_transition', 'The person was erased already.');
  // The request row is updated first: erasing the person nulls its link to them (subject-rights.store eraseAll).
  await trx
    .updateTable('subject_rights_requests')
    .set({ status: 'done', decided_by: p.userId, decided_at: at, completed_at: at })
    .where('id', '=', row.id)
    .execute();
  const erasure = await eraseSubjectRow(trx, b, row.kind as ErasureMode, null);
  return {
    row: {
      ...row,
      status: 'done',
      decided_by: p.userId,
      decided_at: at,
      completed_at: at,
    },
    erasure,
  };
}

/** Refuses a pending request. */
export async function refuseRequest(trx: Trx, p: Principal, id: string, now: Date): Promise<RequestRow> {
  const row = await decidable(trx, p, id);
  const at = now.toISOString();
  await trx
    .updateTable('subject_rights_requests')
    .set({ status: 'refused', decided_by: p.userId, decided_at: at })
    .where('id', '=', row.id)
    .execute();
  return { ...row, status: 'refused', decided_by: p.userId, decided_at: at };
}

/** The colleague who filed a pending request withdraws it. */
export async function withdrawRequest(trx: Trx, p: Principal, id: string, now: Date): Promise<RequestRow> {
  const row = await requestOf(trx, p, id);
  if (row.requested_by !== p.userId)
    throw new DomainError('invalid_transition', 'Only the colleague who filed the request may withdraw it.');
  if (row.status !== 'pending') throw new DomainError('invalid_transition', 'The request is decided already.');
  const at = now.toISOString();
  await trx
    .updateTable('subject_rights_requests')
    .set({ status: 'withdrawn', decided_at: at })
    .where('id', '=', row.id)
    .execute();
  return { ...row, status: 'withdrawn', decided_at: at };
}

/**
 * The subject access document of an approved access request, for the colleague who filed it while they may still see
 * the person, during COPY_DAYS after the approval. The first download marks the request done.
 */
export async function requestedCopy(
  trx: Trx,
  p: Principal,
  id: string,
  now: Date,
): Promise<{ row: RequestRow; doc: SubjectAccessDocument }> {
  const row = await requestOf(trx, p, id);
  if (row.kind !== 'access')
    throw new DomainError('invalid_transition', 'Only an access request gives a copy of the person’s data.');
  if (row.requested_by !== p.userId)
    throw new DomainError('invalid_transition', 'Only the colleague who filed the request downloads the copy.');
  const until = copyUntil(row);
  if (until === null) throw new DomainError('invalid_transition', 'The request is not approved.');
  if (now.toISOString() > until || row.beneficiary_id === null)
    throw new DomainError('invalid_transition', 'The copy is no longer available; file a new request.');
  const doc = await subjectAccess(trx, p, row.beneficiary_id, now);
  if (row.completed_at === null) {
    const at = now.toISOString();
    await trx
      .updateTable('subject_rights_requests')
      .set({ status: 'done', completed_at: at })
      .where('id', '=', row.id)
      .execute();
    return { row: { ...row, status: 'done', completed_at: at }, doc };
  }
  return { row, doc };
}
