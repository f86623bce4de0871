// Operations exports on both engines: crises with the affected population by nationality and place, a crisis's
// evacuation requests, reintegration plans per returnee and per cohort, and requests for money with their approval
// state and time to release. Each is CSV (with the HXL row, tags from the HXL core schema in ../shared/data/hxl) or
// XLSX; personal columns follow the caller's roles; every export is audited; other organisations get 404.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { buildOrganisation, engines, startTestApp, type TestApp } from '../../test/harness.ts';
import { as, buildMember, type Member } from '../beneficiaries/beneficiaries.fixtures.ts';
import { fundBody, requestBody } from '../funds/funds.fixtures.ts';
import { buildTraveller, ok } from '../movements/movements.fixtures.ts';
import { currentInstrument } from '../reintegration/survey-instrument.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const HXL_DIR = path.resolve(here, '../../../../../shared/data/hxl');
/** The hashtags of the HXL core schema (first column, after the hashtag row). */
const CORE_HASHTAGS = new Set(
  (parse(fs.readFileSync(path.join(HXL_DIR, 'hxl_core_schema_hashtags.hxl.csv'), 'utf8')) as string[][])
    .slice(1)
    .map((r) => r[0]!.trim()),
);

const csv = (res: LightMyRequestResponse) => {
  assert.equal(res.statusCode, 200, res.body);
  assert.match(String(res.headers['content-type']), /^text\/csv/);
  return parse(res.rawPayload.toString('utf8').replace(/^\uFEFF/, '')) as string[][];
};
/** Data rows of a table as objects keyed by column name. */
const records = (rows: string[][]) =>
  rows.slice(2).map((r) => Object.fromEntries(rows[0]!.map((name, i) => [name, r[i] ?? ''])));
/** Every tag of the HXL row is empty or a hashtag of the core schema. */
function assertCoreHxl(rows: string[][]) {
  assert.equal(rows[1]!.length, rows[0]!.length);
  for (const tag of rows[1]!) {
    if (tag === '') continue;
    const hashtag = tag.split('+')[0]!;
    assert.ok(CORE_HASHTAGS.has(hashtag), `${tag} is not a hashtag of the HXL core schema`);
  }
  assert.ok(
    rows[1]!.some((x) => x !== ''),
    'the HXL row has tags',
  );
}

const inst = currentInstrument();
const answers = (k: number) =>
  Object.fromEntries(inst.items.map((i) => [i.code, i.options[Math.min(k, i.options.length - 1)]!.code]));

