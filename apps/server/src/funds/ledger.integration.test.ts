// Property test of the ledger on both engines: any sequence of postings (some refused for want of money) leaves
// every account at the sum of its lines, never below zero, every entry balanced, and the balance at any moment
// (one index seek) equal to summing the lines up to that moment. Refused postings leave nothing behind.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { type EntryKind, FUND_ACCOUNTS } from '@corridor/contracts';
import fc from 'fast-check';
import { buildOrganisation, engines, startTestApp, type TestApp } from '../../test/harness.ts';
import type { Principal } from '../http/principal.ts';
import { createFund } from './funds.service.ts';
import { balancesAt, currentBalances, postEntry } from './ledger.ts';

const KINDS: EntryKind[] = [
  'contribution',
  'pledge',
  'pledge_payment',
  'commitment',
  'decommitment',
  'disbursement',
  'reimbursement',
];

for (const { engine, skip } of engines()) {
  describe(`ledger properties (${engine})`, { skip }, () => {
    let t: TestApp;
    let p: Principal;
    before(async () => {
      t = await startTestApp(engine);
      const org = await buildOrganisation(t);
      p = {
        kind: 'session',
        userId: randomUUID(),
        id: randomUUID(),
        organisationId: org.id,
        roles: ['fund_manager'],
        secondFactor: 'none',
      };
    });
    after(() => t?.close());

    test('balances equal the lines, never go negative, and the balance at any moment is the sum up to it', async () => {
      const db = t.deps.database.db;
      await fc.assert(
        fc.asyncProperty(
          fc.boolean(),
          fc.array(
            fc.record({
              kind: fc.constantFrom(...KINDS),
              amount: fc.integer({ min: 1, max: 5_000 }),
              gap: fc.integer({ min: 0, max: 3_600_000 }),
            }),
            {
              minLength: 1,
              maxLength: 25,
            },
          ),
          async (revolving, ops) => {
            const fund = await db.transaction().execute((trx) =>
              createFund(
                trx,
                p,
                {
                  code: `P-${randomUUID().slice(0, 8).toUpperCase()}`,
                  name: 'Property fund',
                  kind: revolving ? 'emergency_revolving' : 'development',
                  currency: 'USD',
                  approvalLimits: [{ role: 'fund_manager', limitUsd: '1' }],
                },
                new Date('2026-01-01T00:00:00Z'),
              ),
            );
            let clock = Date.parse('2026-01-01T00:00:00Z');
            const moments: Date[] = [];
            let accepted = 0;
            for (const op of ops) {
              clock += op.gap;
              const ok = await db
                .transaction()
                .execute((trx) =>
                  postEntry(
                    trx,
                    fund,
                    { kind: op.kind, amountMinor: op.amount, usdRate: '1', counterparty: 'X', postedBy: null },
                    new Date(clock),
                  ),
                )
                .then(
                  () => true,
                  (err: { code?: string }) => {
                    assert.ok(err.code === 'insufficient_funds' || err.code === 'invalid_transition', String(err));
                    return false;
                  },
                );
              if (ok) accepted++;
              moments.push(new Date(clock));
            }
            const entries = await db.selectFrom('fund_entries').select('id').where('fund_id', '=', fund.id).execute();
            assert.equal(entries.length, accepted, 'refused postings leave no entry');
            const now = await currentBalances(db, fund.id);
            const accounts = await db.selectFrom('fund_accounts').selectAll().where('fund_id', '=', fund.id).execute();
            for (const a of accounts) {
              const lines = await db.selectFrom('fund_lines').selectAll().where('account_id', '=', a.id).execute();
              // `|| 0`: a credit-normal account with no lines gives -0, which is 0.
              const sum = lines.reduce((s, l) => s + Number(l.amount_minor), 0) * a.normal_side || 0;
              assert.equal(sum, Number(a.balance_minor));
              assert.ok(Number(a.balance_minor) >= 0);
              for (const l of lines) assert.ok(Number(l.balance_after_minor) >= 0);
            }
            for (const m of moments) {
              const at = await balancesAt(db, fund.id, m);
              for (const code of FUND_ACCOUNTS) {
                const acc = accounts.find((a) => a.code === code)!;
                const lines = await db
                  .selectFrom('fund_lines')
                  .select('amount_minor')
                  .where('account_id', '=', acc.id)
                  .where('posted_at', '<=', m.toISOString())
                  .execute();
                assert.equal(
                  at[code],
                  lines.reduce((s, l) => s + Number(l.amount_minor), 0) * acc.normal_side || 0,
                  `${code} at ${m.toISOString()}`,
                );
              }
            }
            const last = moments[moments.length - 1]!;
            assert.deepEqual(await balancesAt(db, fund.id, last), now);
            const unbalanced = await db
              .selectFrom('fund_lines')
              .innerJoin('fund_entries', 'fund_entries.id', 'fund_lines.entry_id')
              .select('fund_lines.entry_id')
              .where('fund_entries.fund_id', '=', fund.id)
              .groupBy('fund_lines.entry_id')
              .having((eb) => eb.fn.sum('fund_lines.amount_minor'), '!=', 0)
              .execute();
            assert.deepEqual(unbalanced, []);
          },
        ),
        { numRuns: engine === 'postgres' ? 15 : 30 },
      );
    });
  });
}
