// Migration 20261129T0120_evidence_cells_compact on each engine: the people indicators' quarter rows become parts on
// month rows and back, and every figure a query reads stays the same; cells written before it (parts on the first
// month of each quarter) and writes after it (parts on the month of the person's first event) agree with a
// recomputation from the raw records, and a rebuild changes no figure.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { buildOrganisation, engines, startTestApp, type TestApp } from '../../test/harness.ts';
import { buildStaff, call, forms, openCase, personWithAssistanceBasis, type Staff } from '../cases/cases.fixtures.ts';
import { down, up } from '../db/migrations/20261129T0120_evidence_cells_compact.ts';
import * as amountRecords from '../db/migrations/20261201T0800_evidence_amount_records.ts';
import { type IndicatorQuery, queryExact } from './query.ts';
import { rebuildIfRequired } from './rebuild-required.ts';
import { rebuildEvidence, verifyEvidence } from './verify.ts';

for (const { engine, skip } of engines()) {
  describe(`migration 20261129T0120_evidence_cells_compact (${engine})`, { skip }, () => {
    let t: TestApp;
    let org: string;
    let worker: Staff;
    before(async () => {
      t = await startTestApp(engine);
      org = (await buildOrganisation(t)).id;
      worker = await buildStaff(t, org, ['caseworker']);
    });
    after(() => t?.close());

    const grant = async (id: string) => {
      const res = await call(t, worker, 'POST', `/api/beneficiaries/${id}/consents`, {
        purpose: 'statistics',
        recipientOrganisationId: null,
        basis: 'consent',
        action: 'grant',
        informationGiven: 'Counted in anonymous statistics.',
      });
      assert.equal(res.statusCode, 201, res.body);
    };
    const service = async (caseId: string, deliveredOn: string) => {
      const res = await call(t, worker, 'POST', `/api/cases/${caseId}/services`, {
        serviceType: 'health_care',
        deliveredOn,
        valueMinor: 1000,
        currency: 'USD',
      });
      assert.equal(res.statusCode, 201, res.body);
    };
    // Every grain of the people indicators and of one event indicator, with and without a breakdown.
    const queries: IndicatorQuery[] = [];
    for (const indicatorId of ['beneficiaries_assisted', 'trafficking_victims_assisted', 'services_delivered'])
      for (const by of [[], ['sex'], ['pcode']] as IndicatorQuery['by'][]) {
        queries.push({ indicatorId, grain: 'year', from: '2025', to: '2026', by });
        queries.push({ indicatorId, grain: 'quarter', from: '2025-Q4', to: '2026-Q4', by });
        queries.push({ indicatorId, grain: 'month', from: '2025-12', to: '2026-12', by });
      }
    queries.push({
      indicatorId: 'trafficking_victims_assisted',
      grain: 'quarter',
      from: '2026-Q1',
      to: '2026-Q4',
      by: ['exploitation_type', 'sex'],
    });
    const figures = async () => {
      const out: unknown[] = [];
      for (const q of queries) {
        const r = await queryExact(t.deps.database.db, { organisationId: org }, q);
        out.push([q.indicatorId, q.grain, q.by, r.cells, r.excluded]);
      }
      return out;
    };
    const noDifference = async (step: string) => {
      const report = await verifyEvidence(t.deps.database.db, t.clock.now());
      assert.deepEqual(report.differences, [], `stored cells differ from the recomputation after: ${step}`);
      assert.deepEqual(report.keptDifferences, [], `kept snapshots differ from the records after: ${step}`);
      return report;
    };
    const rowsOfGrain = async (grain: string) =>
      Number(
        (
          await sql<{ n: number }>`select count(*) as n from evidence_cells where grain = ${grain}`.execute(
            t.deps.database.db,
          )
        ).rows[0]!.n,
      );

    test('quarter and year figures survive down and up; later writes and a rebuild agree with them', async () => {
      // People whose first event of a quarter or year is not in its first month (February, May, December).
      const a = await personWithAssistanceBasis(t, worker);
      await grant(a);
      const ca = await openCase(t, worker, a, forms.trafficking(), { openedOn: '2026-02-10' });
      await service(ca.id, '2026-05-20');
      await service(ca.id, '2026-06-01');
      const b = await personWithAssistanceBasis(t, worker);
      await grant(b);
      const cb = await openCase(t, worker, b, forms.protection(), { openedOn: '2025-12-30' });
      await service(cb.id, '2026-03-03');
      const c = await personWithAssistanceBasis(t, worker);
      await openCase(t, worker, c, forms.trafficking(), { openedOn: '2026-04-08' }); // no statistics basis: excluded
      await noDifference('the writes');
      const expected = await figures();
      const db = t.deps.database.db;
      assert.equal(await rowsOfGrain('quarter'), 0, 'no quarter rows: quarters are parts of month rows');
      assert.ok((await rowsOfGrain('year')) > 0, "the people indicators' years are rows of their own");

      // Down as the migrator runs it: the later migration (amounts' records) first.
      await amountRecords.down(db);
      await down(db);
      assert.ok((await rowsOfGrain('quarter')) > 0, 'quarter rows back');
      // The old layout: a person once in the quarter, whatever the months (a in February, b in March).
      const quarter = await sql<{ v: number }>`select sum(value) as v from evidence_cells
        where indicator_id = 'beneficiaries_assisted' and grain = 'quarter' and period = '2026-Q1'
          and level = 'summary' and organisation_id = ${org}`.execute(db);
      assert.equal(Number(quarter.rows[0]!.v), 2);

      await up(db);
      assert.equal(await rowsOfGrain('quarter'), 0);
      assert.deepEqual(await figures(), expected, 'every figure as before the migration');
      // Migrated parts sit on the first month of their quarter (January, where neither person had an event).
      const january = await sql<{ v: number; m: number }>`select sum(quarter_value) as v, sum(value) as m
        from evidence_cells where indicator_id = 'beneficiaries_assisted' and period = '2026-01'
          and level = 'summary' and organisation_id = ${org}`.execute(db);
      assert.deepEqual([Number(january.rows[0]!.v), Number(january.rows[0]!.m)], [2, 0]);
      // Up to the latest: the amounts' records come back with the rebuild it asks for.
      await amountRecords.up(db);
      assert.notEqual(await rebuildIfRequired(db, t.clock.now()), null);
      await noDifference('the migration');

      // A write after the migration that comes before a person's first event moves their part; still exact.
      await service(ca.id, '2026-01-05');
      await service(cb.id, '2025-10-01');
      await noDifference('backdated services after the migration');
      const afterWrites = await figures();
      await rebuildEvidence(db, t.clock.now());
      await noDifference('the rebuild');
      assert.deepEqual(await figures(), afterWrites, 'a rebuild changes no figure');
      const q1 = await queryExact(
        db,
        { organisationId: org },
        { indicatorId: 'beneficiaries_assisted', grain: 'quarter', from: '2025-Q4', to: '2026-Q2', by: [] },
      );
      assert.deepEqual(
        q1.cells.map((x) => [x.period, x.value, x.excluded]),
        [
          ['2025-Q4', 1, 0],
          ['2026-Q1', 2, 0],
          ['2026-Q2', 1, 1],
        ],
      );
    });
  });
}
