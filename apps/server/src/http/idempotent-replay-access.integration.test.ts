// A retried request (the same Idempotency-Key) gives the first answer again, but access is decided at the replay:
// on both engines, an answer naming a person the caller may no longer see (a sensitive case opened since, the caller
// not on it) is refused, not replayed; the staff on the case get it again, the showing audited as a sensitive read.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildOrganisation, engines, idemKey, startTestApp, type TestApp } from '../../test/harness.ts';
import { as, buildMember, type Member, openSensitiveCase } from '../beneficiaries/beneficiaries.fixtures.ts';
import { sensitiveReads } from '../cases/cases.fixtures.ts';
import { peopleNamedIn } from './idempotency.ts';

const person = (givenName: string) => ({ givenName, familyName: 'Replay', sex: 'female', dateOfBirth: '1994-03-02' });

for (const { engine, skip } of engines()) {
  describe(`idempotent replays and access (${engine})`, { skip }, () => {
    let t: TestApp;
    let onCase: Member;
    let colleague: Member;
    before(async () => {
      t = await startTestApp(engine);
      t.clock.set(new Date('2026-06-20T08:00:00Z'));
      const org = await buildOrganisation(t, { country: 'IRQ' });
      onCase = await buildMember(t, org.id, ['caseworker']);
      colleague = await buildMember(t, org.id, ['caseworker', 'supervisor']);
    });
    after(() => t?.close());

    test('a replay naming a person restricted since is refused to a colleague not on their case', async () => {
      const key = idemKey();
      const first = await as(t, colleague, 'POST', '/api/beneficiaries', person('Hiwet'), { 'idempotency-key': key });
      assert.equal(first.statusCode, 201, first.body);
      const id = (first.json() as { id: string }).id;
      const again = await as(t, colleague, 'POST', '/api/beneficiaries', person('Hiwet'), { 'idempotency-key': key });
      assert.equal(again.statusCode, 201, 'before any restriction the answer is replayed');
      assert.equal(again.headers['idempotent-replayed'], 'true');

      await openSensitiveCase(t, onCase.organisationId, id, onCase.id);
      const refused = await as(t, colleague, 'POST', '/api/beneficiaries', person('Hiwet'), { 'idempotency-key': key });
      assert.equal(refused.statusCode, 409, refused.body);
      assert.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.ok(!refused.body.includes('Hiwet'), 'the refused replay names nobody');
      assert.match((refused.json() as { detail: string }).detail, /may no longer see/);
      const view = await as(t, colleague, 'GET', `/api/beneficiaries/${id}`);
      assert.ok(!view.body.includes('Hiwet'), 'and the record at its address does not show the name either');
    });

    test('the staff on the case get the answer again, audited as a sensitive read', async () => {
      const key = idemKey();
      const first = await as(t, onCase, 'POST', '/api/beneficiaries', person('Saba'), { 'idempotency-key': key });
      assert.equal(first.statusCode, 201, first.body);
      const id = (first.json() as { id: string }).id;
      await openSensitiveCase(t, onCase.organisationId, id, onCase.id);
      const before = (await sensitiveReads(t, id)).length;
      const again = await as(t, onCase, 'POST', '/api/beneficiaries', person('Saba'), { 'idempotency-key': key });
      assert.equal(again.statusCode, 201, again.body);
      assert.equal(again.body, first.body);
      const reads = (await sensitiveReads(t, id)).slice(before);
      assert.deepEqual(
        reads.map((r) => [r.action, (JSON.parse(r.details) as { via: string }).via]),
        [['beneficiary.read', 'replay']],
      );
    });
  });
}

describe('the people a stored answer names', () => {
  test('every beneficiaryId at any depth, the created person and the person a route acts on', () => {
    const body = JSON.stringify({ id: 'm1', items: [{ beneficiaryId: 'b1' }, { nested: { beneficiaryId: 'b2' } }] });
    assert.deepEqual(peopleNamedIn('/api/movements/:id/passengers', { id: 'm1' }, body).sort(), ['b1', 'b2']);
    assert.deepEqual(peopleNamedIn('/api/beneficiaries', {}, JSON.stringify({ id: 'p1' })), ['p1']);
    assert.deepEqual(peopleNamedIn('/api/beneficiaries/:id/consents', { id: 'p2' }, '{"id":"c1"}'), ['p2']);
    assert.deepEqual(peopleNamedIn('/api/funds', {}, JSON.stringify({ id: 'f1', beneficiaryId: null })), []);
    assert.deepEqual(peopleNamedIn('/api/cases', {}, 'not json'), []);
  });
});
