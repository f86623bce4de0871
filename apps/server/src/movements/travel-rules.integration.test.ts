// The rules that keep a movement's record true to the journey, on both engines: a travel change after check-in that
// check-in would refuse sends the passenger back to booked (and nobody who fails the checks departs); a document needs
// its expiry date; no booking once the first leg has left, no leg in the past, no departure or arrival recorded long
// before the leg leaves; a no-show or cancellation reopens the evacuation request; a leg added under way counts the
// passengers already travelling; a new movement's problems come at once, its legs' countries fitting the movement.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { engines, startTestApp, type TestApp } from '../../test/harness.ts';
import { as, type Member } from '../beneficiaries/beneficiaries.fixtures.ts';
import { buildMovement, buildOperation, buildTraveller, legBody, ok } from './movements.fixtures.ts';

const NOW = new Date('2026-06-20T08:00:00Z');
const HOUR = 3_600_000;
/** A leg departing `hours` after NOW, for four hours. */
const legIn = (hours: number, capacity = 10, over: Parameters<typeof legBody>[2] = {}) =>
  legBody(capacity, '2026-06-20', {
    departsAt: new Date(NOW.getTime() + hours * HOUR).toISOString(),
    arrivesAt: new Date(NOW.getTime() + (hours + 4) * HOUR).toISOString(),
    ...over,
  });
const CLEARED = {
  fitToTravel: 'fit',
  medicalEscort: false,
  document: { type: 'passport', number: 'EP7654321', expiresOn: '2030-01-01' },
};

type PassengerView = { id: string; status: string; checkedInAt: string | null; version: number };

