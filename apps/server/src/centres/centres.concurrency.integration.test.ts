// The figure of issue #6: 1,000 simultaneous booking requests for the last 10 seats of a centre give exactly 10
// bookings, on both engines, over real HTTP against a listening server (not app.inject), each request from its own
// connection with its own person.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildOrganisation, engines, idemKey, startTestApp, type TestApp } from '../../test/harness.ts';
import { buildMember } from '../beneficiaries/beneficiaries.fixtures.ts';
import { buildCentre } from './centres.fixtures.ts';

const REQUESTS = 1000;
const DAY = '2026-06-02';
// Five half-hour slots of two seats: the centre's whole remaining capacity for the day is 10 seats.
const STARTS = ['08:00', '08:30', '09:00', '09:30', '10:00'];

for (const { engine, skip } of engines()) {
  describe(`concurrent booking over HTTP (${engine})`, { skip }, () => {
    let t: TestApp;
    let base: string;
    let token: string;
    let centreId: string;
    before(async () => {
      t = await startTestApp(engine);
      const org = await buildOrganisation(t);
      const sup = await buildMember(t, org.id, ['admin', 'supervisor', 'caseworker']);
      centreId = await buildCentre(t, sup.session, {
        openingHours: { tue: [['08:00', '10:30']] },
        services: [{ service: 'document_check', slotMinutes: 30, seatsPerSlot: 2 }],
      });
      const tok = await t.app.inject({
        method: 'POST',
        url: '/api/tokens',
        headers: sup.session.headers,
        payload: { name: 'load', roles: ['caseworker'], expiresInDays: 1 },
      });
      assert.equal(tok.statusCode, 201, tok.body);
      token = tok.json().secret;
      // A backlog that holds the whole burst of connection attempts (the kernel caps it at net.core.somaxconn).
      base = await t.app.listen({ port: 0, host: '127.0.0.1', backlog: 2048 });
    });
    after(() => t?.close());

    test(`${REQUESTS} simultaneous requests for the last 10 seats give exactly 10 bookings`, async () => {
      const results = await Promise.all(
        Array.from({ length: REQUESTS }, async (_, i) => {
          let res: Response;
          try {
            res = await fetch(`${base}/api/centres/${centreId}/appointments`, {
              method: 'POST',
              headers: {
                authorization: `Bearer ${token}`,
                'content-type': 'application/json',
                'idempotency-key': idemKey(),
                connection: 'close',
              },
              body: JSON.stringify({
                service: 'document_check',
                day: DAY,
                start: STARTS[i % STARTS.length],
                contact: { name: `Person ${i}`, phone: `+96475${String(i).padStart(7, '0')}`, email: null },
              }),
            });
          } catch (err) {
            // A connection the machine could not take: reported in the assertion below with its cause.
            return { status: 0, code: String((err as { cause?: { code?: string } }).cause?.code ?? err) };
          }
          const body = (await res.json()) as { code?: string };
          return { status: res.status, code: body.code ?? null };
        }),
      );
      const created = results.filter((r) => r.status === 201).length;
      const full = results.filter((r) => r.status === 409 && r.code === 'slot_full').length;
      const other = results.filter((r) => r.status !== 201 && !(r.status === 409 && r.code === 'slot_full'));
      assert.deepEqual(other, [], 'every request was either booked or refused as full');
      assert.equal(created, 10);
      assert.equal(full, REQUESTS - 10);
      const db = t.deps.database.db;
      const counters = await db
        .selectFrom('centre_slots')
        .select(['start_time', 'booked', 'capacity'])
        .where('centre_id', '=', centreId)
        .execute();
      assert.equal(counters.length, STARTS.length);
      for (const c of counters) assert.deepEqual([c.booked, c.capacity], [2, 2], c.start_time);
      const rows = await db
        .selectFrom('appointments')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('centre_id', '=', centreId)
        .executeTakeFirstOrThrow();
      assert.equal(Number(rows.n), 10);
    });
  });
}
