// The checks of a crisis and of an evacuation request against the clock (a crisis that has not started, a birth
// date in the future), and every problem of a form reported at once: when the contract refuses some fields, the
// checks against the clock still run on the others (route.ts checksWhenRefused), so a person fixing the form is not
// told about a date only after fixing the rest.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { engines, startTestApp, type TestApp } from '../../test/harness.ts';
import { as } from '../beneficiaries/beneficiaries.fixtures.ts';
import { buildOperation, ok } from '../movements/movements.fixtures.ts';

type Issue = { pointer: string; code: string; params?: { rule?: string } };

const crisisBody = (over: Record<string, unknown> = {}) => ({
  code: 'IRQ-2026-FLOODS',
  name: 'Floods in the south',
  country: 'IRQ',
  areas: [],
  startedOn: '2026-06-10',
  emergencyLevel: 'L2',
  ...over,
});

for (const { engine, skip } of engines()) {
  describe(`crises and evacuation requests: checks against the clock, all problems at once (${engine})`, {
    skip,
  }, () => {
    let t: TestApp;
    let o: Awaited<ReturnType<typeof buildOperation>>;
    before(async () => {
      t = await startTestApp(engine);
      t.clock.set(new Date('2026-06-20T08:00:00Z'));
      o = await buildOperation(t);
    });
    after(() => t?.close());

    const refused = async (path: string, body: unknown): Promise<Issue[]> => {
      const res = await as(t, o.officer, 'POST', path, body);
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(res.json().code, 'validation_failed');
      return res.json().errors as Issue[];
    };
    const pointers = (issues: Issue[]) => issues.map((i) => i.pointer).sort();

    test('a crisis that starts in the future is refused at its start date; today is accepted', async () => {
      const issues = await refused('/api/crises', crisisBody({ startedOn: '2026-06-21' }));
      assert.deepEqual(pointers(issues), ['/startedOn']);
      assert.equal(issues[0]?.params?.rule, 'not_future');
      // With a bad code too, both problems come in one answer.
      const both = await refused('/api/crises', crisisBody({ code: 'bad code!!', startedOn: '2099-01-01' }));
      assert.deepEqual(pointers(both), ['/code', '/startedOn']);
      // A start date that is not a date is the contract's to report, once.
      const shape = await refused('/api/crises', crisisBody({ code: 'bad code!!', startedOn: '20/06/2026' }));
      assert.deepEqual(pointers(shape), ['/code', '/startedOn']);
      await ok(as(t, o.officer, 'POST', '/api/crises', crisisBody({ startedOn: '2026-06-20' })), 201);
      const list = await ok<{ items: { code: string }[] }>(as(t, o.officer, 'GET', '/api/crises'), 200);
      assert.deepEqual(
        list.items.map((c) => c.code),
        ['IRQ-2026-FLOODS'],
        'the refused ones left nothing behind',
      );
    });

    test('an evacuation request: a birth date in the future is named with the other problems', async () => {
      const crisis = await ok<{ id: string }>(
        as(t, o.officer, 'POST', '/api/crises', crisisBody({ code: 'IRQ-2026-L3', startedOn: '2026-06-01' })),
        201,
      );
      const path = `/api/crises/${crisis.id}/evacuation-requests`;
      const request = (over: Record<string, unknown>) => ({
        channel: 'individual',
        nationality: 'ETH',
        givenName: 'Almaz',
        familyName: 'Tesfaye',
        dateOfBirth: '1994-02-11',
        phone: '+964 750 123 4567',
        ...over,
      });
      const all = await refused(
        path,
        request({ givenName: null, familyName: null, phone: 'abc', dateOfBirth: '2099-01-01' }),
      );
      assert.deepEqual(pointers(all), ['/dateOfBirth', '/givenName', '/phone']);
      assert.equal(all.find((i) => i.pointer === '/dateOfBirth')?.params?.rule, 'not_future');
      // Alone, the birth date is still refused (by the registry's own check when the request is taken).
      const alone = await refused(path, request({ dateOfBirth: '2099-01-01' }));
      assert.deepEqual(pointers(alone), ['/dateOfBirth']);
      await ok(as(t, o.officer, 'POST', path, request({})), 201);
    });

    test('registering a person: a birth date in the future comes with the contract’s problems', async () => {
      const res = await as(t, o.officer, 'POST', '/api/beneficiaries', {
        givenName: 'Almaz',
        dateOfBirth: '2099-01-01',
        phone: 'abc',
        country: 'IRQ',
        citizenships: ['ETH'],
      });
      assert.equal(res.statusCode, 400, res.body);
      assert.deepEqual(pointers(res.json().errors), ['/dateOfBirth', '/phone']);
    });
  });
}
