// SQL of cases, their codes and their access grants. Dialect-neutral Kysely only.
import type { CompiledQuery } from 'kysely';
import { insertMany } from '../db/bulk-insert.ts';
import type { Db, Trx } from '../db/database.ts';
import type { Principal } from '../http/principal.ts';
import { readableCases } from './case-access.ts';
import type { CodeRow } from './case-forms.ts';
import type { CaseAccessTable, CaseRow, CaseTable } from './cases.table.ts';

/** The insert of a case, compiled (openCase sends it with the evidence cells' upsert: maintain.ts evidenceWrite). */
export function insertCaseQuery(trx: Trx, row: CaseTable): CompiledQuery {
  return trx.insertInto('cases').values(row).compile();
}

const CASE_COLUMNS = [
  'id',
  'organisation_id',
  'beneficiary_id',
  'reference',
  'type',
  'status',
  'sensitive',
  'assigned_to',
  'opened_on',
  'closed_on',
  'closure_requested_by',
  'closure_requested_at',
  'closure_reason',
  'closure_approved_by',
  'details',
  'created_by',
  'created_at',
  'updated_at',
  'version',
] as const satisfies readonly (keyof CaseTable)[];

/** Inserts many cases and their codes in multi-row statements (the bulk import's path; the same rows as one by one). */
export async function insertCasesWithCodes(
  trx: Trx,
  cases: readonly { row: CaseTable; codes: readonly CodeRow[] }[],
): Promise<void> {
  await insertMany(
    trx,
    'cases',
    CASE_COLUMNS,
    cases.map((c) => c.row),
    500,
  );
  await insertMany(
    trx,
    'case_codes',
    ['case_id', 'organisation_id', 'vocabulary', 'code'],
    cases.flatMap((c) =>
      c.codes.map((code) => ({ case_id: c.row.id, organisation_id: c.row.organisation_id, ...code })),
    ),
    2000,
  );
}

export function findCase(db: Db, id: string): Promise<CaseRow | undefined> {
  return db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A case of an organisation by its human reference (unique in the organisation). */
export function findCaseByReference(db: Db, organisationId: string, reference: string): Promise<CaseRow | undefined> {
  return db
    .selectFrom('cases')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('reference', '=', reference)
    .executeTakeFirst();
}

/** Changes a case when its version still matches; false when someone else changed it first. */
export async function updateCaseVersioned(
  trx: Trx,
  id: string,
  version: number,
  changes: Partial<Omit<CaseTable, 'id' | 'organisation_id' | 'version' | 'created_at' | 'created_by'>>,
  now: string,
): Promise<boolean> {
  const r = await trx
    .updateTable('cases')
    .set({ ...changes, updated_at: now, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ---- codes

export async function insertCodes(trx: Trx, caseId: string, organisationId: string, codes: CodeRow[]): Promise<void> {
  if (codes.length === 0) return;
  await trx
    .insertInto('case_codes')
    .values(codes.map((c) => ({ case_id: caseId, organisation_id: organisationId, ...c })))
    .execute();
}

export async function replaceCodes(trx: Trx, caseId: string, organisationId: string, codes: CodeRow[]): Promise<void> {
  await trx.deleteFrom('case_codes').where('case_id', '=', caseId).execute();
  await insertCodes(trx, caseId, organisationId, codes);
}

export function codesOf(db: Db, caseId: string): Promise<CodeRow[]> {
  return db.selectFrom('case_codes').select(['vocabulary', 'code']).where('case_id', '=', caseId).execute();
}

// ---- lists

export type CaseFilter = {
  status?: string | undefined;
  type?: string | undefined;
  assignedTo?: string | undefined;
  beneficiaryId?: string | undefined;
  /** Keyset cursor: rows strictly after (created_at, id) in newest-first order. */
  after?: { createdAt: string; id: string } | undefined;
  limit: number;
};

/**
 * Cases of the caller's organisation they may list: with content access (`full`), the cases they may read; for a
 * supervisor (`managed`), all of them (the sensitive ones they may not read are listed to be managed, never read);
 * for oversight roles (`metadata`), the non-sensitive ones. Newest first.
 */
export function listCases(
  db: Db,
  p: Principal,
  view: 'full' | 'managed' | 'metadata',
  f: CaseFilter,
): Promise<CaseRow[]> {
  let q = db.selectFrom('cases').selectAll();
  q =
    view === 'full'
      ? q.where(readableCases(p))
      : view === 'managed'
        ? q.where('organisation_id', '=', p.organisationId)
        : q.where('organisation_id', '=', p.organisationId).where('sensitive', '=', 0);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.type) q = q.where('type', '=', f.type);
  if (f.assignedTo) q = q.where('assigned_to', '=', f.assignedTo);
  if (f.beneficiaryId) q = q.where('beneficiary_id', '=', f.beneficiaryId);
  if (f.after) {
    const { createdAt, id } = f.after;
    q = q.where((eb) =>
      eb.or([eb('created_at', '<', createdAt), eb.and([eb('created_at', '=', createdAt), eb('id', '<', id)])]),
    );
  }
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
}

// ---- access grants

export function findGrant(db: Db, caseId: string, userId: string) {
  return db
    .selectFrom('case_access')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export function listGrants(db: Db, caseId: string) {
  return db.selectFrom('case_access').selectAll().where('case_id', '=', caseId).orderBy('granted_at').execute();
}

export function insertGrant(trx: Trx, row: CaseAccessTable): Promise<unknown> {
  return trx.insertInto('case_access').values(row).execute();
}

export async function deleteGrant(trx: Trx, caseId: string, userId: string): Promise<boolean> {
  const r = await trx
    .deleteFrom('case_access')
    .where('case_id', '=', caseId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}
