// Property test of the passenger state machine against the real API and database, on both engines: random
// sequences of bookings and steps on a two-leg movement with 3 seats, checked after every call against a small
// model (who holds a seat, which step is allowed, whether the movement has started). The seat counters of both legs
// always equal the model's seats, and every refusal is the one the model predicts (leg_full, conflict,
// invalid_transition, movement_not_under_way).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { PassengerStep } from '@corridor/contracts';
import fc from 'fast-check';
import { engines, startTestApp, type TestApp } from '../../test/harness.ts';
import { as } from '../beneficiaries/beneficiaries.fixtures.ts';
import { buildMovement, buildOperation, buildTraveller, legBody } from './movements.fixtures.ts';
import { STEPS } from './passenger-status.ts';

const CAPACITY = 3;
const PEOPLE = 5;
const PATH: Record<PassengerStep, string> = {
  check_in: 'check-in',
  depart: 'depart',
  arrive: 'arrive',
  no_show: 'no-show',
  cancel: 'cancel',
};
type Status = 'booked' | 'checked_in' | 'departed' | 'arrived' | 'no_show' | 'cancelled';
type Action =
  | { kind: 'book'; person: number }
  | { kind: 'step'; person: number; step: PassengerStep }
  | { kind: 'start' };

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant('book' as const), person: fc.integer({ min: 0, max: PEOPLE - 1 }) }),
  fc.record({
    kind: fc.constant('step' as const),
    person: fc.integer({ min: 0, max: PEOPLE - 1 }),
    step: fc.constantFrom(...(Object.keys(STEPS) as PassengerStep[])),
  }),
  fc.constant({ kind: 'start' as const }),
);
/** Steps that only a movement under way takes. */
const TRAVEL: ReadonlySet<PassengerStep> = new Set(['depart', 'arrive']);

for (const { engine, skip } of engines()) {
  describe(`passenger state machine, property (${engine})`, { skip }, () => {
    let t: TestApp;
    let o: Awaited<ReturnType<typeof buildOperation>>;
    const people: string[] = [];
    let run = 0;
    before(async () => {
      t = await startTestApp(engine);
      // An hour before the first leg leaves: bookings are still taken, departures and arrivals may be recorded.
      t.clock.set(new Date('2026-07-01T05:00:00Z'));
      o = await buildOperation(t);
      for (let i = 0; i < PEOPLE; i++)
        people.push((await buildTraveller(t, o.officer, { givenName: `Prop${i}`, familyName: 'Traveller' })).id);
    });
    after(() => t?.close());

    test('seat counters always equal the seats the model holds; refusals are the ones the model predicts', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 14 }), async (actions) => {
          run += 1;
          const mv = await buildMovement(t, o.officer, {
            type: 'resettlement',
            reference: `PROP-${engine.toUpperCase()}-${run}`,
            originCountry: 'IRQ',
            destinationCountry: 'ETH',
            legs: [
              legBody(CAPACITY),
              legBody(CAPACITY + 2, '2026-07-01', {
                departsAt: '2026-07-01T12:00:00Z',
                arrivesAt: '2026-07-01T16:00:00Z',
              }),
            ],
          });
          const status = new Map<number, { id: string; status: Status }>();
          const seatHolding = (s: Status) => s !== 'no_show' && s !== 'cancelled';
          let started = false;
          for (const a of actions) {
            if (a.kind === 'start') {
              const res = await as(t, o.officer, 'POST', `/api/movements/${mv.id}/status`, { status: 'in_progress' });
              if (started) assert.equal(res.json().code, 'invalid_transition', res.body);
              else assert.equal(res.statusCode, 200, res.body);
              started = true;
              continue;
            }
            const cur = status.get(a.person);
            if (a.kind === 'book') {
              const res = await as(t, o.officer, 'POST', `/api/movements/${mv.id}/passengers`, {
                beneficiaryId: people[a.person],
                fitToTravel: 'fit',
                document: { type: 'passport', number: `P${a.person}`, expiresOn: '2030-01-01' },
              });
              const seats = [...status.values()].filter((x) => seatHolding(x.status)).length;
              if (cur && seatHolding(cur.status)) assert.equal(res.json().code, 'conflict', res.body);
              else if (seats >= CAPACITY) assert.equal(res.json().code, 'leg_full', res.body);
              else {
                assert.equal(res.statusCode, 201, res.body);
                status.set(a.person, { id: res.json().id, status: 'booked' });
              }
            } else if (cur) {
              const res = await as(t, o.officer, 'POST', `/api/passengers/${cur.id}/${PATH[a.step]}`);
              if (!STEPS[a.step].from.includes(cur.status))
                assert.equal(res.json().code, 'invalid_transition', res.body);
              else if (TRAVEL.has(a.step) && !started)
                assert.equal(res.json().code, 'movement_not_under_way', res.body);
              else {
                assert.equal(res.statusCode, 200, res.body);
                cur.status = STEPS[a.step].to;
              }
            }
            const legs = await t.deps.database.db
              .selectFrom('movement_legs')
              .select('booked')
              .where('movement_id', '=', mv.id)
              .orderBy('seq')
              .execute();
            const seats = [...status.values()].filter((x) => seatHolding(x.status)).length;
            assert.deepEqual(
              legs.map((l) => l.booked),
              [seats, seats],
            );
          }
        }),
        { numRuns: 12 },
      );
    });
  });
}
