// The figure of issue #7: concurrent disbursements never overdraw. 1,000 simultaneous approvals (each commits
// 1.00 of the fund's available money) against a balance of 25.00, over real HTTP against a listening server, each
// from its own connection: exactly 25 succeed, the rest are refused as insufficient_funds, and no account or line
// of the ledger is ever below zero. Then the same at the ledger itself: 1,000 concurrent postings in their own
// transactions (on PostgreSQL over a pool of connections, so the row lock of the guarded update is what decides).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CreateCrisis } from '@corridor/contracts';
import { buildOrganisation, engines, idemKey, startTestApp, type TestApp } from '../../test/harness.ts';
import { buildMember } from '../beneficiaries/beneficiaries.fixtures.ts';
import { createCrisis } from '../crises/crises.service.ts';
import type { Principal } from '../http/principal.ts';
import { fundBody } from './funds.fixtures.ts';
import { createRequest } from './funds.requests.ts';
import { getFund, postReceipt } from './funds.service.ts';
import { postEntry } from './ledger.ts';

const REQUESTS = 1000;

for (const { engine, skip } of engines()) {
  describe(`concurrent disbursements (${engine})`, { skip }, () => {
    let t: TestApp;
    let base: string;
    let token: string;
    let fundId: string;
    let requester: Principal;
    before(async () => {
      t = await startTestApp(engine);
      const org = await buildOrganisation(t);
      // An administrator creates API tokens; the token itself carries only the fund manager's role.
      const manager = await buildMember(t, org.id, ['fund_manager', 'admin']);
      const clerk = await buildMember(t, org.id, ['caseworker']);
      requester = {
        kind: 'session',
        userId: clerk.id,
        id: clerk.id,
        organisationId: org.id,
        roles: ['caseworker'],
        secondFactor: 'none',
      };
      const f = await t.app.inject({
        method: 'POST',
        url: '/api/funds',
        headers: { ...manager.session.headers, 'idempotency-key': idemKey() },
        payload: fundBody({ kind: 'stranded_migrant_assistance' }),
      });
      assert.equal(f.statusCode, 201, f.body);
      fundId = f.json().id;
      const tok = await t.app.inject({
        method: 'POST',
        url: '/api/tokens',
        headers: manager.session.headers,
        payload: { name: 'load', roles: ['fund_manager'], expiresInDays: 1 },
      });
      assert.equal(tok.statusCode, 201, tok.body);
      token = tok.json().secret;
      base = await t.app.listen({ port: 0, host: '127.0.0.1', backlog: 2048 });
    });
    after(() => t?.close());

    async function assertLedgerSound() {
      const db = t.deps.database.db;
      const negative = await db
        .selectFrom('fund_lines')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('balance_after_minor', '<', 0)
        .executeTakeFirstOrThrow();
      assert.equal(Number(negative.n), 0);
      const accounts = await db.selectFrom('fund_accounts').selectAll().where('fund_id', '=', fundId).execute();
      for (const a of accounts) {
        assert.ok(Number(a.balance_minor) >= 0);
        // The running balance of the last line is the account's balance; the lines add up to it.
        const lines = await db
          .selectFrom('fund_lines')
          .select((eb) => [eb.fn.sum<number>('amount_minor').as('sum'), eb.fn.countAll<number>().as('n')])
          .where('account_id', '=', a.id)
          .executeTakeFirstOrThrow();
        assert.equal(Number(lines.sum ?? 0) * a.normal_side, Number(a.balance_minor), a.code);
        assert.equal(Number(lines.n), Number(a.line_count), a.code);
      }
    }

    test(`${REQUESTS} simultaneous approvals against 25.00 available commit exactly 25.00`, async () => {
      const { ids } = await t.deps.database.db.transaction().execute(async (trx) => {
        const fund = await getFund(trx, requester, fundId);
        await postReceipt(
          trx,
          requester,
          fund,
          { kind: 'contribution', donor: 'Donor', donorCountry: null, amount: '25.00', usdRate: '1', reference: null },
          t.clock.now(),
        );
        const crisis = await createCrisis(
          trx,
          requester,
          {
            code: 'CONC-1',
            name: 'Stranded migrants',
            country: 'IRQ',
            areas: ['IQG01'],
            startedOn: '2026-06-01',
            emergencyLevel: 'L2',
          } as CreateCrisis,
          t.clock.now(),
        );
        const out: string[] = [];
        for (let i = 0; i < REQUESTS; i++) {
          const r = await createRequest(
            trx,
            requester,
            fund,
            {
              purpose: 'Stranded migrant',
              recipient: 'Shelter',
              amount: '1.00',
              usdRate: '1',
              crisisId: crisis.id,
              caseId: null,
              projectId: null,
            },
            t.clock.now(),
          );
          out.push(r.id);
        }
        return { ids: out };
      });
      const results = await Promise.all(
        ids.map(async (id) => {
          try {
            const res = await fetch(`${base}/api/fund-requests/${id}/approve`, {
              method: 'POST',
              headers: { authorization: `Bearer ${token}`, connection: 'close' },
            });
            const body = (await res.json()) as { code?: string };
            return { status: res.status, code: body.code ?? null };
          } catch (err) {
            return { status: 0, code: String((err as { cause?: { code?: string } }).cause?.code ?? err) };
          }
        }),
      );
      const approved = results.filter((r) => r.status === 200).length;
      const refused = results.filter((r) => r.status === 409 && r.code === 'insufficient_funds').length;
      const other = results.filter((r) => r.status !== 200 && !(r.status === 409 && r.code === 'insufficient_funds'));
      assert.deepEqual(other, [], 'every request was either approved or refused for insufficient funds');
      assert.equal(approved, 25);
      assert.equal(refused, REQUESTS - 25);
      const acc = await t.deps.database.db
        .selectFrom('fund_accounts')
        .select(['code', 'balance_minor'])
        .where('fund_id', '=', fundId)
        .where('code', 'in', ['available', 'committed'])
        .orderBy('code')
        .execute();
      assert.deepEqual(
        acc.map((a) => [a.code, Number(a.balance_minor)]),
        [
          ['available', 0],
          ['committed', 2500],
        ],
      );
      await assertLedgerSound();
    });

    test(`${REQUESTS} concurrent disbursement postings in their own transactions never overdraw`, async () => {
      const db = t.deps.database.db;
      const fund = await getFund(db, requester, fundId);
      // 25.00 committed from the test above: 1,000 disbursements of 0.10 can release at most 250 of them.
      const outcomes = await Promise.all(
        Array.from({ length: REQUESTS }, () =>
          db
            .transaction()
            .execute((trx) =>
              postEntry(
                trx,
                fund,
                { kind: 'disbursement', amountMinor: 10, usdRate: '1', counterparty: 'Shelter', postedBy: null },
                t.clock.now(),
              ),
            )
            .then(
              () => 'ok',
              (err: { code?: string }) => err.code ?? String(err),
            ),
        ),
      );
      assert.equal(outcomes.filter((o) => o === 'ok').length, 250);
      assert.equal(outcomes.filter((o) => o === 'insufficient_funds').length, REQUESTS - 250);
      await assertLedgerSound();
    });
  });
}
