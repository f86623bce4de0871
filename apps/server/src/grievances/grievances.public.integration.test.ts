// The public tracking page on both engines: a tracking code is read as people type it (lower case, spaces, and
// the digits 0, 1 and 8 for the letters O, I and B, which base32 cannot confuse: it has no 0, 1, 8 or 9).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildOrganisation, engines, startTestApp, type TestApp } from '../../test/harness.ts';
import { buildStaff } from '../cases/cases.fixtures.ts';
import { FILINGS_PER_HOUR, WRONG_CODES_PER_HOUR } from './grievances.public.ts';
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

    test('the intake and tracking pages refused for too many attempts say how long to wait, with Retry-After', async () => {
      /** The page's Retry-After, checked to be whole seconds within the limit's window, and its whole minutes. */
      const waitOf = (r: { headers: Record<string, unknown> }) => {
        const seconds = Number(r.headers['retry-after']);
        assert.ok(Number.isInteger(seconds) && seconds > 0 && seconds <= 3600, String(r.headers['retry-after']));
        return Math.ceil(seconds / 60);
      };
      const filer = nextAddress();
      const form = new URLSearchParams({
        categories: 'fees_charged',
        description: 'The agency kept my passport until I paid.',
        recruiter: 'Golden Gate Manpower',
        licence: 'RL-4411',
        employer: 'Desert Build Co',
        country: 'SAU',
        name: 'Rina Devi',
        phone: '+977 98 1234 5678',
        handoverConsent: 'yes',
      }).toString();
      const fileFromPage = (lang: string) =>
        t.app.inject({
          method: 'POST',
          url: `/public/grievances?lang=${lang}`,
          remoteAddress: filer,
          headers: FORM,
          payload: form,
        });
      for (let i = 0; i < FILINGS_PER_HOUR; i++) assert.equal((await fileFromPage('en')).statusCode, 201);
      const refused = await fileFromPage('en');
      assert.equal(refused.statusCode, 429, refused.body);
      const minutes = waitOf(refused);
      assert.ok(refused.body.includes(`Try again in ${minutes} minutes.`), refused.body);
      assert.equal(refused.headers['cache-control'], 'no-store');
      // The form comes back with what the worker wrote, the wait said above it, to send again later.
      const body = refused.body;
      assert.ok(body.indexOf('id="g-refusal"') < body.indexOf('<form'), body);
      assert.ok(body.includes('<form class="stack" method="post" action="/public/grievances?lang=en"'), body);
      assert.ok(body.includes('value="fees_charged" checked'), body);
      assert.ok(body.includes('>The agency kept my passport until I paid.</textarea>'), body);
      for (const kept of ['Golden Gate Manpower', 'RL-4411', 'Desert Build Co', 'Rina Devi', '+977 98 1234 5678'])
        assert.ok(body.includes(`value="${kept}"`), kept);
      assert.ok(body.includes('<option value="SAU" selected>'), body);
      assert.ok(body.includes('name="handoverConsent" value="yes" checked'), body);
      assert.ok(!body.includes('aria-invalid'), 'nothing is wrong with the fields');
      const refusedFr = await fileFromPage('fr');
      assert.equal(refusedFr.statusCode, 429);
      assert.ok(refusedFr.body.includes(`Réessayez dans ${waitOf(refusedFr)}\u00a0minutes.`), refusedFr.body);

      const guesser = nextAddress();
      const guess = (lang: string) =>
        t.app.inject({
          method: 'POST',
          url: `/public/grievances/track?lang=${lang}`,
          remoteAddress: guesser,
          headers: FORM,
          payload: new URLSearchParams({ code: 'AAAAA-AAAAA-AAAAA-AAAA2', action: 'show' }).toString(),
        });
      for (let i = 0; i < WRONG_CODES_PER_HOUR; i++) assert.equal((await guess('en')).statusCode, 404);
      const blocked = await guess('ar');
      assert.equal(blocked.statusCode, 429, blocked.body);
      const left = waitOf(blocked);
      assert.ok(blocked.body.includes('حاول مرة أخرى بعد'), blocked.body);
      assert.ok(blocked.body.includes(left > 10 ? `${left} دقيقة` : `${left} دقائق`), blocked.body);
      assert.equal(blocked.headers['cache-control'], 'no-store');
      // A reply from the blocked address is refused too, and comes back with what the worker wrote, to send later.
      const reply = await t.app.inject({
        method: 'POST',
        url: '/public/grievances/track?lang=en',
        remoteAddress: guesser,
        headers: FORM,
        payload: new URLSearchParams({
          code: CODE,
          action: 'reply',
          message: 'They still keep my passport & say <wait>.',
        }).toString(),
      });
      assert.equal(reply.statusCode, 429, reply.body);
      waitOf(reply);
      assert.equal(reply.headers['cache-control'], 'no-store');
      assert.ok(reply.body.includes('Try again in'), reply.body);
      assert.ok(
        reply.body.includes('>They still keep my passport &amp; say &lt;wait&gt;.</textarea>'),
        'the message is kept, escaped',
      );
      assert.ok(reply.body.includes(`name="code" value="${CODE}"`), reply.body);
      assert.ok(reply.body.includes('name="action" value="reply"'), reply.body);
    });

    test('the intake page while reports cannot be received (503) keeps what the worker wrote', async () => {
      const closed = await startTestApp(engine);
      try {
        const r = await closed.app.inject({
          method: 'POST',
          url: '/public/grievances?lang=es',
          remoteAddress: nextAddress(),
          headers: FORM,
          payload: new URLSearchParams({
            categories: 'wages_unpaid',
            description: 'No me pagan desde marzo.',
            phone: '+977 98 7654 3210',
          }).toString(),
        });
        assert.equal(r.statusCode, 503, r.body);
        assert.ok(r.body.includes('id="g-refusal"'), r.body);
        assert.ok(r.body.includes('>No me pagan desde marzo.</textarea>'), r.body);
        assert.ok(r.body.includes('value="wages_unpaid" checked'), r.body);
        assert.ok(r.body.includes('value="+977 98 7654 3210"'), r.body);
      } finally {
        await closed.close();
      }
    });
  });
}
