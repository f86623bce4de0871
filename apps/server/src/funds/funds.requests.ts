// Requests for money (docs/operations.md, "Requests, approvals and release"): a request is for a crisis, a case or
// a project; it is approved by someone whose role's limit for the fund covers its USD amount, or by two people
// (the first within a lower limit, the second within a limit that covers it); nobody approves their own request
// or approves twice. Final approval commits the money (available -> committed, refused when not enough is
// available); release disburses it and records the time from request to release.
import { randomUUID } from 'node:crypto';
import type { CreateFundRequest, Role } from '@corridor/contracts';
import { getWorkableCase } from '../cases/cases.service.ts';
import { findCrisis } from '../crises/crises.repository.ts';
import type { Db, Engine, Trx } from '../db/database.ts';
import { lockRowForUpdate } from '../db/dialects/index.ts';
import { DomainError, forbidden, notFound } from '../errors.ts';
import type { Principal } from '../http/principal.ts';
import { getProject } from '../projects/projects.service.ts';
import { getFund, limitsOf, parseCursor } from './funds.service.ts';
import type { FundRequestRow, FundRow } from './funds.table.ts';
import { postEntry } from './ledger.ts';
import { normaliseRate, toMinor, usdMinorOf } from './money.ts';

/** A request of the caller's organisation; 404 for any other. */
export async function getRequest(db: Db, p: Principal, id: string): Promise<FundRequestRow> {
  const r = await db.selectFrom('fund_requests').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r || r.organisation_id !== p.organisationId) throw notFound('fund request');
  return r;
}

/**
 * Opens a request on a fund of the caller's organisation, for a crisis that exists (of any organisation: a fund may
 * pay for another's response), a case the caller may work on, or a project.
 */
export async function createRequest(
  trx: Trx,
  p: Principal,
  fund: FundRow,
  body: CreateFundRequest,
  now: Date,
): Promise<FundRequestRow> {
  if (body.crisisId && !(await findCrisis(trx, body.crisisId)))
    throw new DomainError('invalid_reference', 'The crisis does not exist.', {
      errors: [{ location: 'body', pointer: '/crisisId', message: 'no such crisis', code: 'custom' }],
    });
  if (body.caseId)
    await getWorkableCase(trx, p, body.caseId).catch(() => {
      throw new DomainError('invalid_reference', 'The case does not exist or you may not work on it.');
    });
  if (body.projectId)
    await getProject(trx, p, body.projectId).catch(() => {
      throw new DomainError('invalid_reference', 'The project does not exist.');
    });
  const amount = toMinor(body.amount);
  const rate = normaliseRate(body.usdRate);
  const row: FundRequestRow = {
    id: randomUUID(),
    organisation_id: p.organisationId,
    fund_id: fund.id,
    purpose: body.purpose,
    recipient: body.recipient,
    crisis_id: body.crisisId,
    case_id: body.caseId,
    project_id: body.projectId,
    amount_minor: amount,
    currency: fund.currency,
    usd_rate: rate,
    amount_usd_minor: usdMinorOf(amount, rate),
    status: 'requested',
    requested_by: p.userId,
    requested_at: now.toISOString(),
    first_approver_id: null,
    first_approver_role: null,
    first_approved_at: null,
    second_approver_id: null,
    second_approver_role: null,
    second_approved_at: null,
    decision_reason: null,
    released_by: null,
    released_at: null,
    release_seconds: null,
    updated_at: now.toISOString(),
    version: 1,
  };
  await trx.insertInto('fund_requests').values(row).execute();
  return row;
}

/** The caller's highest approval limit for the fund, and the role that gives it; null when they hold none. */
async function approverLimit(db: Db, p: Principal, fundId: string): Promise<{ role: Role; limit: number } | null> {
  let best: { role: Role; limit: number } | null = null;
  for (const l of await limitsOf(db, fundId)) {
    const limit = Number(l.limit_usd_minor);
    if (p.roles.includes(l.role as Role) && (!best || limit > best.limit)) best = { role: l.role as Role, limit };
  }
  return best;
}

