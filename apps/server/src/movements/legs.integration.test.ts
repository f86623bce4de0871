// Editing a movement's legs on both engines: If-Match (428 without, 412 when stale, one winner of two concurrent
// edits), capacity never below the seats booked, dates kept in travel order, no edit after departure, audited;
// another organisation's leg answers 404 and a role without the movement policy 403.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildOrganisation, engines, startTestApp, type TestApp } from '../../test/harness.ts';
import { as, buildMember, type Member } from '../beneficiaries/beneficiaries.fixtures.ts';
import { buildMovement, buildOperation, buildTraveller, legBody, ok } from './movements.fixtures.ts';

type LegView = { id: string; seq: number; capacity: number; booked: number; version: number; carrier: string };

for (const { engine, skip } of engines()) {
  describe(`movement legs (${engine})`, { skip }, () => {
    let t: TestApp;
    let officer: Member;
    let analyst: Member;
    let stranger: Member;
    let movementId: string;
    let legs: LegView[];
    const patch = (who: Member, leg: LegView, body: unknown, ifMatch?: string) =>
      as(t, who, 'PATCH', `/api/movements/${movementId}/legs/${leg.id}`, body, ifMatch ? { 'if-match': ifMatch } : {});

    before(async () => {
      t = await startTestApp(engine, {
        env: { CORRIDOR_SESSION_IDLE_MINUTES: '1440', CORRIDOR_SESSION_ABSOLUTE_HOURS: '168' },
      });
      t.clock.set(new Date('2026-06-30T10:00:00Z'));
      const o = await buildOperation(t);
      officer = o.officer;
      analyst = await buildMember(t, o.org.id, ['analyst']);
      stranger = await buildMember(t, (await buildOrganisation(t)).id, ['operations_officer']);
      const m = await buildMovement(t, officer, {
        type: 'resettlement',
        reference: 'RST-LEGS-1',
        originCountry: 'IRQ',
        destinationCountry: 'CAN',
        legs: [
          legBody(3, '2026-07-01'),
          legBody(3, '2026-07-02', {
            fromPlace: 'Addis Ababa',
            fromCountry: 'ETH',
            toPlace: 'Toronto',
            toCountry: 'CAN',
          }),
        ],
      });
      movementId = m.id;
      for (const givenName of ['Ayana', 'Biruk']) {
        const b = await buildTraveller(t, officer, { givenName, familyName: 'Legs' });
        await ok(as(t, officer, 'POST', `/api/movements/${movementId}/passengers`, { beneficiaryId: b.id }), 201);
      }
      legs = (await ok<{ legs: LegView[] }>(as(t, officer, 'GET', `/api/movements/${movementId}`), 200)).legs;
    });
    after(() => t?.close());

    test('If-Match is required and checked; the change is audited', async () => {
      const leg = legs[0]!;
      assert.equal(leg.version, 1);
      const missing = await patch(officer, leg, { carrier: 'Qatar Airways' });
      assert.equal(missing.statusCode, 428);
      assert.equal(missing.json().code, 'precondition_required');
      const done = await patch(
        officer,
        leg,
        { carrier: 'Qatar Airways', serviceNumber: 'QR 451', mode: 'air' },
        '"v1"',
      );
      assert.equal(done.statusCode, 200, done.body);
      assert.equal(done.headers.etag, '"v2"');
      assert.equal(done.json().carrier, 'Qatar Airways');
      assert.equal(done.json().serviceNumber, 'QR 451');
      assert.equal(done.json().booked, 2);
      const stale = await patch(officer, leg, { carrier: 'Other' }, '"v1"');
      assert.equal(stale.statusCode, 412);
      const audit = await t.deps.database.db
        .selectFrom('audit_log')
        .select(['details', 'entity_id'])
        .where('action', '=', 'movement.leg_update')
        .execute();
      assert.equal(audit.length, 1);
      assert.equal(audit[0]!.entity_id, movementId);
      assert.deepEqual(JSON.parse(String(audit[0]!.details)).fields, ['carrier', 'mode', 'serviceNumber']);
      const again = await ok<{ legs: LegView[] }>(as(t, officer, 'GET', `/api/movements/${movementId}`), 200);
      assert.equal(again.legs[0]!.carrier, 'Qatar Airways');
      assert.equal(again.legs[0]!.version, 2);
    });

    test('two concurrent edits with the same version: exactly one wins', async () => {
      const leg = (await ok<{ legs: LegView[] }>(as(t, officer, 'GET', `/api/movements/${movementId}`), 200)).legs[1]!;
      const v = `"v${leg.version}"`;
      const results = await Promise.all([
        patch(officer, leg, { carrier: 'First' }, v),
        patch(officer, leg, { carrier: 'Second' }, v),
      ]);
      assert.deepEqual(results.map((r) => r.statusCode).sort(), [200, 412]);
    });

    test('capacity never goes below the seats booked, also against a later booking', async () => {
      let leg = (await ok<{ legs: LegView[] }>(as(t, officer, 'GET', `/api/movements/${movementId}`), 200)).legs[0]!;
      const below = await patch(officer, leg, { capacity: 1 }, `"v${leg.version}"`);
      assert.equal(below.statusCode, 409);
      assert.equal(below.json().code, 'capacity_below_booked');
      assert.match(below.json().detail, /2 seats are booked/);
      const exact = await patch(officer, leg, { capacity: 2 }, `"v${leg.version}"`);
      assert.equal(exact.statusCode, 200, exact.body);
      leg = exact.json();
      // The leg is now full: the next booking is refused on every leg.
      const b = await buildTraveller(t, officer, { givenName: 'Chaltu', familyName: 'Legs' });
      const full = await as(t, officer, 'POST', `/api/movements/${movementId}/passengers`, { beneficiaryId: b.id });
      assert.equal(full.statusCode, 409);
      assert.equal(full.json().code, 'leg_full');
      const more = await patch(officer, leg, { capacity: 40 }, `"v${leg.version}"`);
      assert.equal(more.statusCode, 200);
      assert.equal(more.json().capacity, 40);
    });

    test('lowering the capacity while people are being booked never leaves more seats booked than the capacity', async () => {
      const m = await buildMovement(t, officer, {
        type: 'resettlement',
        reference: 'RST-LEGS-RACE',
        originCountry: 'IRQ',
        destinationCountry: 'ETH',
        legs: [legBody(20, '2026-07-05')],
      });
      const people = [];
      for (let i = 0; i < 8; i++)
        people.push(await buildTraveller(t, officer, { givenName: `Racer${i}`, familyName: 'Legs' }));
      const leg = m.legs[0]!;
      const results = await Promise.all([
        ...people.map((b) => as(t, officer, 'POST', `/api/movements/${m.id}/passengers`, { beneficiaryId: b.id })),
        as(t, officer, 'PATCH', `/api/movements/${m.id}/legs/${leg.id}`, { capacity: 4 }, { 'if-match': '"v1"' }),
      ]);
      const change = results.at(-1)!;
      assert.ok([200, 409].includes(change.statusCode), change.body);
      if (change.statusCode === 409) assert.equal(change.json().code, 'capacity_below_booked');
      const after = (await ok<{ legs: LegView[] }>(as(t, officer, 'GET', `/api/movements/${m.id}`), 200)).legs[0]!;
      const booked = results.slice(0, -1).filter((r) => r.statusCode === 201).length;
      assert.equal(after.booked, booked);
      assert.ok(after.booked <= after.capacity, `${after.booked} booked of ${after.capacity}`);
      assert.equal(after.capacity, change.statusCode === 200 ? 4 : 20);
      for (const r of results.slice(0, -1)) assert.ok([201, 409].includes(r.statusCode), r.body);
    });

    test('dates keep the legs in travel order; bad fields are listed together', async () => {
      const [first, second] = (
        await ok<{ legs: LegView[] }>(as(t, officer, 'GET', `/api/movements/${movementId}`), 200)
      ).legs;
      const late = await patch(officer, first!, { arrivesAt: '2026-07-03T00:00:00Z' }, `"v${first!.version}"`);
      assert.equal(late.statusCode, 400);
      assert.deepEqual(
        late.json().errors.map((e: { pointer: string }) => e.pointer),
        ['/arrivesAt'],
      );
      const early = await patch(officer, second!, { departsAt: '2026-07-01T09:00:00Z' }, `"v${second!.version}"`);
      assert.equal(early.statusCode, 400);
      assert.equal(early.json().errors[0].pointer, '/departsAt');
      const past = await patch(officer, second!, { departsAt: '2026-06-01T09:00:00Z' }, `"v${second!.version}"`);
      assert.deepEqual(
        past
          .json()
          .errors.map((e: { pointer: string }) => e.pointer)
          .sort(),
        ['/departsAt', '/departsAt'],
      );
      const shape = await patch(officer, second!, { capacity: 0, mode: 'rocket', seq: 3 }, `"v${second!.version}"`);
      assert.equal(shape.statusCode, 400);
      assert.ok(shape.json().errors.length >= 3);
      assert.equal((await patch(officer, second!, {}, `"v${second!.version}"`)).statusCode, 400);
      const moved = await patch(
        officer,
        second!,
        { departsAt: '2026-07-02T12:00:00Z', arrivesAt: '2026-07-02T23:00:00Z' },
        `"v${second!.version}"`,
      );
      assert.equal(moved.statusCode, 200, moved.body);
      assert.equal(moved.json().departsAt, '2026-07-02T12:00:00.000Z');
    });

    test('other organisations, other roles and anonymous callers are refused', async () => {
      const leg = legs[0]!;
      assert.equal((await patch(stranger, leg, { carrier: 'X' }, '"v9"')).statusCode, 404);
      assert.equal((await patch(analyst, leg, { carrier: 'X' }, '"v9"')).statusCode, 403);
      const anonymous = await t.app.inject({
        method: 'PATCH',
        url: `/api/movements/${movementId}/legs/${leg.id}`,
        payload: { carrier: 'X' },
      });
      assert.equal(anonymous.statusCode, 401);
      const ghost = await patch(
        officer,
        { ...leg, id: '00000000-0000-4000-8000-000000000000' },
        { carrier: 'X' },
        '"v1"',
      );
      assert.equal(ghost.statusCode, 404);
    });

    test('no edit once the leg has departed', async () => {
      const leg = (await ok<{ legs: LegView[] }>(as(t, officer, 'GET', `/api/movements/${movementId}`), 200)).legs[0]!;
      t.clock.set(new Date('2026-07-01T07:00:00Z'));
      const r = await patch(officer, leg, { capacity: 50 }, `"v${leg.version}"`);
      assert.equal(r.statusCode, 409);
      assert.equal(r.json().code, 'invalid_transition');
      assert.match(r.json().detail, /departed/);
      // The next leg has not departed yet and still changes.
      const next = (await ok<{ legs: LegView[] }>(as(t, officer, 'GET', `/api/movements/${movementId}`), 200)).legs[1]!;
      assert.equal((await patch(officer, next, { capacity: 50 }, `"v${next.version}"`)).statusCode, 200);
    });

    test('the first leg leaves from the origin country and the last arrives in the destination country', async () => {
      t.clock.set(new Date('2026-06-30T10:00:00Z'));
      const [first, last] = legs as [LegView, LegView];
      const current = async (leg: LegView) =>
        (await ok<{ legs: LegView[] }>(as(t, officer, 'GET', `/api/movements/${movementId}`), 200)).legs.find(
          (l) => l.id === leg.id,
        )!;
      const v = async (leg: LegView) => `"v${(await current(leg)).version}"`;
      const away = await patch(officer, first, { fromCountry: 'SYR' }, await v(first));
      assert.equal(away.statusCode, 400, away.body);
      assert.deepEqual(
        away.json().errors.map((e: { pointer: string; params?: { rule?: string } }) => [e.pointer, e.params?.rule]),
        [['/fromCountry', 'leg_country']],
      );
      const elsewhere = await patch(officer, last, { toCountry: 'USA' }, await v(last));
      assert.equal(elsewhere.statusCode, 400, elsewhere.body);
      assert.equal(elsewhere.json().errors[0].pointer, '/toCountry');
      // Nothing changed; the first leg's arrival country and the last leg's departure country are free.
      const before = await current(first);
      const inBetween = await patch(officer, first, { toCountry: 'JOR', toPlace: 'Amman' }, `"v${before.version}"`);
      assert.equal(inBetween.statusCode, 200, inBetween.body);
      const back = await patch(officer, first, { toCountry: 'ETH', toPlace: 'Addis Ababa' }, await v(first));
      assert.equal(back.statusCode, 200, back.body);
      legs = (await ok<{ legs: LegView[] }>(as(t, officer, 'GET', `/api/movements/${movementId}`), 200)).legs;
    });
  });
}
