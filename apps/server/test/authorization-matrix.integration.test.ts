// The authorization matrix (SECURITY.md): every route the running app exposes, read from the app itself, must
// have a row here. For each: an unauthenticated call is refused (unless the route is public by policy), and a
// call about another organisation's record is refused with 404, exactly as if the record did not exist.
// A canary string of each organisation must never appear in another organisation's responses.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { buildOrganisation, buildUser, engines, signIn, startTestApp, type TestApp } from './harness.ts';

import { matrixParts } from './matrix/index.ts';
import type { Fixture } from './matrix/types.ts';

const uuid = '00000000-0000-4000-8000-000000000000';
const MATRIX = Object.assign({}, ...matrixParts.map((p) => p.rows)) as Record<string, import('./matrix/types.ts').Row>;

const concrete = (url: string) => url.replace(/:id/g, uuid);

for (const { engine, skip } of engines()) {
  describe(`authorization matrix (${engine})`, { skip }, () => {
    let t: TestApp;
    const fx: Record<'a' | 'b', Fixture> = {} as never;
    before(async () => {
      t = await startTestApp(engine);
      for (const k of ['a', 'b'] as const) {
        const canary = `CANARY-${k}-${randomUUID()}`;
        const org = await buildOrganisation(t, { name: `Org ${canary}` });
        const admin = await buildUser(t, org.id, ['admin', 'auditor', 'supervisor', 'caseworker'], {
          displayName: `Admin ${canary}`,
        });
        const session = await signIn(t, admin);
        const tok = await t.app.inject({
          method: 'POST',
          url: '/api/tokens',
          headers: session.headers,
          payload: { name: `token ${canary}`, roles: ['admin'], expiresInDays: 5 },
        });
        assert.equal(tok.statusCode, 201);
        fx[k] = { orgId: org.id, adminId: admin.id, tokenId: tok.json().token.id, canary, session, ids: {} };
        for (const part of matrixParts) if (part.setup) Object.assign(fx[k].ids, await part.setup(t, fx[k]));
      }
    });
    after(() => t?.close());

    test('every route of the running app has a row in the matrix, and every row a route', () => {
      // /api/* and the server-rendered public pages (/public, /public/*); the SPA fallback /* is not a route of ours
      const live = t.app.routeTable
        .filter((r) => r.url.startsWith('/api/') || r.url === '/public' || r.url.startsWith('/public/'))
        .map((r) => `${r.method} ${r.url}`);
      const missing = live.filter((k) => !(k in MATRIX));
      assert.deepEqual(missing, [], `routes without an authorization row: ${missing.join(', ')}`);
      const stale = Object.keys(MATRIX).filter((k) => !live.includes(k));
      assert.deepEqual(stale, [], `matrix rows without a route: ${stale.join(', ')}`);
      for (const r of t.app.routeTable) {
        const row = MATRIX[`${r.method} ${r.url}`];
        if (row)
          assert.equal(
            Boolean(r.policy.anonymous),
            row.anonymous,
            `${r.method} ${r.url}: policy and matrix disagree on anonymity`,
          );
      }
    });

    test('unauthenticated requests are refused on every non-public route', async () => {
      for (const [key, row] of Object.entries(MATRIX)) {
        if (row.anonymous) continue;
        const [method, url] = key.split(' ') as [string, string];
        const res = await t.app.inject({
          method: method as 'GET',
          url: concrete(url),
          ...(row.payload ? { payload: row.payload } : {}),
        });
        assert.equal(res.statusCode, 401, `${key} without credentials gave ${res.statusCode}`);
        if (method !== 'HEAD') assert.equal(res.json().code, 'unauthenticated', key);
      }
    });

    test('another organisation’s records answer 404, with nothing about them', async () => {
      for (const [key, row] of Object.entries(MATRIX)) {
        if (typeof row.otherOrg !== 'function') continue;
        const [method] = key.split(' ') as [string];
        const target = row.otherOrg(fx.b);
        const headers: Record<string, string> = { ...fx.a.session.headers };
        if (target.ifMatch) headers['if-match'] = '"v1"';
        const res = await t.app.inject({
          method: method as 'GET',
          url: target.url,
          headers,
          ...(target.payload ? { payload: target.payload } : {}),
        });
        assert.equal(
          res.statusCode,
          target.expect ?? 404,
          `${key} on another organisation's record gave ${res.statusCode}`,
        );
        assert.ok(!res.body.includes(fx.b.canary), `${key} leaked the other organisation's canary`);
        // a record that does not exist at all gives the same answer
        if (res.statusCode === 404) {
          const ghost = await t.app.inject({
            method: method as 'GET',
            url: target.url.replace(/[0-9a-f-]{36}/, uuid),
            headers,
            ...(target.payload ? { payload: target.payload } : {}),
          });
          assert.equal(ghost.statusCode, 404);
          if (method !== 'HEAD')
            assert.equal(ghost.json().detail, res.json().detail, `${key}: other-org and missing differ`);
        }
      }
      // nothing was changed in organisation B
      const b = await t.app.inject({ method: 'GET', url: `/api/users/${fx.b.adminId}`, headers: fx.b.session.headers });
      assert.equal(b.json().disabled, false);
      const tok = await t.deps.database.db
        .selectFrom('api_tokens')
        .select('revoked_at')
        .where('id', '=', fx.b.tokenId)
        .executeTakeFirstOrThrow();
      assert.equal(tok.revoked_at, null);
    });

    test('canary: list and read responses of one organisation never carry another’s marker', async () => {
      for (const [key, row] of Object.entries(MATRIX)) {
        const [method, url] = key.split(' ') as [string, string];
        if (method !== 'GET' || url.includes(':id')) continue;
        if (row.anonymous && url !== '/api/health') continue;
        if (row.directory) continue;
        const res = await t.app.inject({ method: 'GET', url, headers: fx.a.session.headers });
        assert.ok(res.statusCode < 500, key);
        assert.ok(!res.body.includes(fx.b.canary), `${key} leaked organisation B's canary`);
        assert.ok(!res.body.includes(fx.b.orgId), `${key} mentions organisation B`);
      }
    });
  });
}