async function update(
  trx: Trx,
  r: FundRequestRow,
  changes: Partial<FundRequestRow>,
  now: Date,
): Promise<FundRequestRow> {
  const next = { ...r, ...changes, updated_at: now.toISOString(), version: r.version + 1 };
  const done = await trx
    .updateTable('fund_requests')
    .set({ ...changes, updated_at: next.updated_at, version: next.version })
    .where('id', '=', r.id)
    .where('version', '=', r.version)
    .executeTakeFirst();
  if (Number(done.numUpdatedRows) !== 1)
    throw new DomainError('precondition_failed', 'The request has changed; reload it.');
  return next;
}

/** Re-reads the request under a row lock, so two decisions on one request never both apply. */
async function lockedRequest(trx: Trx, engine: Engine, p: Principal, id: string): Promise<FundRequestRow> {
  await getRequest(trx, p, id);
  await lockRowForUpdate(trx, engine, 'fund_requests', id);
  return getRequest(trx, p, id);
}

/**
 * Approves: one approval when the approver's limit covers the amount, else the first of two. The final approval
 * commits the money in the ledger (insufficient_funds when not enough is available).
 */
export async function approveRequest(
  trx: Trx,
  engine: Engine,
  p: Principal,
  id: string,
  now: Date,
): Promise<FundRequestRow> {
  const r = await lockedRequest(trx, engine, p, id);
  if (r.status !== 'requested' && r.status !== 'awaiting_second_approval')
    throw new DomainError('invalid_transition', 'Only a request that awaits approval can be approved.');
  if (r.requested_by === p.userId || r.first_approver_id === p.userId)
    throw forbidden('You cannot approve a request you made or already approved.');
  const mine = await approverLimit(trx, p, r.fund_id);
  if (!mine) throw new DomainError('approval_limit_exceeded', 'You hold no approval limit for this fund.');
  const amountUsd = Number(r.amount_usd_minor);
  const at = now.toISOString();
  if (r.status === 'requested' && mine.limit < amountUsd) {
    // Above this approver's limit: their approval is the first of two.
    return update(
      trx,
      r,
      {
        status: 'awaiting_second_approval',
        first_approver_id: p.userId,
        first_approver_role: mine.role,
        first_approved_at: at,
      },
      now,
    );
  }
  if (mine.limit < amountUsd)
    throw new DomainError('approval_limit_exceeded', 'The second approval needs a limit that covers the whole amount.');
  const fund = await getFund(trx, p, r.fund_id);
  await postEntry(
    trx,
    fund,
    {
      kind: 'commitment',
      amountMinor: Number(r.amount_minor),
      usdRate: r.usd_rate,
      counterparty: r.recipient,
      requestId: r.id,
      postedBy: p.userId,
    },
    now,
  );
  const who =
    r.status === 'requested'
      ? { first_approver_id: p.userId, first_approver_role: mine.role, first_approved_at: at }
      : { second_approver_id: p.userId, second_approver_role: mine.role, second_approved_at: at };
  return update(trx, r, { status: 'approved', ...who }, now);
}

/** Rejects a request that awaits approval, with a reason. */
export async function rejectRequest(
  trx: Trx,
  engine: Engine,
  p: Principal,
  id: string,
  reason: string,
  now: Date,
): Promise<FundRequestRow> {
  const r = await lockedRequest(trx, engine, p, id);
  if (r.status !== 'requested' && r.status !== 'awaiting_second_approval')
    throw new DomainError('invalid_transition', 'Only a request that awaits approval can be rejected.');
  if (r.requested_by === p.userId) throw forbidden('You cannot decide on a request you made.');
  if (!(await approverLimit(trx, p, r.fund_id)))
    throw new DomainError('approval_limit_exceeded', 'You hold no approval limit for this fund.');
  return update(trx, r, { status: 'rejected', decision_reason: reason }, now);
}

