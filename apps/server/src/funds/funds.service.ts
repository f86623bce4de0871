// Use cases of funds: create a fund with its accounts and approval limits, read it with balances (now or at any
// moment), record money in (contributions, pledges, payments against pledges, reimbursements) and read the journal.
import { randomUUID } from 'node:crypto';
import type { CreateFund, EntryKind, PostReceipt } from '@corridor/contracts';
import type { Db, Trx } from '../db/database.ts';
import { DomainError, notFound } from '../errors.ts';
import type { Principal } from '../http/principal.ts';
import type { FundEntryRow, FundRow } from './funds.table.ts';
import { type Balances, balancesAt, currentBalances, openAccounts, postEntry } from './ledger.ts';
import { normaliseRate, toMinor } from './money.ts';

/** A fund of the caller's organisation; 404 for any other, exactly as for one that does not exist. */
export async function getFund(db: Db, p: Principal, id: string): Promise<FundRow> {
  const f = await db.selectFrom('funds').selectAll().where('id', '=', id).executeTakeFirst();
  if (!f || f.organisation_id !== p.organisationId) throw notFound('fund');
  return f;
}

/** The approval limits of a fund, by role. */
export function limitsOf(db: Db, fundId: string) {
  return db
    .selectFrom('fund_approval_limits')
    .select(['role', 'limit_usd_minor'])
    .where('fund_id', '=', fundId)
    .orderBy('limit_usd_minor')
    .execute();
}

/** Creates a fund of the caller's organisation with its six accounts at zero. */
export async function createFund(trx: Trx, p: Principal, body: CreateFund, now: Date): Promise<FundRow> {
  const row: FundRow = {
    id: randomUUID(),
    organisation_id: p.organisationId,
    code: body.code,
    name: body.name,
    kind: body.kind,
    currency: body.currency,
    revolving: body.kind === 'emergency_revolving' ? 1 : 0,
    created_by: p.userId,
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
    version: 1,
  };
  await trx.insertInto('funds').values(row).execute();
  await trx
    .insertInto('fund_approval_limits')
    .values(body.approvalLimits.map((l) => ({ fund_id: row.id, role: l.role, limit_usd_minor: toMinor(l.limitUsd) })))
    .execute();
  await openAccounts(trx, row.id);
  return row;
}

/** The caller's organisation's funds by code. */
export function listFunds(db: Db, p: Principal): Promise<FundRow[]> {
  return db.selectFrom('funds').selectAll().where('organisation_id', '=', p.organisationId).orderBy('code').execute();
}

/** Balances now, or at `at` when given (from the lines' running balances). */
export function balancesOf(db: Db, fundId: string, at?: Date): Promise<Balances> {
  return at ? balancesAt(db, fundId, at) : currentBalances(db, fundId);
}

/** Records money coming in. A reimbursement is only for a revolving fund, and never more than is advanced. */
export function postReceipt(
  trx: Trx,
  p: Principal,
  fund: FundRow,
  body: PostReceipt,
  now: Date,
): Promise<FundEntryRow> {
  return postEntry(
    trx,
    fund,
    {
      kind: body.kind,
      amountMinor: toMinor(body.amount),
      usdRate: normaliseRate(body.usdRate),
      counterparty: body.donor,
      counterpartyCountry: body.donorCountry,
      reference: body.reference,
      postedBy: p.userId,
    },
    now,
  );
}

/** The lines of entries, with their account codes, keyed by entry id. */
export async function linesOf(db: Db, entryIds: string[]) {
  const out = new Map<string, { code: string; amount_minor: number; balance_after_minor: number }[]>();
  if (entryIds.length === 0) return out;
  const rows = await db
    .selectFrom('fund_lines')
    .innerJoin('fund_accounts', 'fund_accounts.id', 'fund_lines.account_id')
    .select(['fund_lines.entry_id', 'fund_accounts.code', 'fund_lines.amount_minor', 'fund_lines.balance_after_minor'])
    .where('fund_lines.entry_id', 'in', entryIds)
    .orderBy('fund_lines.amount_minor', 'desc')
    .execute();
  for (const r of rows) {
    const list = out.get(r.entry_id) ?? [];
    list.push(r);
    out.set(r.entry_id, list);
  }
  return out;
}

/** A page of a fund's journal, newest first. The cursor is the last entry's "postedAt|id". */
export async function ledgerPage(
  db: Db,
  fundId: string,
  q: { limit: number; cursor?: string | undefined; kind?: EntryKind | undefined },
): Promise<{ rows: FundEntryRow[]; next: string | null }> {
  let query = db.selectFrom('fund_entries').selectAll().where('fund_id', '=', fundId);
  if (q.kind) query = query.where('kind', '=', q.kind);
  const c = parseCursor(q.cursor);
  if (c)
    query = query.where((eb) =>
      eb.or([eb('posted_at', '<', c.at), eb.and([eb('posted_at', '=', c.at), eb('id', '<', c.id)])]),
    );
  const rows = await query
    .orderBy('posted_at', 'desc')
    .orderBy('id', 'desc')
    .limit(q.limit + 1)
    .execute();
  const more = rows.length > q.limit;
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return { rows: page, next: more && last ? `${last.posted_at}|${last.id}` : null };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Reads a "timestamp|id" cursor; a malformed one is a validation error (never passed to SQL as is). */
export function parseCursor(cursor: string | undefined): { at: string; id: string } | null {
  if (!cursor) return null;
  const [at, id] = cursor.split('|');
  if (!at || !id || !UUID.test(id) || Number.isNaN(Date.parse(at)))
    throw new DomainError('validation_failed', 'The cursor is not valid.', {
      errors: [
        { location: 'query', pointer: '/cursor', message: 'not a cursor this API gave', code: 'invalid_cursor' },
      ],
    });
  return { at: new Date(at).toISOString(), id };
}
