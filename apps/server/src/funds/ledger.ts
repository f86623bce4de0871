// The double-entry ledger of a fund (docs/operations.md, "Funds"). Every entry has two lines, a debit and a
// credit of the same amount, so the lines of an entry sum to zero. Accounts keep their balance on their normal
// side and can never go below zero: the posting is a conditional UPDATE (balance + delta >= 0) and a CHECK
// constraint backs it, so concurrent disbursements serialise on the account row (PostgreSQL row lock; SQLite's
// single writer) and the one that would overdraw is refused, never applied.

import { randomUUID } from 'node:crypto';
import { type EntryKind, FUND_ACCOUNTS, type FundAccount } from '@corridor/contracts';
import { sql } from 'kysely';
import type { Db, Trx } from '../db/database.ts';
import { DomainError } from '../errors.ts';
import type { FundEntryRow, FundRow } from './funds.table.ts';
import { usdMinorOf } from './money.ts';

/** The normal side of each account: 1 for assets and expenses (debit), -1 for contributions (credit). */
export const NORMAL_SIDE: Readonly<Record<FundAccount, 1 | -1>> = {
  available: 1,
  committed: 1,
  pledges: 1,
  advances: 1,
  contributions: -1,
  disbursed: 1,
};

/** The account debited and the account credited by each kind of entry. */
export function accountsOf(kind: EntryKind, revolving: boolean): { debit: FundAccount; credit: FundAccount } {
  switch (kind) {
    case 'contribution':
      return { debit: 'available', credit: 'contributions' };
    case 'pledge':
      return { debit: 'pledges', credit: 'contributions' };
    case 'pledge_payment':
      return { debit: 'available', credit: 'pledges' };
    case 'commitment':
      return { debit: 'committed', credit: 'available' };
    case 'decommitment':
      return { debit: 'available', credit: 'committed' };
    case 'disbursement':
      // A revolving fund advances money that is to come back; any other fund spends it.
      return { debit: revolving ? 'advances' : 'disbursed', credit: 'committed' };
    case 'reimbursement':
      if (!revolving) throw new DomainError('invalid_transition', 'Only a revolving fund takes reimbursements.');
      return { debit: 'available', credit: 'advances' };
  }
}

/** Creates the accounts of a new fund, all at zero. */
export async function openAccounts(trx: Trx, fundId: string): Promise<void> {
  await trx
    .insertInto('fund_accounts')
    .values(
      FUND_ACCOUNTS.map((code) => ({
        id: randomUUID(),
        fund_id: fundId,
        code,
        normal_side: NORMAL_SIDE[code],
        balance_minor: 0,
        line_count: 0,
        last_posted_at: null,
      })),
    )
    .execute();
}

export type Posting = {
  kind: EntryKind;
  amountMinor: number;
  usdRate: string;
  counterparty: string;
  counterpartyCountry?: string | null;
  requestId?: string | null;
  reference?: string | null;
  postedBy: string | null;
};

/** The most an account holds, in minor units (the contracts' Money: 9,999,999,999,999.99). */
const MAX_BALANCE_MINOR = 999_999_999_999_999;

/**
 * Posts one entry in the caller's transaction: the entry, then each account's guarded balance update (in a fixed
 * order, so two postings never wait on each other in opposite orders), then the lines with the balances after.
 * Throws insufficient_funds when an account would go below zero; the transaction then rolls back whole.
 */
