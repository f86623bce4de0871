// The demo centres on both engines: seeded through the same seat counters as live bookings, so no slot holds more
// bookings than seats, and the throughput report of a demo centre has figures.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { engines, startTestApp, type TestApp } from '../../test/harness.ts';
import { throughput } from '../centres/centres.service.ts';
import { addDays } from '../centres/slots.ts';
import { seedDemo } from './demo.seed.ts';

for (const { engine, skip } of engines()) {
  describe(`demo centres (${engine})`, { skip }, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine);
      await seedDemo(t.deps.database, t.clock.now());
    });
    after(() => t?.close());

    test('centres in three countries, bookings within capacity, figures for the past fortnight', async () => {
      const db = t.deps.database.db;
      const centres = await db.selectFrom('centres').selectAll().execute();
      assert.deepEqual([...new Set(centres.map((c) => c.country))].sort(), ['IRQ', 'SSD']);
      assert.equal(centres.length, 3);
      const over = await db
        .selectFrom('centre_slots')
        .selectAll()
        .where((eb) => eb('booked', '>', eb.ref('capacity')))
        .execute();
      assert.deepEqual(over, []);
      // every counter equals the appointments holding a seat in its slot
      const holding = await db
        .selectFrom('appointments')
        .select(['centre_id', 'service', 'day', 'start_time', (eb) => eb.fn.countAll<number>().as('n')])
        .where('status', '!=', 'cancelled')
        .groupBy(['centre_id', 'service', 'day', 'start_time'])
        .execute();
      const counters = await db.selectFrom('centre_slots').selectAll().execute();
      for (const h of holding) {
        const c = counters.find(
          (x) =>
            x.centre_id === h.centre_id && x.service === h.service && x.day === h.day && x.start_time === h.start_time,
        );
        assert.equal(c?.booked, Number(h.n));
      }
      const erbil = centres.find((c) => c.name.includes('Erbil'))!;
      const today = t.clock.now().toISOString().slice(0, 10);
      const fig = await throughput(db, erbil, addDays(today, -14), addDays(today, -1));
      assert.ok(fig.totals.served > 0 && fig.totals.noShows > 0 && fig.totals.capacity > fig.totals.booked);
      const upcoming = await db.selectFrom('appointments').select('id').where('status', '=', 'booked').execute();
      assert.ok(upcoming.length > 0);
    });
  });
}
