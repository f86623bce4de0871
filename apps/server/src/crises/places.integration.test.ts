// GET /api/places: OCHA's list of places of a country (admin levels 1 and 2), so that a person picks a p-code by its
// place's name instead of knowing the code. Reference data for any signed-in user; bad queries answer 400 by field.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildOrganisation, engines, startTestApp, type TestApp } from '../../test/harness.ts';
import { as, buildMember, type Member } from '../beneficiaries/beneficiaries.fixtures.ts';

type Place = { pcode: string; name: string; level: number; parent: string };

for (const { engine, skip } of engines()) {
  describe(`places by OCHA's p-code list (${engine})`, { skip }, () => {
    let t: TestApp;
    let caseworker: Member;
    before(async () => {
      t = await startTestApp(engine);
      caseworker = await buildMember(t, (await buildOrganisation(t)).id, ['caseworker']);
    });
    after(() => t?.close());

    const places = async (query: string) => {
      const res = await as(t, caseworker, 'GET', `/api/places?${query}`);
      assert.equal(res.statusCode, 200, res.body);
      return res.json() as { covered: boolean; items: Place[] };
    };

    test('a country’s places, found by part of the name or of the p-code (any case)', async () => {
      const all = await places('country=IRQ');
      assert.equal(all.covered, true);
      const levels = all.items.map((p) => p.level);
      assert.ok(levels.includes(1) && levels.includes(2), 'admin 1 and admin 2');
      assert.deepEqual(levels, [...levels].sort(), 'admin 1 first');
      assert.deepEqual(
        all.items.find((p) => p.pcode === 'IQG11'),
        { pcode: 'IQG11', name: 'Erbil', level: 1, parent: 'IRQ' },
      );
      const erbil = await places('country=IRQ&q=ERBIL&level=1');
      assert.deepEqual(
        erbil.items.map((p) => p.pcode),
        ['IQG11'],
      );
      assert.ok((await places('country=IRQ&q=iqg11')).items.some((p) => p.pcode === 'IQG11'));
      // Inside Erbil: its admin 2 places only.
      const inside = await places('country=IRQ&parent=IQG11');
      assert.ok(inside.items.length > 0);
      assert.ok(inside.items.every((p) => p.level === 2 && p.parent === 'IQG11' && p.pcode.startsWith('IQG11')));
      assert.deepEqual((await places('country=IRQ&q=nowhere-at-all')).items, []);
    });

    test('a country the list does not cover says so; bad queries are refused by field', async () => {
      assert.deepEqual(await places('country=FRA'), { covered: false, items: [] });
      for (const [query, pointer] of [
        ['', '/country'],
        ['country=QQQ', '/country'],
        ['country=IRQ&level=3', '/level'],
        ['country=IRQ&parent=erbil', '/parent'],
        ['country=IRQ&contry=IRQ', '/contry'],
      ] as const) {
        const res = await as(t, caseworker, 'GET', `/api/places?${query}`);
        assert.equal(res.statusCode, 400, `${query}: ${res.body}`);
        assert.equal(res.json().errors[0].pointer, pointer, query);
      }
      const anonymous = await t.app.inject({ method: 'GET', url: '/api/places?country=IRQ' });
      assert.equal(anonymous.statusCode, 401);
    });
  });
}
