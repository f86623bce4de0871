// The case workflow: Active <-> FollowUp; closure requested by the caseworker and decided by a supervisor (only
// then Closed, or ClosedReferred when closed because the case was referred); reopening; assignment and transfer
// within the organisation; access grants to named colleagues for sensitive cases.
import type { Db, Trx } from '../db/database.ts';
import { DomainError, forbidden, invalidField, notFound } from '../errors.ts';
import { evidenceAfter, evidenceBefore, evidenceCaseOf } from '../evidence/maintain.ts';
import { hasAnyRole, type Principal } from '../http/principal.ts';
import { caseWasReferred } from '../referrals/referrals.service.ts';
import { caseStatus } from '../vocabularies/htcds-case-status.ts';
import { assertNotLettingThemselvesIn } from './case-access.ts';
import { addNote } from './case-records.service.ts';
import * as repo from './cases.repository.ts';
import {
  assertCaseStaff,
  type CaseStatus,
  dayOf,
  detailsOf,
  encodeDetails,
  getManagedCase,
  getWorkableCase,
  isClosed,
} from './cases.service.ts';
import type { CaseRow, CaseTable } from './cases.table.ts';

const stale = () => new DomainError('precondition_failed', 'The case changed meanwhile; reload and retry.');

/** The case, if it is still at the version the caller read (If-Match); `undefined` skips the check (demo loader). */
function atVersion(row: CaseRow, version: number | undefined): CaseRow {
  if (version !== undefined && version !== row.version) throw stale();
  return row;
}

/** Applies changes to a case read in this transaction; a concurrent change makes it fail (412), never lost. */
async function change(trx: Trx, row: CaseRow, changes: Partial<CaseTable>, now: Date): Promise<CaseRow> {
  // Evidence base: a closure or reopening changes the cases-closed figures (aggregates stay fresh).
  const evidence = 'closed_on' in changes ? await evidenceBefore(trx, [row.beneficiary_id], now) : null;
  if (evidence) evidenceCaseOf(evidence, row.beneficiary_id, row.id);
  if (!(await repo.updateCaseVersioned(trx, row.id, row.version, changes, now.toISOString()))) throw stale();
  if (evidence) await evidenceAfter(trx, evidence, now);
  return (await repo.findCase(trx, row.id))!;
}

const noClosure = {
  closure_requested_by: null,
  closure_requested_at: null,
  closure_reason: null,
  closure_approved_by: null,
} as const;

/**
 * Moves a case between Active and FollowUp; a supervisor may also reopen a closed case (back to Active). Closing
 * goes through a closure request and a supervisor's decision, never through this.
 */
export async function changeStatus(
  trx: Trx,
  p: Principal,
  id: string,
  to: string,
  now: Date,
  version?: number,
  reason: string | null = null,
): Promise<CaseRow> {
  if (!caseStatus.has(to)) throw invalidField('/status', `not a code of the ${caseStatus.id} vocabulary`);
  const row = atVersion(await getWorkableCase(trx, p, id), version);
  const from = row.status as CaseStatus;
  const open = (s: CaseStatus) => s === 'Active' || s === 'FollowUp';
  if (open(from) && open(to) && from !== to) return change(trx, row, { status: to }, now);
  if (isClosed(row) && to === 'Active') {
    if (!hasAnyRole(p, 'supervisor')) throw forbidden('Only a supervisor may reopen a closed case.');
    if (reason === null) throw invalidField('/reason', 'required to reopen a closed case', 'required');
    await addNote(trx, row, p, `Case reopened: ${reason}`, now);
    return change(trx, row, { status: to, closed_on: null, ...noClosure }, now);
  }
  if (to === 'Closed' || to === 'ClosedReferred')
    throw new DomainError('invalid_transition', 'Request closure; a supervisor approves it.');
  throw new DomainError('invalid_transition', 'The case cannot move to this status from its current one.');
}

