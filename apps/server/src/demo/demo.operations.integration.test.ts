// The demo operations on both engines: the crisis story ends with the evacuee received in Juba, and the return
// story runs from pre-departure to a 12-month survey held by the origin office, with rising scores.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { engines, startTestApp, type TestApp } from '../../test/harness.ts';
import { seedDemo } from './demo.seed.ts';

for (const { engine, skip } of engines()) {
  describe(`demo operations (${engine})`, { skip }, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine);
      await seedDemo(t.deps.database, t.clock.now());
    });
    after(() => t?.close());

    test('one crisis from request to arrival, one return from pre-departure to the 12-month survey', async () => {
      const db = t.deps.database.db;
      const crises = await db.selectFrom('crises').selectAll().execute();
      assert.equal(crises.length, 1);
      const requests = await db.selectFrom('evacuation_requests').select('status').orderBy('received_at').execute();
      assert.deepEqual(
        requests.map((r) => r.status),
        ['booked', 'received', 'received'],
      );
      const passengers = await db.selectFrom('movement_passengers').select(['status', 'movement_type']).execute();
      assert.deepEqual(passengers.map((x) => `${x.movement_type}:${x.status}`).sort(), [
        'evacuation:arrived',
        'voluntary_return:arrived',
      ]);
      // Both movements that brought every passenger to arrival are completed, not left in progress; the next
      // evacuation flight is planned, open for the requests still waiting.
      const movements = await db.selectFrom('movements').select(['reference', 'status']).orderBy('reference').execute();
      assert.deepEqual(
        movements.map((m) => `${m.reference}:${m.status}`),
        ['DEMO-AVR-0001:completed', 'DEMO-EVAC-0001:completed', 'DEMO-EVAC-0002:planned'],
      );
      const receptions = await db.selectFrom('movement_receptions').select('status').execute();
      assert.deepEqual(
        receptions.map((r) => r.status),
        ['received', 'received'],
      );
      const plan = await db.selectFrom('reintegration_plans').selectAll().executeTakeFirstOrThrow();
      assert.notEqual(plan.organisation_id, plan.host_organisation_id, 'the origin office holds the plan');
      assert.equal(plan.status, 'completed');
      const surveys = await db.selectFrom('reintegration_surveys').selectAll().where('plan_id', '=', plan.id).execute();
      const order = ['baseline', 'm3', 'm6', 'm12'];
      const composite = order.map((r) => surveys.find((s) => s.round === r)!.composite);
      assert.equal(composite.length, 4);
      for (let i = 1; i < 4; i++) assert.ok(composite[i]! > composite[i - 1]!, `scores rise: ${composite.join(', ')}`);
      // A completed plan's support was delivered, not left planned.
      const items = await db
        .selectFrom('reintegration_plan_items')
        .select('status')
        .where('plan_id', '=', plan.id)
        .execute();
      assert.equal(items.length, 4);
      assert.deepEqual(
        items.map((i) => i.status),
        ['delivered', 'delivered', 'delivered', 'delivered'],
      );
      const legs = await db.selectFrom('movement_legs').select(['booked', 'capacity']).execute();
      for (const l of legs) assert.ok(l.booked <= l.capacity);
    });
  });
}