for (const { engine, skip } of engines()) {
  describe(`movement travel rules (${engine})`, { skip }, () => {
    let t: TestApp;
    let o: Awaited<ReturnType<typeof buildOperation>>;
    let n = 0;
    before(async () => {
      t = await startTestApp(engine, {
        env: { CORRIDOR_SESSION_IDLE_MINUTES: '1440', CORRIDOR_SESSION_ABSOLUTE_HOURS: '168' },
      });
      t.clock.set(NOW);
      o = await buildOperation(t);
    });
    after(() => t?.close());

    const movement = (legs: unknown[], over: Record<string, unknown> = {}) =>
      buildMovement(t, o.officer, {
        type: 'resettlement',
        reference: `RULES-${++n}`,
        originCountry: 'IRQ',
        destinationCountry: 'ETH',
        legs,
        ...over,
      });
    const book = async (who: Member, movementId: string, name: string) => {
      const b = await buildTraveller(t, who, { givenName: name, familyName: 'Rules' });
      return ok<PassengerView>(
        as(t, who, 'POST', `/api/movements/${movementId}/passengers`, { beneficiaryId: b.id }),
        201,
      );
    };
    const travel = async (id: string, body: unknown) => {
      const got = await as(t, o.officer, 'GET', `/api/passengers/${id}`);
      return as(t, o.officer, 'PUT' as 'PATCH', `/api/passengers/${id}/travel`, body, {
        'if-match': got.headers.etag as string,
      });
    };
    const step = (id: string, path: string) => as(t, o.officer, 'POST', `/api/passengers/${id}/${path}`);

    test('a travel change that check-in would refuse sends a checked-in passenger back to booked', async () => {
      t.clock.set(NOW);
      const mv = await movement([legIn(4)]);
      const x = await book(o.officer, mv.id, 'Cleared');
      // A document without its expiry date does not clear check-in: the check could not judge it.
      await ok(travel(x.id, { ...CLEARED, document: { type: 'passport', number: 'EP7654321' } }), 200);
      const undated = await step(x.id, 'check-in');
      assert.equal(undated.statusCode, 422, undated.body);
      assert.equal(undated.json().code, 'not_ready_to_travel');
      assert.match(undated.json().detail, /expiry date/);
      await ok(travel(x.id, CLEARED), 200);
      await ok(step(x.id, 'check-in'), 200);
      // Found unfit after check-in: the change is recorded and the passenger is booked again, seats kept.
      const unfit = await ok<PassengerView>(travel(x.id, { ...CLEARED, fitToTravel: 'unfit' }), 200);
      assert.deepEqual([unfit.status, unfit.checkedInAt], ['booked', null]);
      await ok(as(t, o.officer, 'POST', `/api/movements/${mv.id}/status`, { status: 'in_progress' }), 200);
      assert.equal((await step(x.id, 'depart')).json().code, 'invalid_transition', 'a booked passenger never departs');
      const m = await ok<{ legs: { booked: number }[] }>(as(t, o.officer, 'GET', `/api/movements/${mv.id}`), 200);
      assert.equal(m.legs[0]!.booked, 1, 'the seat is kept');
      // A change that still passes the checks leaves the passenger checked in.
      await ok(travel(x.id, CLEARED), 200);
      await ok(step(x.id, 'check-in'), 200);
      const renewed = await ok<PassengerView>(
        travel(x.id, { ...CLEARED, document: { ...CLEARED.document, number: 'EP0000001' } }),
        200,
      );
      assert.equal(renewed.status, 'checked_in');
      const noDocument = await ok<PassengerView>(travel(x.id, { ...CLEARED, document: null }), 200);
      assert.equal(noDocument.status, 'booked');

      // Depart checks again: a passenger checked in while failing the checks (a record from before) does not leave.
      await ok(travel(x.id, CLEARED), 200);
      await ok(step(x.id, 'check-in'), 200);
      await t.deps.database.db
        .updateTable('movement_passengers')
        .set({ fit_to_travel: 'unfit' })
        .where('id', '=', x.id)
        .execute();
      const gone = await step(x.id, 'depart');
      assert.equal(gone.statusCode, 422, gone.body);
      assert.equal(gone.json().code, 'not_ready_to_travel');
    });

    test('no booking once the first leg has left; no leg in the past; no departure or arrival long before', async () => {
      t.clock.set(NOW);
      const past = await as(t, o.officer, 'POST', '/api/movements', {
        type: 'resettlement',
        reference: 'RULES-PAST',
        originCountry: 'IRQ',
        destinationCountry: 'ETH',
        legs: [legBody(10, '2026-01-01')],
      });
      assert.equal(past.statusCode, 400, past.body);
      assert.deepEqual(
        past.json().errors.map((e: { pointer: string; params?: { rule: string } }) => [e.pointer, e.params?.rule]),
        [['/legs/0/departsAt', 'in_future']],
      );

      // Two legs: the first leaves in 20 hours, the second 20 hours after it.
      const mv = await movement([legIn(20), legIn(40, 10, { fromCountry: 'ETH', toCountry: 'ETH' })]);
      const x = await book(o.officer, mv.id, 'Early');
      await ok(travel(x.id, CLEARED), 200);
      await ok(step(x.id, 'check-in'), 200);
      await ok(as(t, o.officer, 'POST', `/api/movements/${mv.id}/status`, { status: 'in_progress' }), 200);
      const tooEarly = await step(x.id, 'depart');
      assert.equal(tooEarly.statusCode, 409, tooEarly.body);
      assert.equal(tooEarly.json().code, 'movement_not_under_way');
      t.clock.set(new Date(NOW.getTime() + 18 * HOUR));
      await ok(step(x.id, 'depart'), 200);
      const arrivedTooSoon = await step(x.id, 'arrive');
      assert.equal(arrivedTooSoon.json().code, 'movement_not_under_way', 'the last leg has not left');
      // The first leg has left: the movement takes no new booking (it would miss that leg).
      t.clock.set(new Date(NOW.getTime() + 21 * HOUR));
      const late = await as(t, o.officer, 'POST', `/api/movements/${mv.id}/passengers`, {
        beneficiaryId: (await buildTraveller(t, o.officer, { givenName: 'Late', familyName: 'Rules' })).id,
      });
      assert.equal(late.statusCode, 409, late.body);
      assert.equal(late.json().code, 'invalid_transition');
      assert.match(late.json().detail, /first leg has departed/);
      t.clock.set(new Date(NOW.getTime() + 41 * HOUR));
      await ok(step(x.id, 'arrive'), 200);
    });

    test('a no-show or a cancellation returns the evacuation request to accepted, to be booked again', async () => {
      t.clock.set(NOW);
      const crisis = await ok<{ id: string }>(
        as(t, o.officer, 'POST', '/api/crises', {
          code: 'RULES-CRISIS',
          name: 'Rules crisis',
          country: 'IRQ',
          areas: [],
          startedOn: '2026-06-01',
          emergencyLevel: 'L2',
        }),
        201,
      );
      const req = await ok<{ id: string }>(
        as(t, o.officer, 'POST', `/api/crises/${crisis.id}/evacuation-requests`, {
          channel: 'individual',
          nationality: 'ETH',
          givenName: 'Tigist',
          familyName: 'Rules',
        }),
        201,
      );
      await ok(as(t, o.officer, 'POST', `/api/evacuation-requests/${req.id}/accept`, {}), 200);
      const evac = { type: 'evacuation', crisisId: crisis.id };
      const first = await movement([legIn(4)], evac);
      const openRequests = async () =>
        (await ok<{ openRequests: number }>(as(t, o.officer, 'GET', `/api/crises/${crisis.id}`), 200)).openRequests;
      for (const [path, m] of [
        ['no-show', first],
        ['cancel', await movement([legIn(6)], evac)],
      ] as const) {
        const booked = await ok<{ status: string; passengerId: string }>(
          as(t, o.officer, 'POST', `/api/evacuation-requests/${req.id}/book`, { movementId: m.id }),
          200,
        );
        assert.equal(booked.status, 'booked');
        assert.equal(await openRequests(), 0);
        await ok(step(booked.passengerId, path), 200);
        const list = await ok<{ items: { id: string; status: string; passengerId: string | null }[] }>(
          as(t, o.officer, 'GET', `/api/crises/${crisis.id}/evacuation-requests`),
          200,
        );
        const back = list.items.find((r) => r.id === req.id)!;
        assert.deepEqual([back.status, back.passengerId], ['accepted', null], path);
        assert.equal(await openRequests(), 1, 'open again');
      }
      const again = await ok<{ status: string }>(
        as(t, o.officer, 'POST', `/api/evacuation-requests/${req.id}/book`, { movementId: first.id }),
        200,
      );
      assert.equal(again.status, 'booked');
    });

    test('a leg added under way counts the passengers already travelling; it leaves later and ends at the destination', async () => {
      t.clock.set(NOW);
      const mv = await movement([legIn(2, 5)]);
      const gone = await book(o.officer, mv.id, 'Gone');
      await book(o.officer, mv.id, 'Waiting');
      await ok(travel(gone.id, CLEARED), 200);
      await ok(step(gone.id, 'check-in'), 200);
      await ok(as(t, o.officer, 'POST', `/api/movements/${mv.id}/status`, { status: 'in_progress' }), 200);
      await ok(step(gone.id, 'depart'), 200);
      const onward = { fromPlace: 'Addis Ababa', fromCountry: 'ETH', toPlace: 'Gondar', toCountry: 'ETH' };
      const elsewhere = await as(t, o.officer, 'POST', `/api/movements/${mv.id}/legs`, {
        ...legIn(8, 5, onward),
        toCountry: 'KEN',
      });
      assert.equal(elsewhere.statusCode, 400, elsewhere.body);
      assert.deepEqual(
        elsewhere.json().errors.map((e: { pointer: string; params?: { rule: string } }) => [e.pointer, e.params?.rule]),
        [['/toCountry', 'leg_country']],
      );
      const inPast = await as(t, o.officer, 'POST', `/api/movements/${mv.id}/legs`, legIn(-1, 5, onward));
      assert.equal(inPast.statusCode, 400, inPast.body);
      assert.ok(inPast.json().errors.some((e: { params?: { rule: string } }) => e.params?.rule === 'in_future'));
      const leg = await ok<{ booked: number; capacity: number }>(
        as(t, o.officer, 'POST', `/api/movements/${mv.id}/legs`, legIn(8, 5, onward)),
        201,
      );
      assert.equal(leg.booked, 2, 'the departed passenger and the one still booked');
      const tooSmall = await as(t, o.officer, 'POST', `/api/movements/${mv.id}/legs`, legIn(14, 1, onward));
      assert.equal(tooSmall.statusCode, 400, tooSmall.body);
    });

    test('a new movement’s problems come at once; its legs’ countries fit the movement', async () => {
      t.clock.set(NOW);
      const all = await as(t, o.officer, 'POST', '/api/movements', {
        type: 'evacuation',
        reference: 'x',
        originCountry: 'IRQ',
        destinationCountry: 'SSD',
        legs: [{ ...legBody(3, '2026-01-01'), fromCountry: 'FRA', toCountry: 'JPN' }],
      });
      assert.equal(all.statusCode, 400, all.body);
      assert.deepEqual(
        all
          .json()
          .errors.map((e: { pointer: string }) => e.pointer)
          .sort(),
        ['/crisisId', '/legs/0/departsAt', '/legs/0/fromCountry', '/legs/0/toCountry', '/reference'],
        'the crisis, the past leg and its countries come with the reference the contract refused',
      );
      const countries = await as(t, o.officer, 'POST', '/api/movements', {
        type: 'resettlement',
        reference: 'RULES-COUNTRIES',
        originCountry: 'IRQ',
        destinationCountry: 'SSD',
        legs: [legIn(4, 3, { fromCountry: 'FRA', toCountry: 'JPN' })],
      });
      assert.equal(countries.statusCode, 400, countries.body);
      assert.deepEqual(
        countries.json().errors.map((e: { pointer: string; params?: { rule: string } }) => [e.pointer, e.params?.rule]),
        [
          ['/legs/0/fromCountry', 'leg_country'],
          ['/legs/0/toCountry', 'leg_country'],
        ],
      );
      // Two legs: the first leaves from the origin, the last arrives at the destination; a connection between.
      await movement([legIn(4, 3, { toCountry: 'KEN' }), legIn(10, 3, { fromCountry: 'KEN', toCountry: 'ETH' })], {
        destinationCountry: 'ETH',
      });
    });
  });
}