/** Releases approved money: the disbursement, and the time from request to release. */
export async function releaseRequest(
  trx: Trx,
  engine: Engine,
  p: Principal,
  id: string,
  now: Date,
): Promise<FundRequestRow> {
  const r = await lockedRequest(trx, engine, p, id);
  if (r.status !== 'approved') throw new DomainError('invalid_transition', 'Only an approved request can be released.');
  const fund = await getFund(trx, p, r.fund_id);
  await postEntry(
    trx,
    fund,
    {
      kind: 'disbursement',
      amountMinor: Number(r.amount_minor),
      usdRate: r.usd_rate,
      counterparty: r.recipient,
      requestId: r.id,
      postedBy: p.userId,
    },
    now,
  );
  const seconds = Math.max(0, Math.round((now.getTime() - Date.parse(r.requested_at)) / 1000));
  return update(
    trx,
    r,
    { status: 'released', released_by: p.userId, released_at: now.toISOString(), release_seconds: seconds },
    now,
  );
}

/** Cancels a request not yet released (its requester or a fund manager); approved money goes back to available. */
export async function cancelRequest(
  trx: Trx,
  engine: Engine,
  p: Principal,
  id: string,
  now: Date,
): Promise<FundRequestRow> {
  const r = await lockedRequest(trx, engine, p, id);
  if (!['requested', 'awaiting_second_approval', 'approved'].includes(r.status))
    throw new DomainError('invalid_transition', 'Only a request not yet released can be cancelled.');
  if (r.requested_by !== p.userId && !p.roles.includes('fund_manager'))
    throw forbidden('Only the requester or a fund manager can cancel a request.');
  if (r.status === 'approved') {
    const fund = await getFund(trx, p, r.fund_id);
    await postEntry(
      trx,
      fund,
      {
        kind: 'decommitment',
        amountMinor: Number(r.amount_minor),
        usdRate: r.usd_rate,
        counterparty: r.recipient,
        requestId: r.id,
        postedBy: p.userId,
      },
      now,
    );
  }
  return update(trx, r, { status: 'cancelled' }, now);
}

/** A page of the organisation's requests, newest first, filtered; cursor "requestedAt|id". */
export async function listRequests(
  db: Db,
  p: Principal,
  q: {
    limit: number;
    cursor?: string | undefined;
    status?: string | undefined;
    fundId?: string | undefined;
    crisisId?: string | undefined;
    projectId?: string | undefined;
  },
): Promise<{ rows: (FundRequestRow & { fund_code: string })[]; next: string | null }> {
  let query = db
    .selectFrom('fund_requests')
    .innerJoin('funds', 'funds.id', 'fund_requests.fund_id')
    .selectAll('fund_requests')
    .select('funds.code as fund_code')
    .where('fund_requests.organisation_id', '=', p.organisationId);
  if (q.status) query = query.where('fund_requests.status', '=', q.status);
  if (q.fundId) query = query.where('fund_requests.fund_id', '=', q.fundId);
  if (q.crisisId) query = query.where('fund_requests.crisis_id', '=', q.crisisId);
  if (q.projectId) query = query.where('fund_requests.project_id', '=', q.projectId);
  const c = parseCursor(q.cursor);
  if (c)
    query = query.where((eb) =>
      eb.or([
        eb('fund_requests.requested_at', '<', c.at),
        eb.and([eb('fund_requests.requested_at', '=', c.at), eb('fund_requests.id', '<', c.id)]),
      ]),
    );
  const rows = await query
    .orderBy('fund_requests.requested_at', 'desc')
    .orderBy('fund_requests.id', 'desc')
    .limit(q.limit + 1)
    .execute();
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return { rows: page, next: rows.length > q.limit && last ? `${last.requested_at}|${last.id}` : null };
}
