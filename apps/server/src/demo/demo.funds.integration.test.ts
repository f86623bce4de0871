// The demo funds and projects on both engines: the fund manager released money for the demo crisis and the time
// to release is recorded; the ledger balances; every kind of fund and project is there, with people reached.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { engines, startTestApp, type TestApp } from '../../test/harness.ts';
import { fundsReleased, peopleReached, projectsActive, timeToRelease } from '../funds/funds.indicators.ts';
import { seedDemo } from './demo.seed.ts';

for (const { engine, skip } of engines()) {
  describe(`demo funds and projects (${engine})`, { skip }, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine);
      await seedDemo(t.deps.database, t.clock.now());
    });
    after(() => t?.close());

    test('money released for the crisis, with the time to release; projects of every kind with people reached', async () => {
      const db = t.deps.database.db;
      const funds = await db.selectFrom('funds').select(['kind', 'organisation_id']).execute();
      assert.deepEqual(funds.map((f) => f.kind).sort(), [
        'development',
        'emergency_revolving',
        'stranded_migrant_assistance',
        'trafficking_victim_assistance',
      ]);
      const org = funds[0]!.organisation_id;
      const crisis = await db.selectFrom('crises').select('id').where('organisation_id', '=', org).executeTakeFirst();
      const released = await db
        .selectFrom('fund_requests')
        .select(['crisis_id', 'release_seconds', 'second_approver_id'])
        .where('status', '=', 'released')
        .orderBy('requested_at')
        .execute();
      assert.equal(released.length, 2);
      if (crisis) for (const r of released) assert.equal(r.crisis_id, crisis.id);
      assert.equal(Number(released[0]!.release_seconds), 26 * 3600);
      assert.ok(released[1]!.second_approver_id, 'the large request had a second approver');
      const year = t.clock.now().toISOString().slice(0, 4);
      const time = await timeToRelease(db, org, `${Number(year) - 1}-01-01`, `${year}-12-31`);
      assert.equal(time.count, 2);
      assert.equal(time.medianHours, (26 + 28) / 2);
      const money = await fundsReleased(db, org, `${Number(year) - 1}-01-01`, `${year}-12-31`);
      assert.equal(money.usdMinor, 16_200_000);
      // The ledger balances: every entry's lines sum to zero.
      const unbalanced = await db
        .selectFrom('fund_lines')
        .select('entry_id')
        .groupBy('entry_id')
        .having((eb) => eb.fn.sum('amount_minor'), '!=', 0)
        .execute();
      assert.deepEqual(unbalanced, []);
      const active = await projectsActive(db, org, `${year}-01-01`, `${year}-12-31`);
      assert.equal(Object.keys(active.byKind).length, 4);
      const reached = await peopleReached(db, org, `${Number(year) - 1}-01-01`, `${year}-12-31`);
      assert.ok(reached.total > 0);
    });
  });
}