for (const { engine, skip } of engines()) {
  describe(`operations exports (${engine})`, { skip }, () => {
    let t: TestApp;
    let officer: Member;
    let supervisor: Member;
    let analyst: Member;
    let manager: Member;
    let stranger: Member;
    let crisisId: string;
    const audits = (list: string) =>
      t.deps.database.db
        .selectFrom('audit_log')
        .select(['seq', 'sensitive_read', 'details'])
        .orderBy('seq')
        .where('action', '=', 'export.run')
        .execute()
        .then((rows) => rows.filter((r) => JSON.parse(String(r.details)).list === list));

    before(async () => {
      t = await startTestApp(engine, {
        env: { CORRIDOR_SESSION_IDLE_MINUTES: '1440', CORRIDOR_SESSION_ABSOLUTE_HOURS: '168' },
      });
      t.clock.set(new Date('2026-09-01T08:00:00Z'));
      const org = await buildOrganisation(t, { country: 'IRQ' });
      officer = await buildMember(t, org.id, ['operations_officer']);
      supervisor = await buildMember(t, org.id, ['supervisor', 'caseworker']);
      analyst = await buildMember(t, org.id, ['analyst']);
      manager = await buildMember(t, org.id, ['fund_manager']);
      stranger = await buildMember(t, (await buildOrganisation(t)).id, ['supervisor', 'operations_officer']);
      const c = await ok<{ id: string }>(
        as(t, officer, 'POST', '/api/crises', {
          code: 'IRQ-2026-L3',
          name: 'Northern Iraq conflict',
          country: 'IRQ',
          areas: ['IQG01'],
          startedOn: '2026-06-01',
          emergencyLevel: 'L3',
        }),
        201,
      );
      crisisId = c.id;
      const pop = (nationality: string, pcode: string, people: number, reportedOn: string) =>
        ok(as(t, officer, 'POST', `/api/crises/${c.id}/populations`, { nationality, pcode, people, reportedOn }), 201);
      await pop('ETH', 'IQG01', 400, '2026-06-05');
      await pop('ETH', 'IQG01', 650, '2026-07-05');
      await pop('BGD', 'IQG02', 120, '2026-06-10');
      await ok(
        as(t, officer, 'POST', '/api/crises', {
          code: 'SSD-2026-L2',
          name: 'Juba',
          country: 'SSD',
          areas: [],
          startedOn: '2026-02-01',
          emergencyLevel: 'L2',
        }),
        201,
      );
      for (const [givenName, familyName] of [
        ['Abel', 'Tesfaye'],
        ['Hana', '=HYPERLINK("x")'],
      ])
        await ok(
          as(t, officer, 'POST', `/api/crises/${c.id}/evacuation-requests`, {
            channel: 'individual',
            nationality: 'ETH',
            pcode: 'IQG01',
            givenName,
            familyName,
            dateOfBirth: '1991-03-04',
            phone: '+964 750 000 0001',
          }),
          201,
        );
    });
    after(() => t?.close());

    test('crises with their affected population by nationality and place, latest report of each', async () => {
      const rows = csv(await as(t, analyst, 'POST', '/api/crises/export', { format: 'csv' }));
      assertCoreHxl(rows);
      const recs = records(rows);
      const irq = recs.filter((r) => r.crisis_code === 'IRQ-2026-L3');
      assert.deepEqual(
        irq.map((r) => [r.nationality, r.pcode, r.affected_people, r.reported_on]),
        [
          ['ETH', 'IQG01', '650', '2026-07-05'],
          ['BGD', 'IQG02', '120', '2026-06-10'],
        ],
      );
      assert.equal(irq[0]!.emergency_level, 'L3');
      const ssd = recs.filter((r) => r.crisis_code === 'SSD-2026-L2');
      assert.equal(ssd.length, 1, 'a crisis without reports has one row');
      assert.equal(ssd[0]!.affected_people, '');
      const filtered = records(
        csv(await as(t, analyst, 'POST', '/api/crises/export', { format: 'csv', country: 'SSD' })),
      );
      assert.deepEqual(
        filtered.map((r) => r.crisis_code),
        ['SSD-2026-L2'],
      );
      const xlsx = await as(t, officer, 'POST', '/api/crises/export', { format: 'xlsx' });
      assert.equal(xlsx.statusCode, 200);
      assert.equal(xlsx.rawPayload.subarray(0, 2).toString('latin1'), 'PK');
      // The workbook holds the same table: names, HXL row, and the rows.
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const sheet = book.worksheets[0]!;
      const cells = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1).map(String);
      assert.deepEqual(cells(1), rows[0]);
      assert.deepEqual(cells(2), rows[1]);
      assert.equal(sheet.rowCount, rows.length);
      const strangers = records(csv(await as(t, stranger, 'POST', '/api/crises/export', { format: 'csv' })));
      assert.equal(strangers.length, 0, 'another organisation exports only its own crises');
      assert.equal((await as(t, manager, 'POST', '/api/crises/export', { format: 'csv' })).statusCode, 403);
      const bad = await as(t, analyst, 'POST', '/api/crises/export', { format: 'pdf', level: 'L9' });
      assert.equal(bad.statusCode, 400);
      assert.deepEqual(
        bad
          .json()
          .errors.map((e: { pointer: string }) => e.pointer)
          .sort(),
        ['/format', '/level'],
      );
      assert.ok((await audits('crises')).length >= 4);
    });

    test('evacuation requests: names for the staff who take them, birth date and phone only for case staff', async () => {
      const url = `/api/crises/${crisisId}/evacuation-requests/export`;
      const before = (await audits('evacuation_requests')).length;
      const byOfficer = csv(await as(t, officer, 'POST', url, { format: 'csv' }));
      assertCoreHxl(byOfficer);
      assert.ok(!byOfficer[0]!.includes('phone') && !byOfficer[0]!.includes('date_of_birth'));
      assert.deepEqual(
        records(byOfficer)
          .map((r) => r.given_name)
          .sort(),
        ['Abel', 'Hana'],
      );
      const hana = records(byOfficer).find((r) => r.given_name === 'Hana')!;
      assert.equal(hana.family_name, '\'=HYPERLINK("x")', 'a formula is neutralised');
      assert.ok(!JSON.stringify(byOfficer).includes('+964'), 'no phone number leaves for an operations officer');
      const bySupervisor = records(csv(await as(t, supervisor, 'POST', url, { format: 'csv' })));
      assert.equal(
        bySupervisor.find((r) => r.given_name === 'Abel')!.phone,
        "'+964 750 000 0001",
        'the phone, guarded as every exported cell is',
      );
      assert.equal(bySupervisor.find((r) => r.given_name === 'Abel')!.date_of_birth, '1991-03-04');
      const rows = await audits('evacuation_requests');
      assert.equal(rows.length, before + 2);
      assert.ok(rows.every((r) => Number(r.sensitive_read) === 1));
      assert.deepEqual(JSON.parse(String(rows.at(-1)!.details)).rows, 2);
      assert.equal(records(csv(await as(t, officer, 'POST', url, { format: 'csv', status: 'accepted' }))).length, 0);
      assert.equal((await as(t, stranger, 'POST', url, { format: 'csv' })).statusCode, 404);
      assert.equal((await as(t, analyst, 'POST', url, { format: 'csv' })).statusCode, 403);
      const anonymous = await t.app.inject({ method: 'POST', url, payload: { format: 'csv' } });
      assert.equal(anonymous.statusCode, 401);
    });

    test('reintegration: latest scores per returnee (names by role) and mean scores per cohort', async () => {
      const host = supervisor;
      const plans: string[] = [];
      for (const name of ['Tigist', 'Meron', 'Selam', 'Almaz', 'Ruth', 'Saba']) {
        const b = await buildTraveller(t, host, { givenName: name, familyName: 'Returnee' });
        const c = await ok<{ id: string }>(
          as(t, host, 'POST', '/api/cases', { beneficiaryId: b.id, form: { type: 'avrr', countryOfReturn: 'ETH' } }),
          201,
        );
        const p = await ok<{ id: string }>(
          as(t, host, 'POST', '/api/reintegration/plans', { caseId: c.id, returnedOn: '2026-05-15' }),
          201,
        );
        plans.push(p.id);
        await ok(
          as(t, host, 'POST', `/api/reintegration/plans/${p.id}/surveys`, {
            round: 'baseline',
            conductedOn: '2026-05-20',
            answers: answers(0),
          }),
          201,
        );
      }
      await ok(
        as(t, host, 'POST', `/api/reintegration/plans/${plans[0]}/surveys`, {
          round: 'm3',
          conductedOn: '2026-08-20',
          answers: answers(2),
        }),
        201,
      );
      const url = '/api/reintegration/plans/export';
      const bySupervisor = csv(await as(t, host, 'POST', url, { format: 'csv' }));
      assertCoreHxl(bySupervisor);
      const recs = records(bySupervisor);
      assert.equal(recs.length, 6);
      const tigist = recs.find((r) => r.returnee_name === 'Tigist Returnee')!;
      assert.equal(tigist.latest_round, 'm3');
      assert.equal(tigist.surveys, '2');
      assert.equal(tigist.cohort, '2026-Q2');
      assert.ok(Number(tigist.composite) > Number(recs.find((r) => r.returnee_name === 'Meron Returnee')!.composite));
      assert.notEqual(tigist.case_id, '');
      const byOfficer = csv(await as(t, officer, 'POST', url, { format: 'csv' }));
      for (const c of ['returnee_name', 'beneficiary_id', 'case_id', 'sex', 'year_of_birth'])
        assert.ok(!byOfficer[0]!.includes(c), `an operations officer's export has no ${c}`);
      assert.ok(!JSON.stringify(byOfficer).includes('Returnee'));
      assert.equal(records(byOfficer).length, 6);
      const audited = await audits('reintegration_plans');
      assert.equal(audited.length, 2);
      assert.ok(audited.every((r) => Number(r.sensitive_read) === 1));
      assert.equal(records(csv(await as(t, stranger, 'POST', url, { format: 'csv' }))).length, 0);
      assert.equal((await as(t, analyst, 'POST', url, { format: 'csv' })).statusCode, 403);

      const cohorts = csv(await as(t, analyst, 'POST', '/api/reintegration/cohorts/export', { format: 'csv' }));
      assertCoreHxl(cohorts);
      const q2 = records(cohorts).filter((r) => r.cohort === '2026-Q2');
      assert.deepEqual(
        q2.map((r) => [r.round, r.returnees, r.suppressed]),
        [
          ['baseline', '6', 'no'],
          ['m3', '0', 'yes'],
          ['m6', '0', 'no'],
          ['m12', '0', 'no'],
        ],
      );
      assert.notEqual(q2[0]!.mean_composite, '');
      assert.equal(q2[1]!.mean_composite, '', 'a round of one returnee is suppressed');
      const xlsx = await as(t, analyst, 'POST', '/api/reintegration/cohorts/export', { format: 'xlsx' });
      assert.equal(xlsx.rawPayload.subarray(0, 2).toString('latin1'), 'PK');
    });

    test('requests for money: approval state and time to release; recipient and purpose by role', async () => {
      const fund = await ok<{ id: string }>(as(t, manager, 'POST', '/api/funds', fundBody()), 201);
      await ok(
        as(t, manager, 'POST', `/api/funds/${fund.id}/receipts`, {
          kind: 'contribution',
          donor: 'Donor',
          amount: '5000.00',
          usdRate: '1',
        }),
        201,
      );
      const released = await ok<{ id: string }>(
        as(
          t,
          supervisor,
          'POST',
          `/api/funds/${fund.id}/requests`,
          requestBody(crisisId, { recipient: 'Ms Recipient' }),
        ),
        201,
      );
      const waiting = await ok<{ id: string }>(
        as(t, supervisor, 'POST', `/api/funds/${fund.id}/requests`, requestBody(crisisId, { amount: '50.00' })),
        201,
      );
      await ok(as(t, manager, 'POST', `/api/fund-requests/${released.id}/approve`), 200);
      t.clock.set(new Date('2026-09-01T14:30:00Z'));
      const out = await ok<{ releaseSeconds: number }>(
        as(t, manager, 'POST', `/api/fund-requests/${released.id}/release`),
        200,
      );
      assert.ok(out.releaseSeconds > 6 * 3600);
      const url = '/api/fund-requests/export';
      const byManager = csv(await as(t, manager, 'POST', url, { format: 'csv', fundId: fund.id }));
      assertCoreHxl(byManager);
      const recs = records(byManager);
      const r = recs.find((x) => x.request_id === released.id)!;
      assert.equal(r.status, 'released');
      assert.equal(r.approval_state, 'released');
      assert.equal(r.approvals, '1');
      assert.equal(r.first_approver_role, 'fund_manager');
      assert.equal(r.hours_to_release, (out.releaseSeconds / 3600).toFixed(2));
      assert.equal(r.amount_usd, '100.00');
      assert.equal(r.recipient, 'Ms Recipient');
      assert.equal(r.crisis_id, crisisId);
      const w = recs.find((x) => x.request_id === waiting.id)!;
      assert.equal(w.approval_state, 'awaiting approval');
      assert.equal(w.hours_to_release, '');
      const byAnalyst = csv(await as(t, analyst, 'POST', url, { format: 'csv', status: 'released' }));
      for (const c of ['recipient', 'purpose', 'case_id']) assert.ok(!byAnalyst[0]!.includes(c), c);
      assert.deepEqual(
        records(byAnalyst).map((x) => x.request_id),
        [released.id],
      );
      const audited = await audits('fund_requests');
      assert.deepEqual(
        audited.map((a) => Number(a.sensitive_read)),
        [1, 0],
      );
      assert.equal((await as(t, stranger, 'POST', url, { format: 'csv', fundId: fund.id })).statusCode, 404);
      assert.equal((await as(t, officer, 'POST', url, { format: 'csv' })).statusCode, 403);
    });
  });
}
