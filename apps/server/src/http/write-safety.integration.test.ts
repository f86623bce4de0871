import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyRequest } from 'fastify';
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
import type { DomainError } from '../errors.ts';
import { beginIdempotent, completeIdempotent, releaseIdempotent } from './idempotency.ts';
import type { Principal } from './principal.ts';

for (const { engine, skip } of engines()) {
  describe(`write safety: Idempotency-Key, ETag and If-Match (${engine})`, { skip }, () => {
    let t: TestApp;
    let s: SessionAuth;
    let orgId: string;
    before(async () => {
      t = await startTestApp(engine);
      orgId = (await buildOrganisation(t)).id;
      s = await signIn(t, await buildUser(t, orgId, ['admin']));
    });
    after(() => t?.close());
    const countUsers = async () => (await t.deps.database.db.selectFrom('users').select('id').execute()).length;
    const newUser = (email: string) => ({
      email,
      displayName: 'Amal',
      roles: ['caseworker'],
      password: 'Tq7!river-stone-42',
    });

    test('an answer holding a secret is not kept for a replay: the token secret is never stored, the replay is refused', async () => {
      const key = idemKey();
      const payload = { name: 'Partner sync', roles: ['admin'], expiresInDays: 1 };
      const first = await t.app.inject({
        method: 'POST',
        url: '/api/tokens',
        headers: { ...s.headers, 'idempotency-key': key },
        payload,
      });
      assert.equal(first.statusCode, 201, first.body);
      const secret = first.json().secret as string;
      const stored = await t.deps.database.db.selectFrom('idempotency_keys').selectAll().execute();
      assert.ok(stored.length > 0);
      for (const row of stored) assert.ok(!JSON.stringify(row).includes(secret), 'no stored answer holds the secret');
      const again = await t.app.inject({
        method: 'POST',
        url: '/api/tokens',
        headers: { ...s.headers, 'idempotency-key': key },
        payload,
      });
      assert.equal(again.statusCode, 409, again.body);
      assert.match(again.json().detail, /shown once only/);
      assert.ok(!again.body.includes(secret));
      const tokens = await t.deps.database.db
        .selectFrom('api_tokens')
        .select('id')
        .where('name', '=', 'Partner sync')
        .execute();
      assert.equal(tokens.length, 1, 'one token for one effect');
    });

    test("a request slower than the abandonment time loses its claim to the retry: one effect, the retry's", async () => {
      const key = idemKey();
      const principal = { id: `p-${key}` } as Principal;
      const req = { headers: { 'idempotency-key': key }, params: {}, body: { n: 1 } } as unknown as FastifyRequest;
      const route = { method: 'POST', url: '/api/things' };
      const db = t.deps.database.db;
      const slow = await beginIdempotent(t.deps, req, principal, route, t.clock.now());
      assert.equal(slow.kind, 'fresh');
      // Within two minutes a duplicate waits; after them the first is taken as abandoned and the retry claims the key.
      await assert.rejects(beginIdempotent(t.deps, req, principal, route, new Date(t.clock.now().getTime() + 60_000)));
      const retry = await beginIdempotent(t.deps, req, principal, route, new Date(t.clock.now().getTime() + 121_000));
      assert.equal(retry.kind, 'fresh');
      if (slow.kind !== 'fresh' || retry.kind !== 'fresh') return;
      // The slow request finishes last: its transaction fails (its effect is rolled back) instead of overwriting.
      await assert.rejects(
        db.transaction().execute((trx) => completeIdempotent(trx, slow, 201, '{"id":"slow"}', {})),
        (err: DomainError) => err.code === 'idempotency_in_flight',
      );
      await db.transaction().execute((trx) => completeIdempotent(trx, retry, 201, '{"id":"retry"}', {}));
      // Its release (after its failure) leaves the retry's answer alone; a replay gets the retry's answer.
      await releaseIdempotent(db, slow.principal, slow.key, slow.claimedAt);
      const replay = await beginIdempotent(t.deps, req, principal, route, new Date(t.clock.now().getTime() + 130_000));
      assert.deepEqual(replay.kind === 'replay' && replay.body, '{"id":"retry"}');
    });

    test('a replay returns the same response and has one effect', async () => {
      const key = idemKey();
      const before = await countUsers();
      const first = await t.app.inject({
        method: 'POST',
        url: '/api/users',
        headers: { ...s.headers, 'idempotency-key': key },
        payload: newUser('once@test.corridor.invalid'),
      });
      assert.equal(first.statusCode, 201);
      const second = await t.app.inject({
        method: 'POST',
        url: '/api/users',
        headers: { ...s.headers, 'idempotency-key': key },
        payload: newUser('once@test.corridor.invalid'),
      });
      assert.equal(second.statusCode, 201);
      assert.equal(second.body, first.body);
      assert.equal(second.headers.etag, first.headers.etag);
      assert.equal(second.headers['idempotent-replayed'], 'true');
      assert.equal(await countUsers(), before + 1);
      const audits = await t.deps.database.db
        .selectFrom('audit_log')
        .select('seq')
        .where('action', '=', 'user.create')
        .where('entity_id', '=', first.json().id)
        .execute();
      assert.equal(audits.length, 1, 'one audit entry for one effect');
    });

    test('the same key with another body is refused with 422 and changes nothing', async () => {
      const key = idemKey();
      const first = await t.app.inject({
        method: 'POST',
        url: '/api/users',
        headers: { ...s.headers, 'idempotency-key': key },
        payload: newUser('a1@test.corridor.invalid'),
      });
      assert.equal(first.statusCode, 201);
      const before = await countUsers();
      const other = await t.app.inject({
        method: 'POST',
        url: '/api/users',
        headers: { ...s.headers, 'idempotency-key': key },
        payload: newUser('a2@test.corridor.invalid'),
      });
      assert.equal(other.statusCode, 422);
      assert.equal(other.json().code, 'idempotency_key_reused');
      assert.equal(await countUsers(), before);
    });

    test('a key still in flight gives 409; after a failure the key can be used again', async () => {
      // A first request that claimed its key and has not committed yet: its row is still in flight.
      const body3 = newUser('inflight3@test.corridor.invalid');
      const key3 = idemKey();
      const probe = await t.app.inject({
        method: 'POST',
        url: '/api/users',
        headers: { ...s.headers, 'idempotency-key': key3 },
        payload: body3,
      });
      assert.equal(probe.statusCode, 201);
      const stored = await t.deps.database.db
        .selectFrom('idempotency_keys')
        .selectAll()
        .where('key', '=', key3)
        .executeTakeFirstOrThrow();
      assert.equal(stored.state, 'done');
      await t.deps.database.db
        .updateTable('idempotency_keys')
        .set({ state: 'in_flight', response_body: null, response_status: null })
        .where('key', '=', key3)
        .execute();
      const inflight = await t.app.inject({
        method: 'POST',
        url: '/api/users',
        headers: { ...s.headers, 'idempotency-key': key3 },
        payload: body3,
      });
      assert.equal(inflight.statusCode, 409);
      assert.equal(inflight.json().code, 'idempotency_in_flight');
      // A request that fails frees its key: retrying with a corrected body works.
      const key4 = idemKey();
      const bad = await t.app.inject({
        method: 'POST',
        url: '/api/users',
        headers: { ...s.headers, 'idempotency-key': key4 },
        payload: { ...newUser('dup@test.corridor.invalid'), password: 'password1234' },
      });
      assert.equal(bad.statusCode, 422);
      const fixed = await t.app.inject({
        method: 'POST',
        url: '/api/users',
        headers: { ...s.headers, 'idempotency-key': key4 },
        payload: newUser('dup@test.corridor.invalid'),
      });
      assert.equal(fixed.statusCode, 201, 'the failed request freed its key');
    });

    test('concurrent requests with one key produce one effect', async () => {
      const key = idemKey();
      const before = await countUsers();
      const body = newUser('race@test.corridor.invalid');
      const results = await Promise.all(
        Array.from({ length: 6 }, () =>
          t.app.inject({
            method: 'POST',
            url: '/api/users',
            headers: { ...s.headers, 'idempotency-key': key },
            payload: body,
          }),
        ),
      );
      const codes = results.map((r) => r.statusCode).sort();
      assert.ok(
        codes.every((c) => c === 201 || c === 409),
        `unexpected statuses ${codes}`,
      );
      assert.ok(codes.includes(201));
      assert.equal(await countUsers(), before + 1);
    });

    test('reads carry an ETag; updates need If-Match (428), a stale one gives 412', async () => {
      const u = await buildUser(t, orgId, ['analyst']);
      const read = await t.app.inject({ method: 'GET', url: `/api/users/${u.id}`, headers: s.headers });
      assert.equal(read.statusCode, 200);
      assert.equal(read.headers.etag, '"v1"');
      const cached = await t.app.inject({
        method: 'GET',
        url: `/api/users/${u.id}`,
        headers: { ...s.headers, 'if-none-match': '"v1"' },
      });
      assert.equal(cached.statusCode, 304);
      const missing = await t.app.inject({
        method: 'PATCH',
        url: `/api/users/${u.id}`,
        headers: s.headers,
        payload: { displayName: 'Renamed' },
      });
      assert.equal(missing.statusCode, 428);
      assert.equal(missing.json().code, 'precondition_required');
      const ok = await t.app.inject({
        method: 'PATCH',
        url: `/api/users/${u.id}`,
        headers: { ...s.headers, 'if-match': '"v1"' },
        payload: { displayName: 'Renamed' },
      });
      assert.equal(ok.statusCode, 200);
      assert.equal(ok.headers.etag, '"v2"');
      const stale = await t.app.inject({
        method: 'PATCH',
        url: `/api/users/${u.id}`,
        headers: { ...s.headers, 'if-match': '"v1"' },
        payload: { displayName: 'Lost update' },
      });
      assert.equal(stale.statusCode, 412);
      const now = await t.app.inject({ method: 'GET', url: `/api/users/${u.id}`, headers: s.headers });
      assert.equal(now.json().displayName, 'Renamed');
    });

    test('concurrent updates with the same version: exactly one succeeds, the rest get 412', async () => {
      const o = await buildOrganisation(t);
      const platform = await buildUser(t, orgId, ['platform_admin']);
      const ps = await signIn(t, platform);
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          t.app.inject({
            method: 'PATCH',
            url: `/api/organisations/${o.id}`,
            headers: { ...ps.headers, 'if-match': '"v1"' },
            payload: { name: `Name ${i}` },
          }),
        ),
      );
      const codes = results.map((r) => r.statusCode);
      assert.equal(codes.filter((c) => c === 200).length, 1, `statuses: ${codes}`);
      assert.equal(codes.filter((c) => c === 412).length, 7, `statuses: ${codes}`);
    });
  });
}
