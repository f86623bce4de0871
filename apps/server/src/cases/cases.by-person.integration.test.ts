import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildOrganisation, engines, startTestApp, type TestApp } from '../../test/harness.ts';
import { buildStaff, call, forms, openCase, personWithAssistanceBasis } from './cases.fixtures.ts';

for (const { engine, skip } of engines()) {
  describe(`a person's cases (${engine})`, { skip }, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine);
    });
    after(() => t?.close());

    test('GET /api/cases?beneficiaryId lists that person’s cases the caller may read, and nothing of others', async () => {
      const org = await buildOrganisation(t);
      const worker = await buildStaff(t, org.id, ['caseworker']);
      const colleague = await buildStaff(t, org.id, ['caseworker']);
      const amina = await personWithAssistanceBasis(t, worker, { nameLatin: 'Amina Yusuf' });
      const other = await personWithAssistanceBasis(t, worker, { nameLatin: 'Selam Tesfaye' });
      const protection = await openCase(t, worker, amina, forms.protection());
      const avrr = await openCase(t, worker, amina, forms.avrr());
      await openCase(t, worker, other, forms.protection());
      const mine = await call(t, worker, 'GET', `/api/cases?beneficiaryId=${amina}`);
      assert.equal(mine.statusCode, 200);
      const refs = mine
        .json()
        .items.map((c: { reference: string }) => c.reference)
        .sort();
      assert.deepEqual(refs, [protection.reference, avrr.reference].sort());
      // A sensitive case of the same person stays out of a colleague's list.
      const trafficking = await openCase(t, worker, amina, forms.trafficking());
      const theirs = await call(t, colleague, 'GET', `/api/cases?beneficiaryId=${amina}`);
      assert.ok(!theirs.body.includes(trafficking.reference));
      const bad = await call(t, worker, 'GET', '/api/cases?beneficiaryId=amina');
      assert.equal(bad.statusCode, 400);
    });
  });
}