export async function postEntry(trx: Trx, fund: FundRow, p: Posting, now: Date): Promise<FundEntryRow> {
  const { debit, credit } = accountsOf(p.kind, fund.revolving === 1);
  const accounts = await trx
    .selectFrom('fund_accounts')
    .select(['id', 'code', 'normal_side'])
    .where('fund_id', '=', fund.id)
    .where('code', 'in', [debit, credit])
    .execute();
  const entry: FundEntryRow = {
    id: randomUUID(),
    fund_id: fund.id,
    kind: p.kind,
    amount_minor: p.amountMinor,
    currency: fund.currency,
    usd_rate: p.usdRate,
    amount_usd_minor: usdMinorOf(p.amountMinor, p.usdRate),
    counterparty: p.counterparty,
    counterparty_country: p.counterpartyCountry ?? null,
    request_id: p.requestId ?? null,
    reference: p.reference ?? null,
    posted_by: p.postedBy,
    posted_at: now.toISOString(),
  };
  await trx.insertInto('fund_entries').values(entry).execute();
  const at = now.toISOString();
  const ordered = [...accounts].sort((a, b) => (a.id < b.id ? -1 : 1));
  const lines = [];
  for (const acc of ordered) {
    const signed = acc.code === debit ? p.amountMinor : -p.amountMinor;
    const delta = acc.normal_side * signed;
    const moved = await trx
      .updateTable('fund_accounts')
      .set({
        balance_minor: sql`balance_minor + ${delta}`,
        line_count: sql`line_count + 1`,
        // Lines of an account stay in time order even when a later clock reading commits first.
        last_posted_at: sql`case when last_posted_at is not null and last_posted_at > ${at} then last_posted_at else ${at} end`,
      })
      .where('id', '=', acc.id)
      .where(sql<number>`balance_minor + ${delta}`, '>=', 0)
      .where(sql<number>`balance_minor + ${delta}`, '<=', MAX_BALANCE_MINOR)
      .returning(['balance_minor', 'line_count', 'last_posted_at'])
      .executeTakeFirst();
    const held = moved
      ? null
      : await trx.selectFrom('fund_accounts').select('balance_minor').where('id', '=', acc.id).executeTakeFirst();
    if (held && Number(held.balance_minor) + delta > MAX_BALANCE_MINOR)
      throw new DomainError(
        'conflict',
        `The ${acc.code} account of the fund would hold more than 9999999999999.99, the most Corridor records.`,
      );
    if (!moved) {
      throw new DomainError(
        'insufficient_funds',
        acc.code === 'available'
          ? 'The fund has not enough available money for this.'
          : `The ${acc.code} account of the fund cannot go below zero.`,
      );
    }
    lines.push({
      account_id: acc.id,
      line_no: Number(moved.line_count),
      entry_id: entry.id,
      amount_minor: signed,
      balance_after_minor: Number(moved.balance_minor),
      posted_at: moved.last_posted_at ?? at,
    });
  }
  await trx.insertInto('fund_lines').values(lines).execute();
  return entry;
}

export type Balances = Record<FundAccount, number>;

/** Every account's balance now (minor units). */
export async function currentBalances(db: Db, fundId: string): Promise<Balances> {
  const rows = await db
    .selectFrom('fund_accounts')
    .select(['code', 'balance_minor'])
    .where('fund_id', '=', fundId)
    .execute();
  const out = Object.fromEntries(FUND_ACCOUNTS.map((a) => [a, 0])) as Balances;
  for (const r of rows) out[r.code as FundAccount] = Number(r.balance_minor);
  return out;
}

/**
 * Every account's balance at a moment: per account, the balance after its last line at or before `at`, one
 * index seek on (account_id, posted_at, line_no) whatever the number of lines; one statement for all accounts.
 */
export async function balancesAt(db: Db, fundId: string, at: Date): Promise<Balances> {
  const iso = at.toISOString();
  const rows = await db
    .selectFrom('fund_accounts as a')
    .select((eb) => [
      'a.code',
      eb
        .selectFrom('fund_lines as l')
        .select('l.balance_after_minor')
        .whereRef('l.account_id', '=', 'a.id')
        .where('l.posted_at', '<=', iso)
        .orderBy('l.posted_at', 'desc')
        .orderBy('l.line_no', 'desc')
        .limit(1)
        .as('balance'),
    ])
    .where('a.fund_id', '=', fundId)
    .execute();
  const out = Object.fromEntries(FUND_ACCOUNTS.map((a) => [a, 0])) as Balances;
  for (const r of rows) out[r.code as FundAccount] = r.balance === null ? 0 : Number(r.balance);
  return out;
}
