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
} from '../../test/harness.ts';
import { ARGON2_POLICY, parsePhc } from './passwords.ts';
import { currentTotp } from './totp.ts';

for (const { engine, skip } of engines()) {
  describe(`identity and sessions (${engine})`, { skip }, () => {
    let t: TestApp;
    let orgId: string;
    before(async () => {
      t = await startTestApp(engine);
      orgId = (await buildOrganisation(t)).id;
    });
    after(() => t?.close());

    /** The kinds of the security notices e-mailed to an address, oldest first. */
    const accountNotices = async (address: string) =>
      (
        await t.deps.database.db
          .selectFrom('outbound_messages')
          .select(['kind', 'created_at'])
          .where('address', '=', address)
          .where('kind', 'like', 'account.%')
          .orderBy('created_at')
          .execute()
      ).map((m) => m.kind);

    /** Signs in with the password, then gives the second factor: the second step's answer, after the first's. */
    async function passwordThenFactor(
      u: { email: string; password: string },
      factor: { code: string } | { recoveryCode: string },
    ) {
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: u.email, password: u.password },
      });
      const cookie = String(login.headers['set-cookie']).split(';')[0]!;
      const answer = await t.app.inject({
        method: 'POST',
        url: '/api/auth/second-factor',
        headers: { cookie, 'x-csrf-token': login.json().csrfToken },
        payload: factor,
      });
      return { login, answer };
    }

    test('password hashes are argon2id with at least 19 MiB, 2 iterations, 1 lane', async () => {
      const u = await buildUser(t, orgId, ['analyst']);
      const row = await t.deps.database.db
        .selectFrom('users')
        .select('password_hash')
        .where('id', '=', u.id)
        .executeTakeFirstOrThrow();
      const phc = parsePhc(row.password_hash);
      assert.ok(phc, 'stored hash is a PHC string');
      assert.equal(phc.algorithm, 'argon2id');
      assert.ok(phc.m >= ARGON2_POLICY.memoryCost && phc.m >= 19_456);
      assert.ok(phc.t >= 2);
      assert.equal(phc.p, 1);
    });

    test('login does not reveal whether an account exists', async () => {
      const u = await buildUser(t, orgId, ['analyst']);
      const wrong = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: u.email, password: 'not-the-password-1' },
      });
      const unknown = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: 'nobody@test.corridor.invalid', password: 'not-the-password-1' },
      });
      assert.equal(wrong.statusCode, 401);
      assert.equal(unknown.statusCode, 401);
      const strip = (b: string) => ({ ...JSON.parse(b), instance: undefined });
      assert.deepEqual(strip(wrong.body), strip(unknown.body));
      assert.equal(wrong.headers['set-cookie'], undefined);
    });

    test('wrong passwords sent all at once get no more checks than the limit; successes do not use it up', async () => {
      const u = await buildUser(t, orgId, ['analyst']);
      const max = t.deps.config.loginMaxAttempts;
      const answers = await Promise.all(
        Array.from({ length: max * 4 }, (_, i) =>
          t.app.inject({
            method: 'POST',
            url: '/api/auth/login',
            remoteAddress: `10.1.${i}.1`,
            payload: { email: u.email, password: `wrong-password-${i}` },
          }),
        ),
      );
      const codes = answers.map((r) => r.statusCode);
      assert.equal(codes.filter((c) => c === 401).length, max, `checked: ${codes.join(' ')}`);
      assert.equal(codes.filter((c) => c === 429).length, max * 3);
      // From one address, signing in correctly again and again never fills the address's bucket.
      const v = await buildUser(t, orgId, ['analyst']);
      for (let i = 0; i < max + 2; i++) {
        const ok = await t.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          remoteAddress: '10.2.0.1',
          payload: { email: v.email, password: v.password },
        });
        assert.equal(ok.statusCode, 200, `sign-in ${i + 1}`);
      }
      t.clock.advance(t.deps.config.loginWindowMs + 1000);
    });

    test('login is rate-limited per account, and the limit reveals nothing either', async () => {
      const u = await buildUser(t, orgId, ['analyst']);
      const max = t.deps.config.loginMaxAttempts;
      for (let i = 0; i < max; i++) {
        const r = await t.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          remoteAddress: `10.0.${i}.1`,
          payload: { email: u.email, password: `wrong-password-${i}` },
        });
        assert.equal(r.statusCode, 401);
      }
      const blocked = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress: '10.9.9.9',
        payload: { email: u.email, password: u.password },
      });
      assert.equal(blocked.statusCode, 429);
      assert.ok(Number(blocked.headers['retry-after']) > 0);
      t.clock.advance(t.deps.config.loginWindowMs + 1000);
      const later = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress: '10.9.9.9',
        payload: { email: u.email, password: u.password },
      });
      assert.equal(later.statusCode, 200);
    });

    /** One sign-in attempt from an address. */
    const attempt = (email: string, password: string, remoteAddress: string) =>
      t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress, payload: { email, password } });

    test('a locked account does not lock out the others signing in from the same address; the 429 says how long', async () => {
      const max = t.deps.config.loginMaxAttempts;
      const office = '10.40.0.1';
      const [typist, colleague] = [await buildUser(t, orgId, ['analyst']), await buildUser(t, orgId, ['analyst'])];
      for (let i = 0; i < max; i++)
        assert.equal((await attempt(typist.email, `wrong-password-${i}`, office)).statusCode, 401);
      const locked = await attempt(typist.email, typist.password, office);
      assert.equal(locked.statusCode, 429);
      const wait = Number(locked.headers['retry-after']);
      assert.ok(wait > 0 && wait <= t.deps.config.loginWindowMs / 1000, String(wait));
      assert.equal(
        locked.json().detail,
        `Too many failed sign-ins; wait ${Math.ceil(wait / 60)} minutes and try again.`,
      );
      // The body says the wait too, in seconds, for a client that reads the problem alone.
      assert.equal(locked.json().retryAfter, wait);
      // Locked from anywhere: the account's own count.
      assert.equal((await attempt(typist.email, typist.password, '10.40.9.9')).statusCode, 429);
      // A colleague behind the same address signs in.
      assert.equal((await attempt(colleague.email, colleague.password, office)).statusCode, 200);
      // An unknown address is refused in the same words after as many failures: nothing tells them apart.
      const ghost = `ghost${Date.now()}@test.corridor.invalid`;
      for (let i = 0; i < max; i++) await attempt(ghost, `wrong-password-${i}`, office);
      const ghostLocked = await attempt(ghost, 'wrong-password-x', office);
      assert.equal(ghostLocked.statusCode, 429);
      assert.equal(ghostLocked.json().detail, locked.json().detail);
      t.clock.advance(t.deps.config.loginWindowMs + 1000);
      assert.equal((await attempt(typist.email, typist.password, office)).statusCode, 200);
    });

    test('guesses from one address stay limited when the owner signs in from elsewhere', async () => {
      const max = t.deps.config.loginMaxAttempts;
      const [guesser, home] = ['10.41.0.1', '10.41.0.2'];
      const u = await buildUser(t, orgId, ['analyst']);
      for (let i = 0; i < max - 1; i++)
        assert.equal((await attempt(u.email, `wrong-password-${i}`, guesser)).statusCode, 401);
      // The owner's sign-in clears the account's count, not the guessing address's.
      assert.equal((await attempt(u.email, u.password, home)).statusCode, 200);
      assert.equal((await attempt(u.email, 'wrong-password-last', guesser)).statusCode, 401);
      assert.equal((await attempt(u.email, 'wrong-password-more', guesser)).statusCode, 429);
      assert.equal((await attempt(u.email, u.password, home)).statusCode, 200, 'the owner still signs in');
      t.clock.advance(t.deps.config.loginWindowMs + 1000);
    });

    test('one address trying many accounts is stopped, at a much higher count than one account', async () => {
      const max = t.deps.config.loginMaxAttempts;
      const spray = '10.42.0.1';
      const stamp = Date.now();
      const codes: number[] = [];
      // max - 1 failures on each of a dozen accounts (none locked), until the address has made ten times the limit.
      for (let a = 0; codes.length < max * 10; a++) {
        const n = Math.min(max - 1, max * 10 - codes.length);
        const answers = await Promise.all(
          Array.from({ length: n }, (_, i) =>
            attempt(`spray${stamp}-${a}@test.corridor.invalid`, `wrong-password-${i}`, spray),
          ),
        );
        codes.push(...answers.map((r) => r.statusCode));
      }
      assert.deepEqual(new Set(codes), new Set([401]));
      const u = await buildUser(t, orgId, ['analyst']);
      const stopped = await attempt(u.email, u.password, spray);
      assert.equal(stopped.statusCode, 429);
      assert.ok(Number(stopped.headers['retry-after']) > 0);
      assert.match(stopped.json().detail, /^Too many failed sign-ins; wait \d+ minutes? and try again\.$/);
      assert.equal(
        (await attempt(u.email, u.password, '10.42.0.2')).statusCode,
        200,
        'the account itself is not locked',
      );
      t.clock.advance(t.deps.config.loginWindowMs + 1000);
    });

    test('failed sign-ins on an account carry its organisation, so its administrators see them; a lock is noted once', async () => {
      const max = t.deps.config.loginMaxAttempts;
      const other = await buildOrganisation(t);
      const u = await buildUser(t, orgId, ['analyst']);
      const admin = await signIn(t, await buildUser(t, orgId, ['admin']));
      const stranger = await signIn(t, await buildUser(t, other.id, ['admin']));
      for (let i = 0; i < max + 2; i++) await attempt(u.email, `wrong-password-${i}`, `10.43.${i}.1`);
      const seen = async (headers: Record<string, string>, action: string) =>
        (await t.app.inject({ method: 'GET', url: `/api/audit?action=${action}&entityId=${u.id}`, headers })).json()
          .items as { organisationId: string | null; actorUserId: string | null; details: { until?: string } }[];
      const failed = await seen(admin.headers, 'auth.login_failed');
      assert.equal(failed.length, max, 'each failure checked is recorded; the refused ones after the lock are not');
      assert.ok(failed.every((e) => e.organisationId === orgId && e.actorUserId === null));
      const locks = await seen(admin.headers, 'auth.login_locked');
      assert.equal(locks.length, 1);
      assert.ok(Date.parse(locks[0]!.details.until!) > t.clock.now().getTime());
      assert.deepEqual(await seen(stranger.headers, 'auth.login_failed'), [], 'another organisation sees none of it');
      // An address no account has: recorded for the platform, with no organisation.
      const ghost = `nobody${Date.now()}@test.corridor.invalid`;
      await attempt(ghost, 'wrong-password-1', '10.43.99.1');
      const last = await t.deps.database.db
        .selectFrom('audit_log')
        .select(['action', 'organisation_id', 'entity_id'])
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirstOrThrow();
      assert.deepEqual(last, { action: 'auth.login_failed', organisation_id: null, entity_id: null });
      t.clock.advance(t.deps.config.loginWindowMs + 1000);
    });

    test('session cookie is __Host-, HttpOnly, Secure, SameSite=Strict', async () => {
      const u = await buildUser(t, orgId, ['analyst']);
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: u.email, password: u.password },
      });
      const c = String(r.headers['set-cookie']);
      assert.match(c, /^__Host-corridor_session=[A-Za-z0-9_-]{43};/);
      assert.match(c, /HttpOnly/);
      assert.match(c, /Secure/);
      assert.match(c, /SameSite=Strict/);
      assert.match(c, /Path=\//);
      assert.doesNotMatch(c, /Domain=/);
    });

    test('a role with case data must give the second factor before anything else', async () => {
      const u = await buildUser(t, orgId, ['caseworker']);
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: u.email, password: u.password },
      });
      assert.equal(login.json().secondFactor, 'verify');
      const cookie = String(login.headers['set-cookie']).split(';')[0]!;
      const blocked = await t.app.inject({ method: 'GET', url: `/api/users/${u.id}`, headers: { cookie } });
      assert.equal(blocked.statusCode, 401);
      assert.equal(blocked.json().code, 'second_factor_required');
      const bad = await t.app.inject({
        method: 'POST',
        url: '/api/auth/second-factor',
        headers: { cookie, 'x-csrf-token': login.json().csrfToken },
        payload: { code: '000000' },
      });
      assert.equal(bad.statusCode, 401);
      assert.equal(bad.json().code, 'invalid_second_factor');
      t.clock.advance(31_000);
      const code = currentTotp(u.totpSecret!, t.clock.now());
      const good = await t.app.inject({
        method: 'POST',
        url: '/api/auth/second-factor',
        headers: { cookie, 'x-csrf-token': login.json().csrfToken },
        payload: { code },
      });
      assert.equal(good.statusCode, 200);
      const fresh = String(good.headers['set-cookie']).split(';')[0]!;
      assert.notEqual(fresh, cookie, 'the session is replaced after the second factor');
      const old = await t.app.inject({ method: 'GET', url: `/api/users/${u.id}`, headers: { cookie } });
      assert.equal(old.statusCode, 401, 'the pre-second-factor cookie is dead');
      const ok = await t.app.inject({ method: 'GET', url: `/api/users/${u.id}`, headers: { cookie: fresh } });
      assert.equal(ok.statusCode, 200);
      // The same code cannot be replayed in another login.
      const replay = (await passwordThenFactor(u, { code })).answer;
      assert.equal(replay.statusCode, 401);
    });

    test('TOTP enrolment, then recovery codes work once each', async () => {
      const u = await buildUser(t, orgId, ['supervisor'], { totp: false });
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: u.email, password: u.password },
      });
      assert.equal(login.json().secondFactor, 'enrol');
      const cookie = String(login.headers['set-cookie']).split(';')[0]!;
      const h = { cookie, 'x-csrf-token': login.json().csrfToken as string };
      const enrol = await t.app.inject({ method: 'POST', url: '/api/auth/totp/enrol', headers: h });
      assert.equal(enrol.statusCode, 200);
      const { secret, otpauthUri } = enrol.json();
      assert.match(otpauthUri, /^otpauth:\/\/totp\//);
      const wrong = await t.app.inject({
        method: 'POST',
        url: '/api/auth/totp/activate',
        headers: h,
        payload: { code: '123456' === currentTotp(secret, t.clock.now()) ? '654321' : '123456' },
      });
      assert.equal(wrong.statusCode, 401);
      const act = await t.app.inject({
        method: 'POST',
        url: '/api/auth/totp/activate',
        headers: h,
        payload: { code: currentTotp(secret, t.clock.now()) },
      });
      assert.equal(act.statusCode, 200);
      const codes: string[] = act.json().recoveryCodes;
      assert.equal(codes.length, 10);
      assert.equal(new Set(codes).size, 10);
      // Next login needs the factor; a recovery code stands in for it, once.
      for (const expected of [200, 401]) {
        const { login, answer } = await passwordThenFactor(u, { recoveryCode: codes[0]!.toLowerCase() });
        assert.equal(login.json().secondFactor, 'verify');
        assert.equal(answer.statusCode, expected);
      }
      // Signed in with the factor, the session cannot put another authenticator in its place.
      t.clock.advance(31_000);
      const verified = (await passwordThenFactor(u, { code: currentTotp(secret, t.clock.now()) })).answer;
      assert.equal(verified.statusCode, 200, verified.body);
      const full = {
        cookie: String(verified.headers['set-cookie']).split(';')[0]!,
        'x-csrf-token': verified.json().csrfToken as string,
      };
      for (const url of ['/api/auth/totp/enrol', '/api/auth/totp/activate']) {
        const again = await t.app.inject({ method: 'POST', url, headers: full, payload: { code: '123456' } });
        assert.equal(again.statusCode, 409, again.body);
        assert.equal(again.json().code, 'conflict');
      }
      const row = await t.deps.database.db
        .selectFrom('users')
        .select(['totp_secret', 'totp_pending_secret'])
        .where('id', '=', u.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.totp_pending_secret, null, 'no new secret waiting');
      assert.ok(row.totp_secret);
    });

    test('the authenticator moves to another device after the password and a code, and the old one stops', async () => {
      const u = await buildUser(t, orgId, ['supervisor']);
      const s = await signIn(t, u);
      const other = await signIn(t, u);
      const post = (url: string, payload: unknown, headers = s.headers) =>
        t.app.inject({ method: 'POST', url, headers, payload: payload as object });
      const status = async () =>
        (await t.app.inject({ method: 'GET', url: '/api/me/second-factor', headers: s.headers })).json();

      // The status: set up, required by the role; recovery codes are those of the set-up (none here: the harness
      // sets the secret directly).
      const before = await status();
      assert.equal(before.enabled, true);
      assert.equal(before.required, true);

      // The session alone is not enough: the password and a code are asked, and each is checked.
      t.clock.advance(31_000);
      const noFactor = await post('/api/auth/totp/replace', { password: u.password });
      assert.equal(noFactor.statusCode, 400, noFactor.body);
      const wrongPassword = await post('/api/auth/totp/replace', {
        password: 'not-the-password-1',
        code: currentTotp(u.totpSecret!, t.clock.now()),
      });
      assert.equal(wrongPassword.statusCode, 401);
      assert.equal(wrongPassword.json().code, 'invalid_credentials');
      const wrongCode = await post('/api/auth/totp/replace', {
        password: u.password,
        code: currentTotp(u.totpSecret!, t.clock.now()) === '000000' ? '111111' : '000000',
      });
      assert.equal(wrongCode.statusCode, 401);
      assert.equal(wrongCode.json().code, 'invalid_second_factor');
      const failures = await t.deps.database.db
        .selectFrom('audit_log')
        .select('action')
        .where('entity_id', '=', u.id)
        .where('action', '=', 'auth.reauthentication_failed')
        .execute();
      assert.equal(failures.length, 2);

      t.clock.advance(31_000);
      const start = await post('/api/auth/totp/replace', {
        password: u.password,
        code: currentTotp(u.totpSecret!, t.clock.now()),
      });
      assert.equal(start.statusCode, 200, start.body);
      const newSecret: string = start.json().secret;
      assert.notEqual(newSecret, u.totpSecret);
      // Until the new app proves itself the old one still signs in; a code of the old app does not activate.
      const oldCode = await post('/api/auth/totp/activate', { code: currentTotp(u.totpSecret!, t.clock.now()) });
      assert.equal(oldCode.statusCode, 401, oldCode.body);
      t.clock.advance(31_000);
      const done = await post('/api/auth/totp/activate', { code: currentTotp(newSecret, t.clock.now()) });
      assert.equal(done.statusCode, 200, done.body);
      const codes: string[] = done.json().recoveryCodes;
      assert.equal(codes.length, 10);

      // This session goes on; the person's other sessions ended.
      assert.equal(
        (await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: s.headers })).statusCode,
        200,
      );
      const ended = await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: other.headers });
      assert.equal(ended.statusCode, 401);
      // The old app no longer signs in, the new one does.
      t.clock.advance(31_000);
      assert.equal(
        (await passwordThenFactor(u, { code: currentTotp(u.totpSecret!, t.clock.now()) })).answer.statusCode,
        401,
      );
      assert.equal(
        (await passwordThenFactor(u, { code: currentTotp(newSecret, t.clock.now()) })).answer.statusCode,
        200,
      );
      const after = await status();
      assert.deepEqual([after.recoveryCodesLeft, after.recoveryCodesIssued], [10, 10]);
      const actions = await t.deps.database.db
        .selectFrom('audit_log')
        .select('action')
        .where('entity_id', '=', u.id)
        .where('action', 'in', ['auth.totp_replacement_started', 'auth.totp_replaced', 'auth.totp_enabled'])
        .orderBy('seq')
        .execute();
      assert.deepEqual(
        actions.map((a) => a.action),
        ['auth.totp_replacement_started', 'auth.totp_replaced'],
      );

      // With the password and a recovery code (the app lost), recovery codes renew: the old set stops working.
      const renewed = await post('/api/auth/recovery-codes', { password: u.password, recoveryCode: codes[0] });
      assert.equal(renewed.statusCode, 200, renewed.body);
      const fresh: string[] = renewed.json().recoveryCodes;
      assert.equal(fresh.length, 10);
      assert.equal(fresh.filter((c) => codes.includes(c)).length, 0);
      const usedUp = await post('/api/auth/recovery-codes', { password: u.password, recoveryCode: codes[1] });
      assert.equal(usedUp.statusCode, 401, 'a code of the old set no longer works');
      assert.equal((await passwordThenFactor(u, { recoveryCode: codes[2]! })).answer.statusCode, 401);
      assert.equal((await passwordThenFactor(u, { recoveryCode: fresh[0]! })).answer.statusCode, 200);
      assert.deepEqual([(await status()).recoveryCodesLeft, (await status()).recoveryCodesIssued], [9, 10]);
      // Each change was told to the account's own address.
      assert.deepEqual(await accountNotices(u.email), ['account.totp_replaced', 'account.recovery_codes_renewed']);
    });

    test('wrong current passwords from a signed-in session count against a limit', async () => {
      const u = await buildUser(t, orgId, ['analyst']);
      const s = await signIn(t, u);
      const max = t.deps.config.loginMaxAttempts;
      const answers = await Promise.all(
        Array.from({ length: max + 3 }, (_, i) =>
          t.app.inject({
            method: 'POST',
            url: '/api/auth/password',
            headers: s.headers,
            payload: { currentPassword: `wrong-password-${i}`, newPassword: strongPassword() },
          }),
        ),
      );
      const codes = answers.map((a) => a.statusCode);
      assert.equal(codes.filter((c) => c === 401).length, max, codes.join(' '));
      assert.equal(codes.filter((c) => c === 429).length, 3);
      // Even the right password waits for the window to pass; then it works and the count starts again.
      const blocked = await t.app.inject({
        method: 'POST',
        url: '/api/auth/password',
        headers: s.headers,
        payload: { currentPassword: u.password, newPassword: strongPassword() },
      });
      assert.equal(blocked.statusCode, 429);
      t.clock.advance(t.deps.config.loginWindowMs + 1000);
      const s2 = await signIn(t, u);
      // The same password as the new one changes nothing: refused on the new password's field, nothing sent.
      const same = await t.app.inject({
        method: 'POST',
        url: '/api/auth/password',
        headers: s2.headers,
        payload: { currentPassword: u.password, newPassword: u.password },
      });
      assert.equal(same.statusCode, 400, same.body);
      assert.deepEqual(
        same.json().errors.map((e: { pointer: string; params?: { rule?: string } }) => [e.pointer, e.params?.rule]),
        [['/newPassword', 'not_same']],
      );
      // A weak one is refused on that field too, each reason coded for a client to word.
      const weak = await t.app.inject({
        method: 'POST',
        url: '/api/auth/password',
        headers: s2.headers,
        payload: { currentPassword: u.password, newPassword: 'aaaaaaaaaaaaaaaa' },
      });
      assert.equal(weak.statusCode, 422, weak.body);
      assert.equal(weak.json().errors[0].pointer, '/newPassword');
      assert.deepEqual(weak.json().errors[0].params.reasons.split(' '), [
        'one_character',
        'short_pattern',
        'few_characters',
      ]);
      const ok = await t.app.inject({
        method: 'POST',
        url: '/api/auth/password',
        headers: s2.headers,
        payload: { currentPassword: u.password, newPassword: strongPassword() },
      });
      assert.equal(ok.statusCode, 204, ok.body);
      assert.deepEqual(await accountNotices(u.email), ['account.password_changed']);
    });

    test('sessions end at the idle and the absolute timeout', async () => {
      const u = await buildUser(t, orgId, ['analyst']);
      const s = await signIn(t, u);
      const get = () => t.app.inject({ method: 'GET', url: '/api/auth/session', headers: s.headers });
      assert.equal((await get()).statusCode, 200);
      t.clock.advance(t.deps.config.sessionIdleMs + 1000);
      assert.equal((await get()).statusCode, 401);
      const s2 = await signIn(t, u);
      const get2 = () => t.app.inject({ method: 'GET', url: '/api/auth/session', headers: s2.headers });
      const steps = Math.ceil(t.deps.config.sessionAbsoluteMs / (t.deps.config.sessionIdleMs / 2));
      for (let i = 0; i < steps - 1; i++) {
        t.clock.advance(t.deps.config.sessionIdleMs / 2);
        const r = await get2();
        if (r.statusCode !== 200) assert.fail(`ended early at step ${i}`);
      }
      t.clock.advance(t.deps.config.sessionIdleMs / 2);
      assert.equal((await get2()).statusCode, 401);
    });

    test('disabling a user ends their sessions and API tokens at once', async () => {
      const admin = await buildUser(t, orgId, ['admin']);
      const victim = await buildUser(t, orgId, ['admin']);
      const a = await signIn(t, admin);
      const v = await signIn(t, victim);
      const tok = await t.app.inject({
        method: 'POST',
        url: '/api/tokens',
        headers: v.headers,
        payload: { name: 'sync', roles: ['admin'], expiresInDays: 30 },
      });
      assert.equal(tok.statusCode, 201);
      const bearer = { authorization: `Bearer ${tok.json().secret}` };
      assert.equal(
        (await t.app.inject({ method: 'GET', url: `/api/users/${victim.id}`, headers: v.headers })).statusCode,
        200,
      );
      assert.equal(
        (await t.app.inject({ method: 'GET', url: `/api/users/${victim.id}`, headers: bearer })).statusCode,
        200,
      );
      const read = await t.app.inject({ method: 'GET', url: `/api/users/${victim.id}`, headers: a.headers });
      const dis = await t.app.inject({
        method: 'PATCH',
        url: `/api/users/${victim.id}`,
        headers: { ...a.headers, 'if-match': String(read.headers.etag) },
        payload: { disabled: true },
      });
      assert.equal(dis.statusCode, 200);
      assert.equal(dis.json().disabled, true);
      assert.equal(
        (await t.app.inject({ method: 'GET', url: `/api/users/${victim.id}`, headers: v.headers })).statusCode,
        401,
      );
      assert.equal(
        (await t.app.inject({ method: 'GET', url: `/api/users/${victim.id}`, headers: bearer })).statusCode,
        401,
      );
      const relogin = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: victim.email, password: victim.password },
      });
      assert.equal(relogin.statusCode, 401);
      const n = await t.deps.database.db
        .selectFrom('sessions')
        .select('id_hash')
        .where('user_id', '=', victim.id)
        .execute();
      assert.equal(n.length, 0);
    });

    test('changes from a browser session need the CSRF token', async () => {
      const admin = await buildUser(t, orgId, ['admin']);
      const s = await signIn(t, admin);
      const body = { name: 'x', roles: ['admin'], expiresInDays: 5 };
      const none = await t.app.inject({
        method: 'POST',
        url: '/api/tokens',
        headers: { cookie: s.cookie },
        payload: body,
      });
      assert.equal(none.statusCode, 403);
      assert.equal(none.json().code, 'csrf_failed');
      const wrong = await t.app.inject({
        method: 'POST',
        url: '/api/tokens',
        headers: { cookie: s.cookie, 'x-csrf-token': `${s.csrf.slice(0, -2)}xx` },
        payload: body,
      });
      assert.equal(wrong.statusCode, 403);
      // As many characters as the token, one of them not ASCII (more bytes): refused too, not an error.
      const accented = await t.app.inject({
        method: 'POST',
        url: '/api/tokens',
        headers: { cookie: s.cookie, 'x-csrf-token': `é${s.csrf.slice(1)}` },
        payload: body,
      });
      assert.equal(accented.statusCode, 403, accented.body);
      assert.equal(accented.json().code, 'csrf_failed');
      const ok = await t.app.inject({ method: 'POST', url: '/api/tokens', headers: s.headers, payload: body });
      assert.equal(ok.statusCode, 201);
    });

    test('API tokens: scoped to their organisation and roles, expiring, revocable, never re-shown', async () => {
      const admin = await buildUser(t, orgId, ['admin', 'auditor']);
      const s = await signIn(t, admin);
      const escalate = await t.app.inject({
        method: 'POST',
        url: '/api/tokens',
        headers: s.headers,
        payload: { name: 'x', roles: ['supervisor'], expiresInDays: 5 },
      });
      assert.equal(escalate.statusCode, 403);
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/tokens',
        headers: s.headers,
        payload: { name: 'reporting', roles: ['auditor'], expiresInDays: 2 },
      });
      assert.equal(created.statusCode, 201);
      const { secret, token } = created.json();
      assert.match(secret, /^cor_/);
      const h = { authorization: `Bearer ${secret}` };
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/audit', headers: h })).statusCode, 200);
      // the token holds only auditor: it cannot manage users, and cannot manage tokens (people only)
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/tokens', headers: h })).statusCode, 403);
      const list = await t.app.inject({ method: 'GET', url: '/api/tokens', headers: s.headers });
      assert.ok(!list.body.includes(secret));
      t.clock.advance(2 * 86_400_000 + 1000);
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/audit', headers: h })).statusCode, 401);
      const s2 = await signIn(t, admin);
      const c2 = await t.app.inject({
        method: 'POST',
        url: '/api/tokens',
        headers: s2.headers,
        payload: { name: 'r2', roles: ['auditor'], expiresInDays: 30 },
      });
      const h2 = { authorization: `Bearer ${c2.json().secret}` };
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/audit', headers: h2 })).statusCode, 200);
      const rev = await t.app.inject({
        method: 'DELETE',
        url: `/api/tokens/${c2.json().token.id}`,
        headers: s2.headers,
      });
      assert.equal(rev.statusCode, 204);
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/audit', headers: h2 })).statusCode, 401);
      assert.ok(token.id);
    });

    test('weak and common passwords are refused with a reason', async () => {
      const admin = await buildUser(t, orgId, ['admin']);
      const s = await signIn(t, admin);
      for (const password of ['password1234', 'aaaaaaaaaaaaaa', '123456789012', 'abcabcabcabc']) {
        const r = await t.app.inject({
          method: 'POST',
          url: '/api/users',
          headers: s.headers,
          payload: { email: 'weak@test.corridor.invalid', displayName: 'W', roles: ['analyst'], password },
        });
        assert.equal(r.statusCode, 422, password);
        assert.equal(r.json().code, 'weak_password');
        assert.ok(!r.body.includes(password), 'the password is never echoed');
      }
    });

    test('the certification roles and the platform administrator role are granted by a platform administrator only', async () => {
      const admin = await buildUser(t, orgId, ['admin']);
      const s = await signIn(t, admin);
      const create = (headers: Record<string, string>, roles: string[]) =>
        t.app.inject({
          method: 'POST',
          url: '/api/users',
          headers,
          payload: {
            email: `r${Math.random().toString(36).slice(2)}@test.corridor.invalid`,
            displayName: 'New colleague',
            roles,
            password: 'Tq8!zLw#4mPv9Rk2-corridor',
            organisationId: orgId,
          },
        });
      for (const roles of [['certification_officer'], ['certification_auditor', 'analyst'], ['platform_admin']]) {
        const r = await create(s.headers, roles);
        assert.equal(r.statusCode, 403, `${roles}: ${r.body}`);
        assert.match(r.json().detail, /Only a platform administrator may grant/);
      }
      // Nor by adding it to an existing user.
      const analyst = await buildUser(t, orgId, ['analyst'], { totp: true });
      const patch = await t.app.inject({
        method: 'PATCH',
        url: `/api/users/${analyst.id}`,
        headers: { ...s.headers, 'if-match': '"v1"' },
        payload: { roles: ['analyst', 'certification_officer'] },
      });
      assert.equal(patch.statusCode, 403, patch.body);
      // An update that changes nothing is refused, not counted as a new version.
      const nothing = await t.app.inject({
        method: 'PATCH',
        url: `/api/users/${analyst.id}`,
        headers: { ...s.headers, 'if-match': '"v1"' },
        payload: {},
      });
      assert.equal(nothing.statusCode, 400, nothing.body);
      assert.match(nothing.json().errors[0].message, /at least one field/);
      // A platform administrator grants them; the organisation's administrator may then change the user's other
      // roles, keeping the one granted.
      const platform = await signIn(t, await buildUser(t, orgId, ['platform_admin']));
      const officer = await create(platform.headers, ['certification_officer']);
      assert.equal(officer.statusCode, 201, officer.body);
      const kept = await t.app.inject({
        method: 'PATCH',
        url: `/api/users/${officer.json().id}`,
        headers: { ...s.headers, 'if-match': '"v1"' },
        payload: { roles: ['certification_officer', 'analyst'] },
      });
      assert.equal(kept.statusCode, 200, kept.body);
      // An organisation's administrator may not reset a platform administrator's second factor.
      const pa = await buildUser(t, orgId, ['platform_admin']);
      const reset = await t.app.inject({
        method: 'POST',
        url: `/api/users/${pa.id}/second-factor/reset`,
        headers: s.headers,
      });
      assert.equal(reset.statusCode, 403, reset.body);
      const mine = await t.app.inject({
        method: 'POST',
        url: `/api/users/${analyst.id}/second-factor/reset`,
        headers: s.headers,
      });
      assert.equal(mine.statusCode, 204, mine.body);
      assert.deepEqual(await accountNotices(analyst.email), ['account.second_factor_reset'], 'the person is told');
      // Not one's own: the account page moves it, asking the password and a code again.
      const self = await t.app.inject({
        method: 'POST',
        url: `/api/users/${admin.id}/second-factor/reset`,
        headers: s.headers,
      });
      assert.equal(self.statusCode, 409, self.body);
      assert.match(self.json().detail, /cannot reset your own authenticator app/);
      assert.equal(
        (await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: s.headers })).statusCode,
        200,
        'the administrator is still signed in, the factor kept',
      );
      // A user with no authenticator app set up has nothing to reset: refused, their sessions kept, no notice.
      const none = await buildUser(t, orgId, ['analyst'], { totp: false });
      const noneSession = await signIn(t, none);
      const nothingToReset = await t.app.inject({
        method: 'POST',
        url: `/api/users/${none.id}/second-factor/reset`,
        headers: s.headers,
      });
      assert.equal(nothingToReset.statusCode, 409, nothingToReset.body);
      assert.match(nothingToReset.json().detail, /no authenticator app set up/);
      assert.deepEqual(await accountNotices(none.email), []);
      const still = await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: noneSession.headers });
      assert.equal(still.statusCode, 200, 'their session is kept');
    });

    test('the platform administrator role is given only to people of the platform administrator’s own organisation', async () => {
      const other = await buildOrganisation(t);
      const platform = await signIn(t, await buildUser(t, orgId, ['platform_admin']));
      const create = (organisationId: string, roles: string[], headers = platform.headers) =>
        t.app.inject({
          method: 'POST',
          url: '/api/users',
          headers,
          payload: {
            email: `p${Math.random().toString(36).slice(2)}@test.corridor.invalid`,
            displayName: 'New colleague',
            roles,
            password: 'Tq8!zLw#4mPv9Rk2-corridor',
            organisationId,
          },
        });
      const elsewhere = await create(other.id, ['admin', 'platform_admin']);
      assert.equal(elsewhere.statusCode, 409, elsewhere.body);
      assert.equal(elsewhere.json().code, 'conflict');
      assert.match(elsewhere.json().detail, /only to people of the platform’s own organisation/);
      assert.deepEqual(
        elsewhere.json().errors.map((e: { pointer: string; params: unknown }) => [e.pointer, e.params]),
        [['/roles', { rule: 'platform_organisation' }]],
      );
      // The other platform-granted roles are still given anywhere; the role itself at home.
      assert.equal((await create(other.id, ['certification_officer'])).statusCode, 201);
      assert.equal((await create(orgId, ['platform_admin'])).statusCode, 201);
      // Nor added to a person of another organisation.
      const theirs = await buildUser(t, other.id, ['admin']);
      const patch = (id: string, roles: string[], version = 1) =>
        t.app.inject({
          method: 'PATCH',
          url: `/api/users/${id}`,
          headers: { ...platform.headers, 'if-match': `"v${version}"` },
          payload: { roles },
        });
      const added = await patch(theirs.id, ['admin', 'platform_admin']);
      assert.equal(added.statusCode, 409, added.body);
      assert.equal(added.json().errors[0].params.rule, 'platform_organisation');
      // A role held already is no new grant: a platform administrator elsewhere (made before this rule) keeps it.
      const legacy = await buildUser(t, other.id, ['platform_admin']);
      assert.equal((await patch(legacy.id, ['platform_admin', 'analyst'])).statusCode, 200);
      // An organisation's administrator may not grant it at all: 403, with its own rule.
      const admin = await signIn(t, await buildUser(t, other.id, ['admin']));
      const refused = await create(other.id, ['platform_admin'], admin.headers);
      assert.equal(refused.statusCode, 403, refused.body);
      assert.equal(refused.json().errors[0].pointer, '/roles');
      assert.equal(refused.json().errors[0].params.rule, 'platform_grant');
    });

    test('names with text-direction or control characters are refused on their field', async () => {
      const platform = await signIn(t, await buildUser(t, orgId, ['platform_admin']));
      const admin = await signIn(t, await buildUser(t, orgId, ['admin']));
      const plain = (r: { statusCode: number; json: () => { errors: { pointer: string; params?: unknown }[] } }) => {
        assert.equal(r.statusCode, 400);
        return r.json().errors.map((e) => [e.pointer, e.params]);
      };
      // U+202E shows "Amina" + U+202E + "gnp.exe" as "Aminaexe.png"; U+2066 and U+200F reorder what follows; U+0007
      // and U+0085 are control characters.
      for (const bad of ['Amina\u202Egnp.exe', 'Amina\u2066Yusuf\u2069', 'Amina\u200F', 'Ami\u0007na', 'Ami\u0085na']) {
        const created = await t.app.inject({
          method: 'POST',
          url: '/api/users',
          headers: admin.headers,
          payload: {
            email: `n${Math.random().toString(36).slice(2)}@test.corridor.invalid`,
            displayName: bad,
            roles: ['analyst'],
            password: 'Tq8!zLw#4mPv9Rk2-corridor',
          },
        });
        assert.deepEqual(plain(created), [['/displayName', { rule: 'plain_text' }]], JSON.stringify(bad));
      }
      const u = await buildUser(t, orgId, ['analyst']);
      const renamed = await t.app.inject({
        method: 'PATCH',
        url: `/api/users/${u.id}`,
        headers: { ...admin.headers, 'if-match': '"v1"' },
        payload: { displayName: 'Amina\u202BYusuf' },
      });
      assert.deepEqual(plain(renamed), [['/displayName', { rule: 'plain_text' }]]);
      // A name in Arabic script, or with a joiner, is plain text.
      const arabic = await t.app.inject({
        method: 'PATCH',
        url: `/api/users/${u.id}`,
        headers: { ...admin.headers, 'if-match': '"v1"' },
        payload: { displayName: 'أمينة يوسف' },
      });
      assert.equal(arabic.statusCode, 200, arabic.body);
      const org = await t.app.inject({
        method: 'POST',
        url: '/api/organisations',
        headers: platform.headers,
        payload: { code: 'BIDI-ORG', name: 'Partner\u2067 NGO', kind: 'civil_society', country: 'SDN' },
      });
      assert.deepEqual(plain(org), [['/name', { rule: 'plain_text' }]]);
      const token = await t.app.inject({
        method: 'POST',
        url: '/api/tokens',
        headers: admin.headers,
        payload: { name: 'sync\u202Atool', roles: ['analyst'], expiresInDays: 30 },
      });
      assert.deepEqual(plain(token), [['/name', { rule: 'plain_text' }]]);
    });

    test('a person sets the language of their own account; a language Corridor does not speak is refused', async () => {
      const u = await buildUser(t, orgId, ['analyst']);
      const s = await signIn(t, u);
      const session = async () =>
        (await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: s.headers })).json().user.locale;
      const before = await session();
      const set = (locale: unknown, headers: Record<string, string> = s.headers) =>
        t.app.inject({ method: 'PUT', url: '/api/me/language', headers, payload: { locale } });
      const ar = await set('ar');
      assert.equal(ar.statusCode, 200, ar.body);
      assert.deepEqual(ar.json(), { locale: 'ar' });
      assert.equal(await session(), 'ar');
      // The same again changes nothing and writes no audit entry.
      assert.equal((await set('ar')).statusCode, 200);
      const bad = await set('de');
      assert.equal(bad.statusCode, 400, bad.body);
      assert.equal(bad.json().errors[0].pointer, '/locale');
      assert.equal(await session(), 'ar', 'nothing changed by the refusal');
      // Without the CSRF token: refused, as every change from a browser.
      assert.equal((await set('fr', { cookie: s.cookie })).statusCode, 403);
      assert.equal(await session(), 'ar');
      // The administrator's view of the user shows it.
      const admin = await signIn(t, await buildUser(t, orgId, ['admin']));
      const read = await t.app.inject({ method: 'GET', url: `/api/users/${u.id}`, headers: admin.headers });
      assert.equal(read.json().locale, 'ar');
      assert.notEqual(before, 'ar');
      const audits = await t.deps.database.db
        .selectFrom('audit_log')
        .select(['action', 'details'])
        .where('entity_id', '=', u.id)
        .where('action', '=', 'user.language')
        .execute();
      assert.deepEqual(
        audits.map((a) => JSON.parse(a.details).locale),
        ['ar'],
      );
    });

    test('logout ends the session', async () => {
      const u = await buildUser(t, orgId, ['analyst']);
      const s = await signIn(t, u);
      assert.equal(
        (await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: s.headers })).statusCode,
        204,
      );
      assert.equal(
        (await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: s.headers })).statusCode,
        401,
      );
    });
  });
}
