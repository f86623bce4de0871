// Funds on both engines: the double-entry ledger (lines sum to zero, balances never negative, balance at any
// moment), the approval workflow with limits per role, release with the measured time to release, and the FTS
// and IATI exports (the IATI file is checked with xmllint against the schema subset, see docs/operations.md).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildOrganisation, engines, startTestApp, type TestApp } from '../../test/harness.ts';
import { as, buildMember, type Member } from '../beneficiaries/beneficiaries.fixtures.ts';
import { crisisBody, fundBody, projectBody, reportBody, requestBody } from './funds.fixtures.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The IATI schema the export is checked against (a subset written for Corridor: see the file's header). */
export const IATI_XSD = path.resolve(here, '../../test/iati/iati-activities-2.03-subset.xsd');
const SAMPLE = path.resolve(here, '../../../../../shared/data/samples/iati-activity-2.03.xml');

/** Validates an XML document with xmllint against the IATI schema; returns xmllint's verdict. */
export function xmllint(xml: string): { ok: boolean; output: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corridor-iati-'));
  const file = path.join(dir, 'activities.xml');
  fs.writeFileSync(file, xml);
  try {
    const out = execFileSync('xmllint', ['--noout', '--schema', IATI_XSD, file], { stdio: 'pipe' });
    return { ok: true, output: out.toString() };
  } catch (err) {
    const e = err as { stderr?: Buffer };
    return { ok: false, output: e.stderr?.toString() ?? String(err) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const HOUR = 3_600_000;

for (const { engine, skip } of engines()) {
  describe(`funds (${engine})`, { skip }, () => {
    let t: TestApp;
    let manager: Member;
    let manager2: Member;
    let admin: Member;
    let caseworker: Member;
    let analyst: Member;
    let otherOrgManager: Member;
    let otherOfficer: Member;
    let orgId: string;
    let crisisId: string;
    before(async () => {
      // Sessions outlive the hours the clock is moved on (time to release is measured in hours).
      t = await startTestApp(engine, {
        env: { CORRIDOR_SESSION_IDLE_MINUTES: '1440', CORRIDOR_SESSION_ABSOLUTE_HOURS: '168' },
      });
      const org = await buildOrganisation(t, { name: 'Example International Organisation' });
      orgId = org.id;
      manager = await buildMember(t, org.id, ['fund_manager']);
      manager2 = await buildMember(t, org.id, ['fund_manager']);
      admin = await buildMember(t, org.id, ['admin']);
      caseworker = await buildMember(t, org.id, ['caseworker']);
      analyst = await buildMember(t, org.id, ['analyst']);
      const other = await buildOrganisation(t);
      otherOrgManager = await buildMember(t, other.id, ['fund_manager']);
      otherOfficer = await buildMember(t, other.id, ['operations_officer']);
      const officer = await buildMember(t, org.id, ['operations_officer']);
      const crisis = await as(t, officer, 'POST', '/api/crises', crisisBody());
      assert.equal(crisis.statusCode, 201, crisis.body);
      crisisId = crisis.json().id;
    });
    after(() => t?.close());

    async function newFund(body = fundBody()) {
      const res = await as(t, manager, 'POST', '/api/funds', body);
      assert.equal(res.statusCode, 201, res.body);
      return res.json() as { id: string; currency: string; revolving: boolean };
    }
    async function receive(fundId: string, kind: string, amount: string, usdRate = '1') {
      return as(t, manager, 'POST', `/api/funds/${fundId}/receipts`, { kind, donor: 'Example Donor', amount, usdRate });
    }
    async function request(fundId: string, o: Record<string, unknown> = {}) {
      const res = await as(t, caseworker, 'POST', `/api/funds/${fundId}/requests`, requestBody(crisisId, o));
      assert.equal(res.statusCode, 201, res.body);
      return res.json() as { id: string; status: string; amountUsd: string };
    }
    const balances = async (fundId: string, at?: string) => {
      const res = await as(
        t,
        manager,
        'GET',
        `/api/funds/${fundId}/balance${at ? `?at=${encodeURIComponent(at)}` : ''}`,
      );
      assert.equal(res.statusCode, 200, res.body);
      return res.json() as Record<string, string>;
    };

    test('money in: contributions, pledges and payments post balanced entries; balances at any moment', async () => {
      const f = await newFund(fundBody({ kind: 'stranded_migrant_assistance', currency: 'EUR' }));
      const before1 = t.clock.now().toISOString();
      t.clock.advance(HOUR);
      assert.equal((await receive(f.id, 'contribution', '1000.00', '1.08')).statusCode, 201);
      const afterContribution = t.clock.now().toISOString();
      t.clock.advance(HOUR);
      const pledge = await receive(f.id, 'pledge', '500', '1.08');
      assert.equal(pledge.statusCode, 201);
      assert.deepEqual(
        pledge.json().lines.map((l: { account: string; amount: string }) => [l.account, l.amount]),
        [
          ['pledges', '500.00'],
          ['contributions', '-500.00'],
        ],
      );
      assert.equal(pledge.json().amountUsd, '540.00');
      t.clock.advance(HOUR);
      // A payment against a pledge cannot be more than was pledged.
      const over = await receive(f.id, 'pledge_payment', '600', '1.08');
      assert.equal(over.statusCode, 409);
      assert.equal(over.json().code, 'insufficient_funds');
      assert.equal((await receive(f.id, 'pledge_payment', '200', '1.08')).statusCode, 201);
      // A reimbursement is only for a revolving fund.
      assert.equal((await receive(f.id, 'reimbursement', '1')).json().code, 'invalid_transition');

      const now = await balances(f.id);
      assert.equal(now.available, '1200.00');
      assert.equal(now.pledges, '300.00');
      assert.equal(now.contributions, '1500.00');
      assert.equal(now.balance, '1200.00');
      assert.equal((await balances(f.id, before1)).available, '0.00');
      const then = await balances(f.id, afterContribution);
      assert.equal(then.available, '1000.00');
      assert.equal(then.pledges, '0.00');

      // Every entry's lines sum to zero, and no line leaves an account below zero.
      const db = t.deps.database.db;
      const sums = await db
        .selectFrom('fund_lines')
        .innerJoin('fund_entries', 'fund_entries.id', 'fund_lines.entry_id')
        .select((eb) => [
          'fund_lines.entry_id',
          eb.fn.sum<number>('fund_lines.amount_minor').as('total'),
          eb.fn.countAll<number>().as('n'),
        ])
        .where('fund_entries.fund_id', '=', f.id)
        .groupBy('fund_lines.entry_id')
        .execute();
      assert.equal(sums.length, 3, 'the refused postings left nothing behind');
      for (const s of sums) {
        assert.equal(Number(s.total), 0);
        assert.equal(Number(s.n), 2);
      }
    });

    test('approval within limits, a second approver above them, release with the time to release', async () => {
      const f = await newFund(fundBody({ kind: 'trafficking_victim_assistance' }));
      assert.equal((await receive(f.id, 'contribution', '50000')).statusCode, 201);
      const small = await request(f.id, { amount: '2500' });
      assert.equal(small.status, 'requested');

      // Nobody approves their own request; a caseworker may not approve at all.
      const self = await as(t, manager, 'POST', `/api/funds/${f.id}/requests`, requestBody(crisisId, { amount: '10' }));
      assert.equal((await as(t, manager, 'POST', `/api/fund-requests/${self.json().id}/approve`)).statusCode, 403);
      assert.equal((await as(t, caseworker, 'POST', `/api/fund-requests/${small.id}/approve`)).statusCode, 403);
      // Release needs an approval first.
      assert.equal(
        (await as(t, manager, 'POST', `/api/fund-requests/${small.id}/release`)).json().code,
        'invalid_transition',
      );

      t.clock.advance(5 * HOUR);
      const ok = await as(t, manager, 'POST', `/api/fund-requests/${small.id}/approve`);
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(ok.json().status, 'approved');
      assert.equal((await balances(f.id)).committed, '2500.00');
      t.clock.advance(3 * HOUR);
      const released = await as(t, manager, 'POST', `/api/fund-requests/${small.id}/release`);
      assert.equal(released.statusCode, 200, released.body);
      assert.equal(released.json().status, 'released');
      assert.equal(released.json().releaseSeconds, 8 * 3600);
      const b = await balances(f.id);
      assert.equal(b.committed, '0.00');
      assert.equal(b.disbursed, '2500.00');
      assert.equal(b.available, '47500.00');

      // Above the fund manager's USD 10,000: the first approval is one of two; another manager cannot finish it.
      const big = await request(f.id, { amount: '20000' });
      const first = await as(t, manager, 'POST', `/api/fund-requests/${big.id}/approve`);
      assert.equal(first.json().status, 'awaiting_second_approval');
      assert.equal((await balances(f.id)).committed, '0.00', 'nothing is committed before the final approval');
      assert.equal((await as(t, manager, 'POST', `/api/fund-requests/${big.id}/approve`)).statusCode, 403);
      const second = await as(t, manager2, 'POST', `/api/fund-requests/${big.id}/approve`);
      assert.equal(second.statusCode, 403);
      assert.equal(second.json().code, 'approval_limit_exceeded');
      const final = await as(t, admin, 'POST', `/api/fund-requests/${big.id}/approve`);
      assert.equal(final.statusCode, 200, final.body);
      assert.equal(final.json().status, 'approved');
      assert.deepEqual(
        final.json().approvals.map((a: { role: string }) => a.role),
        ['fund_manager', 'admin'],
      );
      // Cancelling approved money puts it back.
      const cancelled = await as(t, caseworker, 'POST', `/api/fund-requests/${big.id}/cancel`);
      assert.equal(cancelled.json().status, 'cancelled');
      assert.equal((await balances(f.id)).available, '47500.00');

      const figures = await as(t, manager, 'GET', `/api/fund-figures?from=2026-01-01&to=2026-12-31&fundId=${f.id}`);
      assert.equal(figures.statusCode, 200, figures.body);
      assert.equal(figures.json().releasedCount, 1);
      assert.equal(figures.json().releasedUsd, '2500.00');
      assert.equal(figures.json().timeToRelease.medianHours, 8);

      // Another organisation sees none of it.
      assert.equal((await as(t, otherOrgManager, 'GET', `/api/fund-requests/${small.id}`)).statusCode, 404);
      assert.equal((await as(t, otherOrgManager, 'GET', `/api/funds/${f.id}/ledger`)).statusCode, 404);
    });

    test('approval is refused when the fund has not enough available, and nothing is written', async () => {
      const f = await newFund(fundBody({ kind: 'development' }));
      assert.equal((await receive(f.id, 'contribution', '100')).statusCode, 201);
      const r = await request(f.id, { amount: '150' });
      const res = await as(t, manager, 'POST', `/api/fund-requests/${r.id}/approve`);
      assert.equal(res.statusCode, 409);
      assert.equal(res.json().code, 'insufficient_funds');
      const again = await as(t, manager, 'GET', `/api/fund-requests/${r.id}`);
      assert.equal(again.json().status, 'requested');
      assert.equal((await balances(f.id)).available, '100.00');
      const ledger = await as(t, manager, 'GET', `/api/funds/${f.id}/ledger`);
      assert.equal(ledger.json().items.length, 1);
    });

    test('a revolving fund advances money and takes reimbursements up to what is outstanding', async () => {
      const f = await newFund();
      assert.equal(f.revolving, true);
      assert.equal((await receive(f.id, 'contribution', '1000')).statusCode, 201);
      const r = await request(f.id, { amount: '400' });
      assert.equal((await as(t, manager, 'POST', `/api/fund-requests/${r.id}/approve`)).statusCode, 200);
      assert.equal((await as(t, manager, 'POST', `/api/fund-requests/${r.id}/release`)).statusCode, 200);
      let b = await balances(f.id);
      assert.equal(b.advances, '400.00');
      assert.equal(b.disbursed, '0.00');
      assert.equal((await receive(f.id, 'reimbursement', '500')).json().code, 'insufficient_funds');
      assert.equal((await receive(f.id, 'reimbursement', '400')).statusCode, 201);
      b = await balances(f.id);
      assert.equal(b.advances, '0.00');
      assert.equal(b.available, '1000.00');
    });

    test('requests are for a crisis, a case or a project, and the case or project must be the caller’s', async () => {
      const f = await newFund();
      const none = await as(t, caseworker, 'POST', `/api/funds/${f.id}/requests`, requestBody(null));
      assert.equal(none.statusCode, 400);
      const ghost = await as(
        t,
        caseworker,
        'POST',
        `/api/funds/${f.id}/requests`,
        requestBody(null, { projectId: '00000000-0000-4000-8000-000000000001' }),
      );
      assert.equal(ghost.statusCode, 422);
      assert.equal(ghost.json().code, 'invalid_reference');
      const ghostCase = await as(
        t,
        caseworker,
        'POST',
        `/api/funds/${f.id}/requests`,
        requestBody(null, { caseId: '00000000-0000-4000-8000-000000000001' }),
      );
      assert.equal(ghostCase.json().code, 'invalid_reference');
      const ghostCrisis = await as(
        t,
        caseworker,
        'POST',
        `/api/funds/${f.id}/requests`,
        requestBody('00000000-0000-4000-8000-000000000001'),
      );
      assert.equal(ghostCrisis.statusCode, 422, ghostCrisis.body);
      assert.equal(ghostCrisis.json().code, 'invalid_reference');
      assert.equal(ghostCrisis.json().errors[0].pointer, '/crisisId');
      // Another organisation's crisis is a crisis a fund may pay for.
      const elsewhere = await as(t, otherOfficer, 'POST', '/api/crises', crisisBody());
      assert.equal(elsewhere.statusCode, 201, elsewhere.body);
      const theirs = await as(t, caseworker, 'POST', `/api/funds/${f.id}/requests`, requestBody(elsewhere.json().id));
      assert.equal(theirs.statusCode, 201, theirs.body);
      const bad = await as(
        t,
        caseworker,
        'POST',
        `/api/funds/${f.id}/requests`,
        requestBody(crisisId, { amount: '-5', usdRate: '0' }),
      );
      assert.equal(bad.statusCode, 400);
      assert.deepEqual(
        bad
          .json()
          .errors.map((e: { pointer: string }) => e.pointer)
          .sort(),
        ['/amount', '/usdRate'],
      );
    });

    test('an analyst gets the figures of requests without what they are for, whom they pay or their case', async () => {
      const f = await newFund();
      assert.equal((await receive(f.id, 'contribution', '1000')).statusCode, 201);
      const r = await request(f.id, { purpose: 'Rent for a survivor', recipient: 'Amina Haddad' });
      assert.equal((await as(t, manager, 'POST', `/api/fund-requests/${r.id}/approve`)).statusCode, 200);

      const one = await as(t, analyst, 'GET', `/api/fund-requests/${r.id}`);
      assert.equal(one.statusCode, 200, one.body);
      assert.deepEqual([one.json().purpose, one.json().recipient, one.json().caseId], [null, null, null]);
      assert.equal(one.json().amount, '100.00');
      const list = await as(t, analyst, 'GET', `/api/fund-requests?fundId=${f.id}`);
      assert.equal(list.statusCode, 200, list.body);
      assert.ok(!list.body.includes('Amina') && !list.body.includes('survivor'), list.body);
      const ledger = await as(t, analyst, 'GET', `/api/funds/${f.id}/ledger`);
      assert.equal(ledger.statusCode, 200, ledger.body);
      const entries = ledger.json().items as { kind: string; counterparty: string | null }[];
      assert.deepEqual(entries.map((e) => [e.kind, e.counterparty]).sort(), [
        ['commitment', null],
        ['contribution', 'Example Donor'],
      ]);

      // Those who request, approve or release money read them.
      for (const who of [caseworker, manager, admin]) {
        const seen = await as(t, who, 'GET', `/api/fund-requests/${r.id}`);
        assert.equal(seen.json().recipient, 'Amina Haddad');
        assert.equal(seen.json().purpose, 'Rent for a survivor');
      }
      const managerLedger = await as(t, manager, 'GET', `/api/funds/${f.id}/ledger?kind=commitment`);
      assert.equal(managerLedger.json().items[0].counterparty, 'Amina Haddad');
    });

    test('bad amounts are refused at their field: zero, an unknown field, a USD equivalent too large to add up', async () => {
      const f = await newFund();
      const zero = await as(t, manager, 'POST', `/api/funds/${f.id}/receipts`, {
        kind: 'contribution',
        donor: 'Example Donor',
        amount: '0.00',
        usdRate: '1',
      });
      assert.equal(zero.statusCode, 400, zero.body);
      assert.equal(zero.json().errors[0].pointer, '/amount');
      assert.match(zero.json().errors[0].message, /above zero/);
      const zeroRequest = await as(
        t,
        caseworker,
        'POST',
        `/api/funds/${f.id}/requests`,
        requestBody(crisisId, { amount: '0' }),
      );
      assert.equal(zeroRequest.statusCode, 400);
      assert.equal(zeroRequest.json().errors[0].pointer, '/amount');
      // An amount written right but above the largest Corridor records is too big, with that maximum (for the web
      // to word), not a malformed amount.
      const tooBig = await as(
        t,
        caseworker,
        'POST',
        `/api/funds/${f.id}/requests`,
        requestBody(crisisId, { amount: '10000000000000.00' }),
      );
      assert.equal(tooBig.statusCode, 400, tooBig.body);
      assert.deepEqual(
        tooBig
          .json()
          .errors.map((e: { pointer: string; code: string; params?: unknown }) => [e.pointer, e.code, e.params]),
        [['/amount', 'too_big', { maximum: 9999999999999.99, origin: 'number', inclusive: true }]],
      );
      const extra = await as(t, manager, 'POST', `/api/funds/${f.id}/receipts`, {
        kind: 'contribution',
        donor: 'Example Donor',
        amount: '10.00',
        usdRate: '1',
        postedAt: '2000-01-01T00:00:00Z',
      });
      assert.equal(extra.statusCode, 400, 'an unknown field is refused, not ignored');
      const huge = await as(t, manager, 'POST', `/api/funds/${f.id}/receipts`, {
        kind: 'contribution',
        donor: 'Example Donor',
        amount: '9999999999999.99',
        usdRate: '999999.999999999',
      });
      assert.equal(huge.statusCode, 400, huge.body);
      assert.equal(huge.json().errors[0].pointer, '/amount');
      assert.equal((await balances(f.id)).available, '0.00', 'nothing was posted');
      const backwards = await as(t, manager, 'GET', '/api/fund-figures?from=2027-01-01&to=2020-01-01');
      assert.equal(backwards.statusCode, 400);
      assert.equal(backwards.json().errors[0].pointer, '/to');
    });

    test('FTS flows and IATI 2.03 XML (valid against the schema with xmllint); exports are audited', async () => {
      const f = await newFund(fundBody({ name: 'Migrant Emergency Funding Mechanism' }));
      assert.equal((await receive(f.id, 'pledge', '1380000', '1.0869565')).statusCode, 201);
      assert.equal((await receive(f.id, 'pledge_payment', '1380000', '1.0869565')).statusCode, 201);
      const donor = { kind: 'contribution', donor: 'Donor & <Partners>', amount: '10', usdRate: '1' };
      assert.equal((await as(t, manager, 'POST', `/api/funds/${f.id}/receipts`, donor)).statusCode, 201);
      const r = await request(f.id, { amount: '200000', usdRate: '1', recipient: 'Amina Haddad & <family>' });
      // Above the manager's limit: two approvals.
      await as(t, manager, 'POST', `/api/fund-requests/${r.id}/approve`);
      assert.equal((await as(t, admin, 'POST', `/api/fund-requests/${r.id}/approve`)).statusCode, 200);
      assert.equal((await as(t, manager, 'POST', `/api/fund-requests/${r.id}/release`)).statusCode, 200);

      const fts = await as(t, manager, 'GET', `/api/funds/${f.id}/fts-flows`);
      assert.equal(fts.statusCode, 200, fts.body);
      const flows = fts.json().data.flows as Record<string, unknown>[];
      const sample = JSON.parse(fs.readFileSync(path.resolve(SAMPLE, '../fts-flow-example.json'), 'utf8'));
      for (const key of Object.keys(sample).filter((k) => !k.startsWith('_')))
        assert.ok(key in flows[0]!, `the FTS flow has ${key}`);
      const pledge = flows.find((x) => x.status === 'pledge')!;
      assert.equal(pledge.amountUSD, 1499999.97);
      assert.equal(pledge.boundary, 'incoming');
      const paid = flows.filter((x) => x.boundary === 'outgoing' && x.status === 'paid');
      assert.equal(paid.length, 1);
      assert.ok(
        (paid[0]!.destinationObjects as { type: string; id: string }[]).some(
          (o) => o.type === 'Emergency' && o.id === crisisId,
        ),
      );
      // A request's recipient is free text that may name a person: never published.
      assert.ok(!fts.body.includes('Amina'), 'the recipient is not in the FTS flows');
      assert.ok(
        (paid[0]!.destinationObjects as { type: string; name: string }[]).some(
          (o) => o.type === 'Organization' && o.name === 'Recipient of assistance (withheld)',
        ),
      );
      assert.ok(fts.body.includes('Donor & <Partners>'), 'donors are published');

      const p = await as(t, admin, 'POST', '/api/projects', projectBody({ fundId: f.id }));
      assert.equal(p.statusCode, 201, p.body);
      assert.equal(
        (await as(t, caseworker, 'POST', `/api/projects/${p.json().id}/reports`, reportBody())).statusCode,
        201,
      );

      // Never published under a made-up identifier: until the organisation has its IATI identifier, refused.
      const unset = await as(t, manager, 'POST', '/api/iati/activities/export', {});
      assert.equal(unset.statusCode, 409, unset.body);
      assert.equal(unset.json().code, 'invalid_transition');
      assert.match(unset.json().detail, /IATI identifier/);
      const orgNow = await as(t, admin, 'GET', `/api/organisations/${orgId}`);
      const bad = await as(
        t,
        admin,
        'PATCH',
        `/api/organisations/${orgId}`,
        { iatiIdentifier: 'not an id' },
        {
          'if-match': String(orgNow.headers.etag),
        },
      );
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().errors[0].pointer, '/iatiIdentifier');
      const set = await as(
        t,
        admin,
        'PATCH',
        `/api/organisations/${orgId}`,
        { iatiIdentifier: 'XM-DAC-47066' },
        {
          'if-match': String(orgNow.headers.etag),
        },
      );
      assert.equal(set.statusCode, 200, set.body);
      assert.equal(set.json().iatiIdentifier, 'XM-DAC-47066');

      const iati = await as(t, manager, 'POST', '/api/iati/activities/export', {});
      assert.equal(iati.statusCode, 200, iati.body);
      assert.match(iati.body, /<iati-identifier>XM-DAC-47066-/);
      assert.match(iati.body, /<reporting-org ref="XM-DAC-47066"/);
      assert.match(String(iati.headers['content-type']), /application\/xml/);
      const verdict = xmllint(iati.body);
      assert.ok(verdict.ok, verdict.output);
      assert.match(iati.body, /<transaction-type code="13"\/>/);
      assert.match(iati.body, /<transaction-type code="3"\/>/);
      assert.match(iati.body, /<provider-org><narrative>Donor &amp; &lt;Partners&gt;<\/narrative>/);
      assert.ok(!iati.body.includes('Amina'), 'the recipient of a request is not published');
      assert.match(iati.body, /<recipient-country code="SS" percentage="100"\/>/);
      assert.match(iati.body, /<actual value="425"\/>/);
      // The checker is real: the reference sample passes, a document with elements out of order fails.
      assert.ok(xmllint(fs.readFileSync(SAMPLE, 'utf8')).ok);
      const broken = iati.body.replace(/<title>(.*?)<\/title>(<description.*?<\/description>)/, '$2<title>$1</title>');
      assert.equal(xmllint(broken).ok, false);

      const audits = await t.deps.database.db
        .selectFrom('audit_log')
        .select('action')
        .where('action', 'in', ['export.fts', 'export.iati'])
        .execute();
      assert.equal(audits.length, 2);
    });
  });
}
