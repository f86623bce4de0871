// The figure of issue 7: 1,000 simultaneous booking requests for the last 10 seats of a leg give exactly 10
// passengers, on both engines, over real HTTP against a listening server (not app.inject), each request from its own
// connection for its own person. The leg starts with 140 of its 150 seats taken.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildOrganisation, engines, idemKey, startTestApp, type TestApp } from '../../test/harness.ts';
import { buildMember } from '../beneficiaries/beneficiaries.fixtures.ts';
import { createBeneficiaries, prepareBeneficiary } from '../beneficiaries/beneficiaries.service.ts';
import type { Principal } from '../http/principal.ts';
import { buildMovement, legBody } from './movements.fixtures.ts';

const REQUESTS = 1000;

for (const { engine, skip } of engines()) {
  describe(`concurrent movement bookings over HTTP (${engine})`, { skip }, () => {
    let t: TestApp;
    let base: string;
    let token: string;
    let movementId: string;
    let people: string[];
    before(async () => {
      t = await startTestApp(engine);
      const org = await buildOrganisation(t);
      const officer = await buildMember(t, org.id, ['operations_officer', 'admin']);
      const mv = await buildMovement(t, officer, {
        type: 'resettlement',
        reference: 'RST-LOAD',
        originCountry: 'IRQ',
        destinationCountry: 'CAN',
        legs: [
          legBody(150),
          legBody(400, '2026-07-02', {
            fromPlace: 'Addis Ababa',
            fromCountry: 'ETH',
            toPlace: 'Toronto',
            toCountry: 'CAN',
          }),
        ],
      });
      movementId = mv.id;
      // 140 seats already taken on the first leg: 10 left.
      await t.deps.database.db
        .updateTable('movement_legs')
        .set({ booked: 140 })
        .where('id', '=', mv.legs[0]!.id)
        .execute();
      const p: Principal = {
        kind: 'session',
        userId: officer.id,
        id: officer.id,
        organisationId: org.id,
        roles: ['operations_officer'],
        secondFactor: 'none',
      };
      const now = t.clock.now();
      const prepared = Array.from({ length: REQUESTS }, (_, i) =>
        prepareBeneficiary(p, { givenName: `Load${i}`, familyName: 'Passenger', citizenships: ['IRQ'] }, now),
      );
      await t.deps.database.db.transaction().execute((trx) => createBeneficiaries(trx, p, prepared));
      people = prepared.map((x) => x.row.id);
      const tok = await t.app.inject({
        method: 'POST',
        url: '/api/tokens',
        headers: officer.session.headers,
        payload: { name: 'load', roles: ['operations_officer'], expiresInDays: 1 },
      });
      assert.equal(tok.statusCode, 201, tok.body);
      token = tok.json().secret;
      base = await t.app.listen({ port: 0, host: '127.0.0.1', backlog: 2048 });
    });
    after(() => t?.close());

    test(`${REQUESTS} simultaneous bookings for the last 10 seats give exactly 10 passengers`, async () => {
      const results = await Promise.all(
        people.map(async (beneficiaryId) => {
          let res: Response;
          try {
            res = await fetch(`${base}/api/movements/${movementId}/passengers`, {
              method: 'POST',
              headers: {
                authorization: `Bearer ${token}`,
                'content-type': 'application/json',
                'idempotency-key': idemKey(),
                connection: 'close',
              },
              body: JSON.stringify({ beneficiaryId }),
            });
          } catch (err) {
            return { status: 0, code: String((err as { cause?: { code?: string } }).cause?.code ?? err) };
          }
          const body = (await res.json()) as { code?: string };
          return { status: res.status, code: body.code ?? null };
        }),
      );
      const created = results.filter((r) => r.status === 201).length;
      const other = results.filter((r) => r.status !== 201 && !(r.status === 409 && r.code === 'leg_full'));
      assert.deepEqual(other, [], 'every request was either booked or refused as leg_full');
      assert.equal(created, 10);
      const db = t.deps.database.db;
      const legs = await db
        .selectFrom('movement_legs')
        .select(['seq', 'booked', 'capacity'])
        .where('movement_id', '=', movementId)
        .orderBy('seq')
        .execute();
      assert.deepEqual(
        legs.map((l) => [l.booked, l.capacity]),
        [
          [150, 150],
          [10, 400],
        ],
        'the refused bookings took no seat on the second leg either',
      );
      const n = await db
        .selectFrom('movement_passengers')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('movement_id', '=', movementId)
        .executeTakeFirstOrThrow();
      assert.equal(Number(n.n), 10);
    });
  });
}
