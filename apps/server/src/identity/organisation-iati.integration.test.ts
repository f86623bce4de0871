// An organisation's IATI identifier (org-id.guide): set at creation or later, checked for its form, unique across
// organisations, cleared with null, and audited as a change. The IATI export's use of it is tested with funds.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  buildOrganisation,
  buildUser,
  engines,
  idemKey,
  type SessionAuth,
  signIn,
  startTestApp,
  type TestApp,
} from '../../test/harness.ts';

for (const { engine, skip } of engines()) {
  describe(`an organisation's IATI identifier (${engine})`, { skip }, () => {
    let t: TestApp;
    let platform: SessionAuth;
    before(async () => {
      t = await startTestApp(engine);
      const home = await buildOrganisation(t);
      platform = await signIn(t, await buildUser(t, home.id, ['platform_admin']));
    });
    after(() => t?.close());

    const create = (body: Record<string, unknown>) =>
      t.app.inject({
        method: 'POST',
        url: '/api/organisations',
        headers: { ...platform.headers, 'idempotency-key': idemKey() },
        payload: { name: 'Publishing agency', kind: 'international_organisation', country: 'CHE', ...body },
      });
    const patch = (who: SessionAuth, id: string, etag: string, body: Record<string, unknown>) =>
      t.app.inject({
        method: 'PATCH',
        url: `/api/organisations/${id}`,
        headers: { ...who.headers, 'if-match': etag },
        payload: body,
      });

    test('set at creation, unique, of the right form; its own administrator changes and clears it', async () => {
      const made = await create({ code: 'PUB-ONE', iatiIdentifier: 'XM-DAC-99001' });
      assert.equal(made.statusCode, 201, made.body);
      assert.equal(made.json().iatiIdentifier, 'XM-DAC-99001');

      const taken = await create({ code: 'PUB-TWO', iatiIdentifier: 'XM-DAC-99001' });
      assert.equal(taken.statusCode, 409);
      assert.match(taken.json().detail, /IATI identifier/);
      for (const wrong of ['12345678', 'xm-dac-1', 'ZZ-ORG-12/3', 'ZZ ORG 1']) {
        const r = await create({ code: 'PUB-THREE', iatiIdentifier: wrong });
        assert.equal(r.statusCode, 400, wrong);
        assert.deepEqual(
          r.json().errors.map((e: { pointer: string }) => e.pointer),
          ['/iatiIdentifier'],
        );
        assert.ok(!r.body.includes(wrong), 'the value is not echoed');
      }
      const without = await create({ code: 'PUB-FOUR' });
      assert.equal(without.statusCode, 201);
      assert.equal(without.json().iatiIdentifier, null);

      // The organisation's own administrator sets it, then clears it; another organisation's is refused meanwhile.
      const orgId = without.json().id as string;
      const admin = await signIn(t, await buildUser(t, orgId, ['admin']));
      const read = await t.app.inject({ method: 'GET', url: `/api/organisations/${orgId}`, headers: admin.headers });
      const dup = await patch(admin, orgId, String(read.headers.etag), { iatiIdentifier: 'XM-DAC-99001' });
      assert.equal(dup.statusCode, 409);
      const set = await patch(admin, orgId, String(read.headers.etag), { iatiIdentifier: 'GB-CHC-202918' });
      assert.equal(set.statusCode, 200, set.body);
      assert.equal(set.json().iatiIdentifier, 'GB-CHC-202918');
      const cleared = await patch(admin, orgId, String(set.headers.etag), { iatiIdentifier: null });
      assert.equal(cleared.statusCode, 200, cleared.body);
      assert.equal(cleared.json().iatiIdentifier, null);

      const changes = await t.deps.database.db
        .selectFrom('audit_log')
        .select('details')
        .where('entity_id', '=', orgId)
        .where('action', '=', 'organisation.update')
        .orderBy('seq')
        .execute();
      assert.deepEqual(
        changes.map((c) => JSON.parse(c.details).changed),
        [['iatiIdentifier'], ['iatiIdentifier']],
      );
    });
  });
}
