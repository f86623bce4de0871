import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  buildOrganisation,
  buildUser,
  engines,
  signIn,
  startTestApp,
  strongPassword,
  type TestApp,
  type TestUser,
} from '../../test/harness.ts';
import type { AppDeps } from '../app-deps.ts';
import { resetLinkBase } from './password-reset.ts';
import { currentTotp } from './totp.ts';

const PUBLIC = 'https://corridor.example.org';

test('reset links point at the public address, or localhost outside production; never at a request header', () => {
  const deps = (env: string, publicUrl?: string) => ({ config: { env, publicUrl } }) as unknown as AppDeps;
  assert.equal(resetLinkBase(deps('production', PUBLIC), 8080), PUBLIC);
  assert.equal(resetLinkBase(deps('development'), 4100), 'http://localhost:4100');
  assert.equal(resetLinkBase(deps('production'), 8080), null, 'production without CORRIDOR_PUBLIC_URL');
});

for (const { engine, skip } of engines()) {
  describe(`forgotten password (${engine})`, { skip }, () => {
    let t: TestApp;
    let orgId: string;
    before(async () => {
      t = await startTestApp(engine, { env: { CORRIDOR_PUBLIC_URL: PUBLIC } });
      orgId = (await buildOrganisation(t)).id;
    });
    after(() => t?.close());

    const ask = (email: string, remoteAddress = '10.9.0.1') =>
      t.app.inject({ method: 'POST', url: '/api/auth/password-reset', remoteAddress, payload: { email } });
    const complete = (token: string, newPassword: string) =>
      t.app.inject({ method: 'POST', url: '/api/auth/password-reset/complete', payload: { token, newPassword } });
    const mails = (address: string) =>
      t.deps.database.db
        .selectFrom('outbound_messages')
        .select(['subject', 'body', 'kind'])
        .where('address', '=', address)
        .where('kind', '=', 'account.password_reset_link')
        .orderBy('created_at')
        .execute();
    const tokenOf = (body: string) => /\/reset-password#token=([\w-]+)/.exec(body)?.[1] ?? '';
    const login = (u: TestUser, password: string) =>
      t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: u.email, password } });

    test('the same answer for any address; only an enabled account gets the link, in its language', async () => {
      const u = await buildUser(t, orgId, ['analyst']);
      const known = await ask(u.email.toUpperCase());
      const unknown = await ask('nobody@test.corridor.invalid');
      assert.equal(known.statusCode, 202, known.body);
      assert.equal(unknown.statusCode, 202);
      assert.equal(known.body, unknown.body);
      const sent = await mails(u.email);
      assert.equal(sent.length, 1);
      assert.equal(sent[0]!.subject, 'Corridor: set a new password');
      assert.match(sent[0]!.body, new RegExp(`${PUBLIC}/reset-password#token=[\\w-]{40,}`));
      assert.equal((await mails('nobody@test.corridor.invalid')).length, 0);
      // Only the token's hash is kept.
      const rows = await t.deps.database.db
        .selectFrom('password_resets')
        .selectAll()
        .where('user_id', '=', u.id)
        .execute();
      assert.equal(rows.length, 1);
      assert.notEqual(rows[0]!.token_hash, tokenOf(sent[0]!.body));
      assert.equal(rows[0]!.token_hash.length, 64);

      const fr = await buildUser(t, orgId, ['analyst']);
      await t.deps.database.db.updateTable('users').set({ locale: 'fr' }).where('id', '=', fr.id).execute();
      await ask(fr.email);
      assert.equal((await mails(fr.email))[0]!.subject, 'Corridor : choisir un nouveau mot de passe');

      const off = await buildUser(t, orgId, ['analyst']);
      await t.deps.database.db
        .updateTable('users')
        .set({ disabled_at: t.clock.now().toISOString() })
        .where('id', '=', off.id)
        .execute();
      assert.equal((await ask(off.email)).statusCode, 202);
      assert.equal((await mails(off.email)).length, 0, 'a disabled account gets nothing');
    });

    test('a link sets a new password once, ends every session and leaves the second factor', async () => {
      const u = await buildUser(t, orgId, ['caseworker']);
      const s = await signIn(t, u);
      await ask(u.email);
      const token = tokenOf((await mails(u.email))[0]!.body);
      assert.ok(token);

      const weak = await complete(token, 'password1234');
      assert.equal(weak.statusCode, 422, weak.body);
      assert.equal(weak.json().code, 'weak_password');
      assert.equal(weak.json().errors[0].pointer, '/newPassword', 'the field the reset page names');
      assert.match(weak.json().errors[0].params.reasons, /^[a-z_]+( [a-z_]+)*$/);
      const next = strongPassword();
      const done = await complete(token, next);
      assert.equal(done.statusCode, 204, done.body);
      const again = await complete(token, strongPassword());
      assert.equal(again.statusCode, 400);
      assert.equal(again.json().code, 'invalid_reset_link');

      const notice = await t.deps.database.db
        .selectFrom('outbound_messages')
        .select(['subject', 'body'])
        .where('address', '=', u.email)
        .where('kind', '=', 'account.password_reset')
        .executeTakeFirstOrThrow();
      assert.equal(notice.subject, 'Corridor: a change to how you sign in');
      assert.match(notice.body, /^On \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC, a new password was set with a reset link/);
      const session = await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: s.headers });
      assert.equal(session.statusCode, 401, 'the sessions of the account ended');
      assert.equal((await login(u, u.password)).statusCode, 401, 'the old password no longer works');
      const fresh = await login(u, next);
      assert.equal(fresh.statusCode, 200);
      assert.equal(fresh.json().secondFactor, 'verify', 'the second factor is still asked');
      t.clock.advance(31_000);
      const cookie = String(fresh.headers['set-cookie']).split(';')[0]!;
      const factor = await t.app.inject({
        method: 'POST',
        url: '/api/auth/second-factor',
        headers: { cookie, 'x-csrf-token': fresh.json().csrfToken },
        payload: { code: currentTotp(u.totpSecret!, t.clock.now()) },
      });
      assert.equal(factor.statusCode, 200);
      const actions = await t.deps.database.db
        .selectFrom('audit_log')
        .select(['action', 'actor_user_id'])
        .where('entity_id', '=', u.id)
        .where('action', 'in', ['auth.password_reset_requested', 'auth.password_reset'])
        .orderBy('seq')
        .execute();
      assert.deepEqual(
        actions.map((a) => [a.action, a.actor_user_id]),
        [
          ['auth.password_reset_requested', null],
          ['auth.password_reset', u.id],
        ],
      );
    });

    test('a link expires, a newer one replaces it, and a made-up token is refused', async () => {
      const u = await buildUser(t, orgId, ['analyst']);
      await ask(u.email);
      const first = tokenOf((await mails(u.email))[0]!.body);
      await ask(u.email);
      const second = tokenOf((await mails(u.email))[1]!.body);
      assert.equal((await complete(first, strongPassword())).json().code, 'invalid_reset_link', 'replaced');
      assert.equal((await complete('x'.repeat(43), strongPassword())).json().code, 'invalid_reset_link');
      t.clock.advance(31 * 60_000);
      assert.equal((await complete(second, strongPassword())).json().code, 'invalid_reset_link', 'expired');
      assert.equal((await login(u, u.password)).statusCode, 200, 'the password is unchanged');
    });

    test('an administrator sends a person of their organisation the link; audited with them as actor', async () => {
      const admin = await signIn(t, await buildUser(t, orgId, ['admin']));
      const u = await buildUser(t, orgId, ['analyst']);
      const send = (id: string, headers = admin.headers) =>
        t.app.inject({ method: 'POST', url: `/api/users/${id}/password-reset`, headers });
      const sent = await send(u.id);
      assert.equal(sent.statusCode, 204, sent.body);
      const token = tokenOf((await mails(u.email))[0]!.body);
      assert.ok(token);
      const entry = await t.deps.database.db
        .selectFrom('audit_log')
        .select(['actor_user_id'])
        .where('entity_id', '=', u.id)
        .where('action', '=', 'auth.password_reset_requested')
        .executeTakeFirstOrThrow();
      assert.ok(entry.actor_user_id, 'the administrator is the actor');
      assert.equal((await complete(token, strongPassword())).statusCode, 204);
      // Another organisation's person does not exist for them; a disabled account is refused with the reason.
      const other = await buildUser(t, (await buildOrganisation(t)).id, ['analyst']);
      assert.equal((await send(other.id)).statusCode, 404);
      await t.deps.database.db
        .updateTable('users')
        .set({ disabled_at: t.clock.now().toISOString() })
        .where('id', '=', u.id)
        .execute();
      const off = await send(u.id);
      assert.equal(off.statusCode, 409, off.body);
      assert.equal(off.json().code, 'invalid_transition');
      // Not an administrator: refused.
      const analyst = await signIn(t, await buildUser(t, orgId, ['analyst']));
      assert.equal((await send(other.id, analyst.headers)).statusCode, 403);
    });

    test('asking for links is limited per caller and per address', async () => {
      const u = await buildUser(t, orgId, ['analyst']);
      const max = t.deps.config.loginMaxAttempts;
      const codes: number[] = [];
      for (let i = 0; i < max + 2; i++) codes.push((await ask(u.email, `10.9.1.${i}`)).statusCode);
      assert.deepEqual(codes.slice(0, max), Array(max).fill(202));
      assert.deepEqual(codes.slice(max), [429, 429]);
      assert.equal((await mails(u.email)).length, max);
    });
  });
}