/** The caseworker asks for closure; `referred` needs a referral of the case the receiver accepted. */
export async function requestClosure(
  trx: Trx,
  p: Principal,
  id: string,
  input: { reason: string; referred: boolean },
  now: Date,
  version?: number,
): Promise<CaseRow> {
  const row = atVersion(await getWorkableCase(trx, p, id), version);
  if (isClosed(row)) throw new DomainError('invalid_transition', 'The case is already closed.');
  if (row.closure_requested_at !== null)
    throw new DomainError('invalid_transition', 'Closure of this case has already been requested.');
  if (input.referred && !(await caseWasReferred(trx, row.id)))
    throw new DomainError('invalid_transition', 'No referral of this case has been accepted by its receiver.');
  return change(
    trx,
    row,
    {
      closure_requested_by: p.userId,
      closure_requested_at: now.toISOString(),
      closure_reason: input.reason,
      details: encodeDetails({ ...detailsOf(row), closureReferred: input.referred }),
    },
    now,
  );
}

/**
 * A supervisor approves (the case closes as Closed or ClosedReferred) or rejects (the request is withdrawn and
 * the reason kept as a case note) a pending closure request. Nobody approves their own request. Answers the case
 * before (who asked) and after.
 */
export async function decideClosure(
  trx: Trx,
  p: Principal,
  id: string,
  input: { decision: 'approve' | 'reject'; reason: string | null },
  now: Date,
  version?: number,
): Promise<{ before: CaseRow; after: CaseRow }> {
  const row = atVersion(await getManagedCase(trx, p, id), version);
  if (row.closure_requested_at === null || isClosed(row))
    throw new DomainError('invalid_transition', 'There is no pending closure request on this case.');
  if (row.closure_requested_by === p.userId)
    throw forbidden('Another supervisor must decide on a closure you requested yourself.');
  if (input.decision === 'approve') {
    const status: CaseStatus = detailsOf(row).closureReferred ? 'ClosedReferred' : 'Closed';
    return {
      before: row,
      after: await change(trx, row, { status, closed_on: dayOf(now), closure_approved_by: p.userId }, now),
    };
  }
  await addNote(trx, row, p, `Closure request rejected: ${input.reason ?? ''}`, now);
  const details = encodeDetails({ ...detailsOf(row), closureReferred: false });
  return { before: row, after: await change(trx, row, { ...noClosure, details }, now) };
}

/** Assigns or transfers a case to a caseworker or supervisor of the same organisation. */
export async function assignCase(trx: Trx, p: Principal, id: string, userId: string, now: Date, version?: number) {
  const row = atVersion(await getManagedCase(trx, p, id), version);
  await assertCaseStaff(trx, row.organisation_id, userId);
  if (row.assigned_to === userId) return { before: row, after: row };
  if (row.sensitive === 1) assertNotLettingThemselvesIn(p, userId, 'case');
  return { before: row, after: await change(trx, row, { assigned_to: userId }, now) };
}

/** Lets a named colleague see a sensitive case (non-sensitive ones are open to every caseworker already). */
export async function grantAccess(
  trx: Trx,
  p: Principal,
  id: string,
  input: { userId: string; reason: string },
  now: Date,
) {
  const row = await getManagedCase(trx, p, id);
  if (row.sensitive !== 1)
    throw new DomainError(
      'invalid_transition',
      'Only sensitive cases need access grants; colleagues already see this one.',
    );
  assertNotLettingThemselvesIn(p, input.userId, 'case');
  await assertCaseStaff(trx, row.organisation_id, input.userId);
  if (await repo.findGrant(trx, row.id, input.userId))
    throw new DomainError('conflict', 'This colleague already has access to the case.');
  const grant = {
    case_id: row.id,
    user_id: input.userId,
    granted_by: p.userId,
    granted_at: now.toISOString(),
    reason: input.reason,
  };
  await repo.insertGrant(trx, grant);
  return { row, grant };
}

/** Ends a colleague's access to a case. */
export async function revokeAccess(trx: Trx, p: Principal, id: string, userId: string): Promise<CaseRow> {
  const row = await getManagedCase(trx, p, id);
  if (!(await repo.deleteGrant(trx, row.id, userId))) throw notFound('access grant');
  return row;
}

/** The colleagues given access to a case. */
export async function accessGrants(db: Db, p: Principal, id: string) {
  const row = await getManagedCase(db, p, id);
  return repo.listGrants(db, row.id);
}
