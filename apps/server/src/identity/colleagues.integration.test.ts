// GET /api/colleagues: the people of the caller's own organisation by name, for the pages that say who holds a case
// or wrote a note. Caseworkers may not list users (e-mails, roles); they may read their colleagues' names.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildOrganisation, buildUser, engines, signIn, startTestApp } from '../../test/harness.ts';
import { createApiToken } from './tokens.service.ts';

for (const { engine, skip } of engines()) {
  describe(`colleagues (${engine})`, { skip }, () => {
    test('a caseworker reads the names of their own organisation’s people, nothing more, and no one else’s', async () => {
      const t = await startTestApp(engine);
      try {
        const org = await buildOrganisation(t);
        const other = await buildOrganisation(t);
        const caseworker = await buildUser(t, org.id, ['caseworker'], { displayName: 'Amal Haddad' });
        const supervisor = await buildUser(t, org.id, ['supervisor'], { displayName: 'Bashir Nour' });
        const outsider = await buildUser(t, other.id, ['caseworker'], { displayName: 'Chol Deng' });
        await t.deps.database.db
          .updateTable('users')
          .set({ disabled_at: t.clock.now().toISOString() })
          .where('id', '=', supervisor.id)
          .execute();

        const session = await signIn(t, caseworker);
        assert.equal(
          (await t.app.inject({ method: 'GET', url: '/api/users', headers: session.headers })).statusCode,
          403,
          'caseworkers still may not list users',
        );
        const res = await t.app.inject({ method: 'GET', url: '/api/colleagues', headers: session.headers });
        assert.equal(res.statusCode, 200, res.body);
        assert.deepEqual(res.json(), {
          items: [
            { id: caseworker.id, displayName: 'Amal Haddad', disabled: false },
            { id: supervisor.id, displayName: 'Bashir Nour', disabled: true },
          ],
        });
        assert.ok(!res.body.includes(outsider.id) && !res.body.includes('Chol Deng'));
        assert.ok(!res.body.includes(caseworker.email), 'no e-mail address');

        // A machine (API token) has no use for colleagues' names.
        const { secret } = await t.deps.database.db.transaction().execute((trx) =>
          createApiToken(
            trx,
            {
              kind: 'session',
              userId: caseworker.id,
              id: caseworker.id,
              organisationId: org.id,
              roles: ['caseworker'],
              secondFactor: 'none',
            },
            { name: 'colleagues test', roles: ['caseworker'], expiresInDays: 1 },
            t.clock.now(),
          ),
        );
        const byToken = await t.app.inject({
          method: 'GET',
          url: '/api/colleagues',
          headers: { authorization: `Bearer ${secret}` },
        });
        assert.equal(byToken.statusCode, 403, byToken.body);
        assert.equal((await t.app.inject({ method: 'GET', url: '/api/colleagues' })).statusCode, 401);
      } finally {
        await t.close();
      }
    });
  });
}
