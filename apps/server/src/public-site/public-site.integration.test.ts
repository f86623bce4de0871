import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { engines, startTestApp, type TestApp } from '../../test/harness.ts';
import { createApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { purgeExpired } from '../system/housekeeping.ts';
import { escapeHtml, html } from './html.ts';
import { fromAcceptLanguage } from './i18n.ts';

describe('public-site building blocks', () => {
  test('html escapes every interpolated value, nests fragments and joins arrays', () => {
    const evil = '<script>alert("x")</script>&\'`';
    const out = html`<p title="${evil}">${evil}${[html`<b>${'<i>'}</b>`, 'a<b']}${null}${undefined}${false}</p>`;
    assert.equal(
      out.value,
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;&#96;">' +
        '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;&#96;<b>&lt;i&gt;</b>a&lt;b</p>',
    );
    assert.equal(escapeHtml('"a" & b'), '&quot;a&quot; &amp; b');
  });

  test('Accept-Language picks the best supported language by quality and order', () => {
    assert.equal(fromAcceptLanguage(undefined), 'en');
    assert.equal(fromAcceptLanguage('de-DE, ar;q=0.8, fr;q=0.9'), 'fr');
    assert.equal(fromAcceptLanguage('ar-SA,ar;q=0.9,en;q=0.8'), 'ar');
    assert.equal(fromAcceptLanguage('es-419'), 'es');
    assert.equal(fromAcceptLanguage('de, it'), 'en');
    assert.equal(fromAcceptLanguage('fr;q=0.5, es;q=0.5'), 'fr');
  });
});

for (const { engine, skip } of engines()) {
  describe(`public site (${engine})`, { skip }, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine, { env: { CORRIDOR_PUBLIC_RATE_LIMIT_PER_MINUTE: '5' } });
    });
    after(() => t?.close());

    test('home page: HTML in the negotiated language, rtl for Arabic, language links keep the path', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/public', headers: { 'accept-language': 'ar,en;q=0.5' } });
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^text\/html; charset=utf-8/);
      assert.equal(res.headers['content-language'], 'ar');
      assert.match(res.body, /^<!doctype html><html lang="ar" dir="rtl">/);
      assert.match(res.body, /<meta name="viewport" content="width=device-width, initial-scale=1">/);
      assert.match(res.body, /href="\/public\?lang=fr"/);
      assert.match(res.body, /href="\/public\/site.css"/);
      // An empty icon: the browser does not ask for /favicon.ico (a 404 on every page, on a migrant's data plan).
      assert.match(res.body, /<link rel="icon" href="data:,">/);
      assert.match(String(res.headers['content-security-policy']), /style-src 'self'/);
      assert.doesNotMatch(res.body, /<script|style=/);
      const fr = await t.app.inject({ method: 'GET', url: '/public?lang=fr', headers: { 'accept-language': 'ar' } });
      assert.match(fr.body, /<html lang="fr" dir="ltr">/);
      const bogus = await t.app.inject({ method: 'GET', url: '/public?lang=xx' });
      assert.equal(bogus.statusCode, 200);
      assert.match(bogus.body, /<html lang="en" dir="ltr">/);
    });

    test('stylesheet is served with a validator; unknown public paths are 404, not the web app', async () => {
      const css = await t.app.inject({ method: 'GET', url: '/public/site.css' });
      assert.equal(css.statusCode, 200);
      assert.match(String(css.headers['content-type']), /^text\/css/);
      const again = await t.app.inject({
        method: 'GET',
        url: '/public/site.css',
        headers: { 'if-none-match': String(css.headers.etag) },
      });
      assert.equal(again.statusCode, 304);
      const missing = await t.app.inject({ method: 'GET', url: '/public/nothing-here' });
      assert.equal(missing.statusCode, 404);
    });

    test('public pages are rate-limited per address with a readable page', async () => {
      let last = await t.app.inject({ method: 'GET', url: '/public', remoteAddress: '10.9.9.9' });
      for (let i = 0; i < 5; i++)
        last = await t.app.inject({ method: 'GET', url: '/public', remoteAddress: '10.9.9.9' });
      assert.equal(last.statusCode, 429);
      assert.ok(Number(last.headers['retry-after']) >= 1);
      assert.match(last.body, /<h1>Too many requests<\/h1>/);
      const other = await t.app.inject({ method: 'GET', url: '/public', remoteAddress: '10.9.9.10' });
      assert.equal(other.statusCode, 200);
    });

    test('two servers on one database share the limit; the API answers problem+json with Retry-After', async () => {
      // A second app instance: its own Fastify, its own config object, the same database and secret key, as a
      // second server behind a load balancer would have.
      const config = loadConfig({
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        CORRIDOR_WEB_DIST: '/nonexistent',
        CORRIDOR_PUBLIC_RATE_LIMIT_PER_MINUTE: '5',
      });
      const second: FastifyInstance = await createApp({ ...t.deps, config }, { logger: false });
      try {
        const ip = '10.7.7.7';
        const on = (app: FastifyInstance, url = '/api/public/centres') =>
          app.inject({ method: 'GET', url, remoteAddress: ip });
        // 5 allowed in the minute, alternating between the servers: 3 on one, 2 on the other
        for (let i = 0; i < 5; i++) assert.equal((await on(i % 2 ? second : t.app)).statusCode, 200, `request ${i}`);
        for (const app of [t.app, second]) {
          const refused = await on(app);
          assert.equal(refused.statusCode, 429);
          assert.match(String(refused.headers['content-type']), /^application\/problem\+json/);
          assert.equal(refused.json().code, 'rate_limited');
          const wait = Number(refused.headers['retry-after']);
          assert.ok(wait >= 1 && wait <= 60, `retry-after ${wait}`);
        }
        // the page form of the same limit, on the second server
        const page = await on(second, '/public');
        assert.equal(page.statusCode, 429);
        assert.match(page.body, /<h1>Too many requests<\/h1>/);
        // the table holds a keyed hash, never the address
        const rows = await t.deps.database.db.selectFrom('rate_limits').select(['bucket', 'hits']).execute();
        assert.ok(rows.every((r) => !r.bucket.includes('10.7.7.7') && !r.bucket.includes('10.9.9')));
        assert.ok(rows.some((r) => r.bucket.startsWith('public:') && r.hits === 8));
        // on SQLite the counter commits without its own fsync, and the connection is left as durable as before
        if (t.deps.database.sqlite) assert.equal(t.deps.database.sqlite.pragma('synchronous', { simple: true }), 2);
        // a new window opens after the minute, on both servers
        t.clock.advance(61_000);
        assert.equal((await on(second)).statusCode, 200);
        assert.equal((await on(t.app)).statusCode, 200);
        // housekeeping keeps the counters a day, then forgets them
        t.clock.advance(25 * 3_600_000);
        const purged = await purgeExpired(t.deps.database.db, t.deps.config, t.clock.now());
        assert.ok(purged.rateLimits >= 2);
        assert.equal(
          (
            await t.deps.database.db
              .selectFrom('rate_limits')
              .select('bucket')
              .where('bucket', 'like', 'public:%')
              .execute()
          ).length,
          0,
        );
      } finally {
        await second.close();
      }
    });

    test('the recruiter check is validated by the server: a too-short search is answered in the page’s language', async () => {
      const on = (url: string, remoteAddress: string) => t.app.inject({ method: 'GET', url, remoteAddress });
      // No search yet: the form (novalidate, so no browser bubble in the browser's language), no problem shown.
      const blank = await on('/public/recruiters?lang=fr', '10.6.6.1');
      assert.equal(blank.statusCode, 200);
      assert.match(
        blank.body,
        /<form class="search" method="get" action="\/public\/recruiters" role="search" novalidate>/,
      );
      assert.match(blank.body, /<input id="q" name="q" [^>]*required minlength="2">/);
      assert.ok(!blank.body.includes('Tapez au moins 2 lettres ou chiffres.'));
      // One character, or the form sent empty: the page says what to do, in its language, and marks the field.
      const one = await on('/public/recruiters?lang=fr&q=a', '10.6.6.2');
      assert.equal(one.statusCode, 200);
      assert.match(
        one.body,
        /<p class="notice warn" role="alert" id="q-problem">Tapez au moins 2 lettres ou chiffres\.<\/p>/,
      );
      assert.match(
        one.body,
        /<input id="q" name="q" [^>]*value="a" [^>]*aria-invalid="true" aria-describedby="q-problem">/,
      );
      const empty = await on('/public/recruiters?q=&lang=ar', '10.6.6.3');
      assert.ok(empty.body.includes('اكتب حرفين أو رقمين على الأقل.'));
      assert.match(empty.body, /<html lang="ar" dir="rtl">/);
      const en = await on('/public/recruiters?lang=en&q=%20-%20', '10.6.6.4');
      assert.ok(en.body.includes('Type at least 2 letters or digits.'));
      // Two letters are a search: no problem (and nothing registered here matches).
      const two = await on('/public/recruiters?lang=en&q=zq', '10.6.6.5');
      assert.ok(!two.body.includes('Type at least 2 letters or digits.'));
      assert.ok(!two.body.includes('aria-invalid'));
    });

    test('public pages are not in the API document', () => {
      const paths = Object.keys((t.app.openapi as { paths: Record<string, unknown> }).paths);
      assert.ok(paths.every((p) => p.startsWith('/api/')));
    });
  });
}
