import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  buildOrganisation,
  buildUser,
  engines,
  idemKey,
  signIn,
  startTestApp,
  type TestApp,
} from '../../test/harness.ts';
import { purgeExpired } from './housekeeping.ts';

for (const { engine, skip } of engines()) {
  describe(`housekeeping (${engine})`, { skip }, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine);
    });
    after(() => t?.close());

    test('expired sessions, password reset links, old idempotency keys and past rate-limit windows are removed; live ones stay', async () => {
      const org = await buildOrganisation(t);
      const admin = await buildUser(t, org.id, ['admin']);
      const s = await signIn(t, admin);
      await t.app.inject({
        method: 'POST',
        url: '/api/tokens',
        headers: { ...s.headers, 'idempotency-key': idemKey() },
        payload: { name: 'a', roles: ['admin'], expiresInDays: 1 },
      });
      await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: admin.email, password: 'wrong-password-1' },
      });
      // A password reset link, live for 30 minutes.
      await t.deps.database.db
        .insertInto('password_resets')
        .values({
          token_hash: 'a'.repeat(64),
          user_id: admin.id,
          created_at: t.clock.now().toISOString(),
          expires_at: new Date(t.clock.now().getTime() + 30 * 60_000).toISOString(),
          used_at: null,
        })
        .execute();
      const fresh = await purgeExpired(t.deps.database.db, t.deps.config, t.clock.now());
      assert.deepEqual(fresh, { sessions: 0, idempotencyKeys: 0, rateLimits: 0, passwordResets: 0 });
      t.clock.advance(25 * 3_600_000);
      const later = await purgeExpired(t.deps.database.db, t.deps.config, t.clock.now());
      assert.ok(later.sessions >= 1);
      assert.equal(later.idempotencyKeys, 1);
      assert.ok(later.rateLimits >= 1);
      assert.equal(later.passwordResets, 1);
    });
  });
}
