// The authorization matrix (SECURITY.md): every route the running app exposes, read from the app itself, must
// have a row here. For each: an unauthenticated call is refused (unless the route is public by policy), and a
// call about another organisation's record is refused with 404, exactly as if the record did not exist.
// A canary string of each organisation must never appear in another organisation's responses.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  buildOrganisation,
  buildUser,
  engines,
  type SessionAuth,
  signIn,
  startTestApp,
  type TestApp,
} from './harness.ts';

type Fixture = { orgId: string; adminId: string; tokenId: string; canary: string };
type Row = {
  anonymous: boolean;
  /** How to address the other organisation's record, or why the route has none. */
  otherOrg: ((other: Fixture) => { url: string; payload?: unknown; ifMatch?: boolean }) | { none: string };
  /** Body for a well-formed call. */
  payload?: unknown;
};

const uuid = '00000000-0000-4000-8000-000000000000';

/** One row per route. A route missing here fails the suite. */
const MATRIX: Record<string, Row> = {
  'GET /api/health': { anonymous: true, otherOrg: { none: 'no record' } },
  'HEAD /api/health': { anonymous: true, otherOrg: { none: 'no record' } },
  'GET /api/openapi.json': { anonymous: true, otherOrg: { none: 'no record' } },
  'HEAD /api/openapi.json': { anonymous: true, otherOrg: { none: 'no record' } },
  'POST /api/auth/login': { anonymous: true, otherOrg: { none: 'signs in to one’s own account only' } },
  'GET /api/auth/session': { anonymous: false, otherOrg: { none: 'the caller’s own session' } },
  'HEAD /api/auth/session': { anonymous: false, otherOrg: { none: 'the caller’s own session' } },
  'POST /api/auth/second-factor': {
    anonymous: false,
    otherOrg: { none: 'the caller’s own session' },
    payload: { code: '123456' },
  },
  'POST /api/auth/totp/enrol': { anonymous: false, otherOrg: { none: 'the caller’s own account' } },
  'POST /api/auth/totp/activate': {
    anonymous: false,
    otherOrg: { none: 'the caller’s own account' },
    payload: { code: '123456' },
  },
  'POST /api/auth/logout': { anonymous: false, otherOrg: { none: 'the caller’s own session' } },
  'POST /api/auth/password': {
    anonymous: false,
    otherOrg: { none: 'the caller’s own account' },
    payload: { currentPassword: 'x', newPassword: 'y'.repeat(12) },
  },
  'GET /api/organisations': { anonymous: false, otherOrg: { none: 'list, checked by the canary test' } },
  'HEAD /api/organisations': { anonymous: false, otherOrg: { none: 'list, checked by the canary test' } },
  'POST /api/organisations': {
    anonymous: false,
    otherOrg: { none: 'creates a new organisation (platform administrators only)' },
    payload: { code: 'ZZ-1', name: 'Zed', kind: 'civil_society', country: 'SDN' },
  },
  'GET /api/organisations/:id': { anonymous: false, otherOrg: (o) => ({ url: `/api/organisations/${o.orgId}` }) },
  'HEAD /api/organisations/:id': { anonymous: false, otherOrg: (o) => ({ url: `/api/organisations/${o.orgId}` }) },
  'PATCH /api/organisations/:id': {
    anonymous: false,
    otherOrg: (o) => ({ url: `/api/organisations/${o.orgId}`, payload: { name: 'Taken over' }, ifMatch: true }),
  },
  'GET /api/users': { anonymous: false, otherOrg: { none: 'list, checked by the canary test' } },
  'HEAD /api/users': { anonymous: false, otherOrg: { none: 'list, checked by the canary test' } },
  'POST /api/users': {
    anonymous: false,
    otherOrg: (o) => ({
      url: '/api/users',
      payload: {
        organisationId: o.orgId,
        email: 'intruder@test.corridor.invalid',
        displayName: 'I',
        roles: ['admin'],
        password: 'Tq7!correct-horse-9',
      },
    }),
  },
  'GET /api/users/:id': { anonymous: false, otherOrg: (o) => ({ url: `/api/users/${o.adminId}` }) },
  'HEAD /api/users/:id': { anonymous: false, otherOrg: (o) => ({ url: `/api/users/${o.adminId}` }) },
  'PATCH /api/users/:id': {
    anonymous: false,
    otherOrg: (o) => ({ url: `/api/users/${o.adminId}`, payload: { disabled: true }, ifMatch: true }),
  },
  'POST /api/users/:id/second-factor/reset': {
    anonymous: false,
    otherOrg: (o) => ({ url: `/api/users/${o.adminId}/second-factor/reset` }),
  },
  'GET /api/tokens': { anonymous: false, otherOrg: { none: 'list, checked by the canary test' } },
  'HEAD /api/tokens': { anonymous: false, otherOrg: { none: 'list, checked by the canary test' } },
  'POST /api/tokens': {
    anonymous: false,
    otherOrg: { none: 'always issued in the caller’s organisation' },
    payload: { name: 't', roles: ['admin'], expiresInDays: 1 },
  },
  'DELETE /api/tokens/:id': { anonymous: false, otherOrg: (o) => ({ url: `/api/tokens/${o.tokenId}` }) },
  'GET /api/audit': { anonymous: false, otherOrg: { none: 'list, checked by the canary test' } },
  'HEAD /api/audit': { anonymous: false, otherOrg: { none: 'list, checked by the canary test' } },
  'GET /api/audit/verify': { anonymous: false, otherOrg: { none: 'whole chain, no organisation data' } },
  'HEAD /api/audit/verify': { anonymous: false, otherOrg: { none: 'whole chain, no organisation data' } },
};

const concrete = (url: string) => url.replace(/:id/g, uuid);

for (const { engine, skip } of engines()) {
  describe(`authorization matrix (${engine})`, { skip }, () => {
    let t: TestApp;
    const fx: Record<'a' | 'b', Fixture & { session: SessionAuth }> = {} as never;
    before(async () => {
      t = await startTestApp(engine);
      for (const k of ['a', 'b'] as const) {
        const canary = `CANARY-${k}-${randomUUID()}`;
        const org = await buildOrganisation(t, { name: `Org ${canary}` });
        const admin = await buildUser(t, org.id, ['admin', 'auditor', 'supervisor'], {
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
        fx[k] = { orgId: org.id, adminId: admin.id, tokenId: tok.json().token.id, canary, session };
      }
    });
    after(() => t?.close());

    test('every route of the running app has a row in the matrix, and every row a route', () => {
      const live = t.app.routeTable.filter((r) => r.url.startsWith('/api/')).map((r) => `${r.method} ${r.url}`);
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
        const ok = method === 'POST' && key === 'POST /api/users' ? res.statusCode === 403 : res.statusCode === 404;
        assert.ok(ok, `${key} on another organisation's record gave ${res.statusCode}`);
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
        const res = await t.app.inject({ method: 'GET', url, headers: fx.a.session.headers });
        assert.ok(res.statusCode < 500, key);
        assert.ok(!res.body.includes(fx.b.canary), `${key} leaked organisation B's canary`);
        assert.ok(!res.body.includes(fx.b.orgId), `${key} mentions organisation B`);
      }
    });
  });
}
