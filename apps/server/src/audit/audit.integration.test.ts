import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { buildOrganisation, buildUser, engines, signIn, startTestApp, type TestApp } from '../../test/harness.ts';
import { recordAudit, systemActor, verifyAuditChain } from './audit.service.ts';

for (const { engine, skip } of engines()) {
  describe(`audit log (${engine})`, { skip }, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine);
    });
    after(() => t?.close());

    const write = async (n: number) => {
      for (let i = 0; i < n; i++) {
        await t.deps.database.db
          .transaction()
          .execute((trx) =>
            recordAudit(
              trx,
              t.engine,
              systemActor,
              { action: 'test.event', entityType: 'thing', entityId: String(i), details: { i } },
              t.clock.now(),
            ),
          );
      }
    };

    test('an intact chain verifies', async () => {
      await write(5);
      const v = await verifyAuditChain(t.deps.database.db);
      assert.equal(v.ok, true);
      assert.ok(v.checked >= 5);
      assert.ok(v.head);
    });

    test('an edited entry is detected', async () => {
      await write(3);
      const target = (
        await t.deps.database.db.selectFrom('audit_log').select('seq').orderBy('seq', 'desc').limit(2).execute()
      )[1]!.seq;
      await sql`update audit_log set details = ${'{"i":999}'} where seq = ${target}`.execute(t.deps.database.db);
      const v = await verifyAuditChain(t.deps.database.db);
      assert.equal(v.ok, false);
      assert.equal(v.firstBadSeq, target);
      assert.match(v.reason!, /changed/);
      // put it back for the next test: delete everything and start a clean chain
      await sql`delete from audit_log`.execute(t.deps.database.db);
    });

    test('a deleted entry is detected, and a deleted tail is caught by an anchor', async () => {
      await write(6);
      const anchor = (await verifyAuditChain(t.deps.database.db)).head!;
      await sql`delete from audit_log where seq = ${3}`.execute(t.deps.database.db);
      const v = await verifyAuditChain(t.deps.database.db);
      assert.equal(v.ok, false);
      assert.equal(v.firstBadSeq, 3);
      assert.match(v.reason!, /missing/);
      await sql`delete from audit_log`.execute(t.deps.database.db);
      await write(6);
      const head = (await verifyAuditChain(t.deps.database.db)).head!;
      await sql`delete from audit_log where seq = ${head.seq}`.execute(t.deps.database.db);
      assert.equal(
        (await verifyAuditChain(t.deps.database.db)).ok,
        true,
        'without an anchor a removed tail looks like a shorter chain',
      );
      const withAnchor = await verifyAuditChain(t.deps.database.db, head);
      assert.equal(withAnchor.ok, false);
      assert.ok(anchor.seq > 0);
      await sql`delete from audit_log`.execute(t.deps.database.db);
    });

    test('an entry rewritten with a recomputed own hash still breaks the link to the next one', async () => {
      await write(4);
      const { createHash } = await import('node:crypto');
      const row = await t.deps.database.db
        .selectFrom('audit_log')
        .selectAll()
        .where('seq', '=', 2)
        .executeTakeFirstOrThrow();
      const forged = createHash('sha256').update('forged').digest('hex');
      await sql`update audit_log set hash = ${forged} where seq = ${row.seq}`.execute(t.deps.database.db);
      const v = await verifyAuditChain(t.deps.database.db);
      assert.equal(v.ok, false);
      assert.equal(v.firstBadSeq, 2);
      await sql`delete from audit_log`.execute(t.deps.database.db);
    });

    test('creating an organisation and a user through the API is audited, and an auditor can browse it', async () => {
      const home = await buildOrganisation(t);
      const platform = await signIn(t, await buildUser(t, home.id, ['platform_admin']));
      const org = await t.app.inject({
        method: 'POST',
        url: '/api/organisations',
        headers: platform.headers,
        payload: { code: 'AUD-1', name: 'Audited NGO', kind: 'civil_society', country: 'IRQ' },
      });
      assert.equal(org.statusCode, 201);
      const user = await t.app.inject({
        method: 'POST',
        url: '/api/users',
        headers: platform.headers,
        payload: {
          organisationId: org.json().id,
          email: 'new.admin@test.corridor.invalid',
          displayName: 'New Admin',
          roles: ['admin', 'auditor'],
          password: 'Tq7!blue-lantern-88',
        },
      });
      assert.equal(user.statusCode, 201);
      const all = await t.app.inject({ method: 'GET', url: '/api/audit?limit=50', headers: platform.headers });
      const actions = all.json().items.map((e: { action: string }) => e.action);
      assert.ok(actions.includes('organisation.create'));
      assert.ok(actions.includes('user.create'));
      assert.ok(!all.body.includes('Tq7!blue-lantern-88'), 'no password in the audit log');
      // An auditor of another organisation sees nothing of this one.
      const otherOrg = await buildOrganisation(t);
      const auditor = await signIn(t, await buildUser(t, otherOrg.id, ['auditor']));
      const theirs = await t.app.inject({ method: 'GET', url: '/api/audit?limit=200', headers: auditor.headers });
      assert.equal(theirs.statusCode, 200);
      assert.ok(!theirs.body.includes(org.json().id));
      // Filters and paging work.
      const filtered = await t.app.inject({
        method: 'GET',
        url: '/api/audit?action=user.create&limit=1',
        headers: platform.headers,
      });
      assert.equal(filtered.json().items.length, 1);
      assert.equal(filtered.json().items[0].action, 'user.create');
      const v = await t.app.inject({ method: 'GET', url: '/api/audit/verify', headers: platform.headers });
      assert.equal(v.json().ok, true);
    });

    test('if the audit entry cannot be written, the change is not made (fail closed)', async () => {
      const home = await buildOrganisation(t);
      const platform = await signIn(t, await buildUser(t, home.id, ['platform_admin']));
      await sql`alter table audit_log rename to audit_log_away`.execute(t.deps.database.db);
      try {
        const r = await t.app.inject({
          method: 'POST',
          url: '/api/organisations',
          headers: platform.headers,
          payload: { code: 'NOAUDIT', name: 'Never', kind: 'civil_society', country: 'IRQ' },
        });
        assert.equal(r.statusCode, 500);
        assert.ok(r.json().correlationId);
        assert.doesNotMatch(r.body, /audit_log|SQL|select|insert/i, 'no SQL leaks');
      } finally {
        await sql`alter table audit_log_away rename to audit_log`.execute(t.deps.database.db);
      }
      const o = await t.deps.database.db
        .selectFrom('organisations')
        .select('id')
        .where('code', '=', 'NOAUDIT')
        .execute();
      assert.equal(o.length, 0);
    });
  });
}
