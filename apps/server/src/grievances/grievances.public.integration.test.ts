// The public tracking page on both engines: a tracking code is read as people type it (lower case, spaces, and
// the digits 0, 1 and 8 for the letters O, I and B, which base32 cannot confuse: it has no 0, 1, 8 or 9).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildOrganisation, engines, startTestApp, type TestApp } from '../../test/harness.ts';
import { buildStaff } from '../cases/cases.fixtures.ts';
import { trackingHash } from './tracking-code.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
/** A code with each of the look-alike letters, so a typed 0, 1 or 8 must be read as O, I or B to find it. */
const CODE = 'IMPCN5J53YUJHZO2B3MK';

for (const { engine, skip } of engines()) {
  describe(`public grievance tracking page (${engine})`, { skip }, () => {
    let t: TestApp;
    let ip = 0;
    const nextAddress = () => `203.0.113.${++ip}`;
    before(async () => {
      t = await startTestApp(engine);
      const desk = (await buildOrganisation(t, { name: 'Certifying body', kind: 'international_organisation' })).id;
      const platform = (await buildOrganisation(t, { name: 'Platform' })).id;
      const admin = await buildStaff(t, platform, ['platform_admin']);
      const r = await t.app.inject({
        method: 'PUT',
        url: '/api/grievance-desk',
        headers: admin.session.headers,
        payload: { organisationId: desk, firstResponseDays: 5 },
      });
      assert.equal(r.statusCode, 200, r.body);
    });
    after(() => t?.close());

    test('a typed code: lower case, spaces, and 0, 1, 8 for O, I, B find the grievance', async () => {
      const filed = await t.app.inject({
        method: 'POST',
        url: '/api/public/grievances',
        remoteAddress: nextAddress(),
        payload: { categories: ['fees_charged'], description: 'The agency made me pay 1500 dollars before departure.' },
      });
      assert.equal(filed.statusCode, 201, filed.body);
      // The filed grievance is given a known code (its hash, as the service stores it).
      await t.deps.database.db
        .updateTable('grievances')
        .set({ tracking_hash: trackingHash(CODE) })
        .execute();
      const show = (code: string) =>
        t.app.inject({
          method: 'POST',
          url: '/public/grievances/track?lang=en',
          remoteAddress: nextAddress(),
          headers: FORM,
          payload: new URLSearchParams({ code, action: 'show' }).toString(),
        });
      for (const typed of ['1MPCN-5J53Y-UJHZ0-283MK', 'impcn 5j53y ujhz0 2b3mk', ' 1mpcn5j53yujhzo283mk ']) {
        const r = await show(typed);
        assert.equal(r.statusCode, 200, `${typed}: ${r.body}`);
        assert.match(r.body, /data-status="received"/, typed);
        // the code rides on in the reply form's hidden field as the letters it stands for
        assert.ok(r.body.includes(`name="code" value="${CODE}"`), typed);
      }
      // 9 is no letter's look-alike: still not a code
      assert.equal((await show('9MPCN-5J53Y-UJHZO-2B3MK')).statusCode, 422);
    });
  });
}
