// Migration 20261201T0800_evidence_amount_records on each engine: a sum of money's cells count the records behind
// each amount. Cells written before hold no count (their amounts are then suppressed, never published unprotected);
// the migration asks for a rebuild, which the next start runs once, and the counts are back, exact.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildOrganisation, engines, startTestApp, type TestApp } from '../../test/harness.ts';
import { buildStaff, call, forms, openCase, personWithAssistanceBasis, type Staff } from '../cases/cases.fixtures.ts';
import { down, up } from '../db/migrations/20261201T0800_evidence_amount_records.ts';
import { publishRelease, queryExact } from './query.ts';
import { REBUILD_REQUIRED, rebuildIfRequired } from './rebuild-required.ts';
import { verifyEvidence } from './verify.ts';

for (const { engine, skip } of engines()) {
  describe(`migration 20261201T0800_evidence_amount_records (${engine})`, { skip }, () => {
    let t: TestApp;
    let org: string;
    let worker: Staff;
    before(async () => {
      t = await startTestApp(engine);
      org = (await buildOrganisation(t)).id;
      worker = await buildStaff(t, org, ['caseworker']);
    });
    after(() => t?.close());

    const asked = async () =>
      (
        await t.deps.database.db
          .selectFrom('deployment_settings')
          .select('name')
          .where('name', '=', REBUILD_REQUIRED)
          .executeTakeFirst()
      )?.name ?? null;
    const query = {
      indicatorId: 'services_value',
      grain: 'year' as const,
      from: '2026',
      to: '2026',
      by: ['currency' as const],
    };
    const usd = async () => {
      const db = t.deps.database.db;
      const exact = (await queryExact(db, { organisationId: org }, query)).cells.find(
        (c) => c.values.currency === 'USD',
      );
      const published = (await publishRelease(db, { organisationId: org }, [query]))[0]!.cells.find(
        (c) => c.values.currency === 'USD',
      );
      return { records: exact?.records?.value, value: exact?.value, published: published?.value };
    };

    test('an empty database asks for nothing', async () => {
      await up(t.deps.database.db);
      assert.equal(await asked(), null);
      assert.equal(await rebuildIfRequired(t.deps.database.db, t.clock.now()), null);
    });

    test('cells written before have their amounts suppressed until the rebuild the migration asks for', async () => {
      const person = await personWithAssistanceBasis(t, worker);
      const grant = await call(t, worker, 'POST', `/api/beneficiaries/${person}/consents`, {
        purpose: 'statistics',
        recipientOrganisationId: null,
        basis: 'consent',
        action: 'grant',
        informationGiven: 'Counted in anonymous statistics.',
      });
      assert.equal(grant.statusCode, 201, grant.body);
      const c = await openCase(t, worker, person, forms.protection(), { openedOn: '2026-02-01' });
      for (const day of ['02', '03', '04', '05', '06', '07']) {
        const res = await call(t, worker, 'POST', `/api/cases/${c.id}/services`, {
          serviceType: 'health_care',
          deliveredOn: `2026-02-${day}`,
          valueMinor: 1_000,
          currency: 'USD',
        });
        assert.equal(res.statusCode, 201, res.body);
      }
      const db = t.deps.database.db;
      assert.deepEqual(await usd(), { records: 6, value: 6_000, published: 6_000 });
      assert.deepEqual((await verifyEvidence(db, t.clock.now())).differences, []);

      // The database as it was before the migration: amounts without their records.
      await down(db);
      assert.deepEqual(await usd(), { records: 0, value: 6_000, published: null }, 'no count: suppressed');
      assert.ok((await verifyEvidence(db, t.clock.now())).differences.length > 0, 'verify sees the missing counts');

      await up(db);
      assert.equal(await asked(), REBUILD_REQUIRED);
      assert.ok(((await rebuildIfRequired(db, t.clock.now())) ?? 0) > 0);
      assert.equal(await asked(), null, 'asked once');
      assert.equal(await rebuildIfRequired(db, t.clock.now()), null);
      assert.deepEqual(await usd(), { records: 6, value: 6_000, published: 6_000 });
      assert.deepEqual((await verifyEvidence(db, t.clock.now())).differences, []);
    });
  });
}
