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

    test('accepting a request: a child’s assent refused is named at the form’s own field, child.assent', async () => {
      const crisis = await ok<{ id: string }>(
        as(t, o.officer, 'POST', '/api/crises', crisisBody({ code: 'IRQ-2026-ASSENT', startedOn: '2026-06-01' })),
        201,
      );
      const request = (dateOfBirth: string) =>
        ok<{ id: string }>(
          as(t, o.officer, 'POST', `/api/crises/${crisis.id}/evacuation-requests`, {
            channel: 'individual',
            nationality: 'ETH',
            givenName: 'Selam',
            dateOfBirth,
          }),
          201,
        );
      const accept = (id: string, body: unknown) => refused(`/api/evacuation-requests/${id}/accept`, body);
      // A child (born 2015): the assent is required, and this form takes it in child.assent (not the ledger's own
      // /childAssent, which the form does not have).
      const child = await request('2015-03-01');
      const required = await accept(child.id, {});
      assert.deepEqual(pointers(required), ['/child/assent']);
      assert.equal(required[0]?.params?.rule, 'required');
      // An adult: an assent given for them is out of place, at the same field.
      const adult = await request('1990-03-01');
      const notAChild = await accept(adult.id, {
        child: { separation: 'separated', guardianName: 'Focal point', assent: 'given' },
      });
      assert.deepEqual(pointers(notAChild), ['/child/assent']);
      assert.equal(notAChild[0]?.params?.rule, 'not_a_child');
      // A person registered with only the year of birth (2008): on 20 June 2026 they may be 17 still, so they count
      // as a child (the protective reading the web shares: contracts isChildOn), though born "2008-01-01" exactly
      // they would be 18.
      const yearOnly = await ok<{ id: string }>(
        as(t, o.officer, 'POST', '/api/beneficiaries', {
          givenName: 'Selam',
          dateOfBirth: '2008-01-01',
          dobPrecision: 'year',
          country: 'IRQ',
          citizenships: ['ETH'],
        }),
        201,
      );
      const yearRequired = await accept((await request('2008-01-01')).id, { beneficiaryId: yearOnly.id });
      assert.deepEqual(pointers(yearRequired), ['/child/assent']);
      assert.equal(yearRequired[0]?.params?.rule, 'required');
      // Nothing was registered or accepted by the refused answers; with the assent the child's request is accepted.
      await ok(
        as(t, o.officer, 'POST', `/api/evacuation-requests/${child.id}/accept`, {
          child: { separation: 'unaccompanied', guardianName: 'Focal point', assent: 'given' },
        }),
        200,
      );
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
