import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { buildOrganisation, buildUser, engines, startTestApp, type TestApp } from '../../test/harness.ts';
import { findUser } from '../identity/identity.repository.ts';

// The queries of db/prepared.ts run without Kysely's executor on the root database (db/database.ts). They must
// still read only committed data, and keep working when a migration changes their table under them.
for (const { engine, skip } of engines()) {
  describe(`prepared queries (${engine})`, { skip }, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine);
    });
    after(() => t?.close());

    test('read the current row, and never another transaction’s uncommitted write', async () => {
      const org = await buildOrganisation(t);
      const user = await buildUser(t, org.id, ['caseworker'], { displayName: 'Committed name' });
      const { db, sqlite } = t.deps.database;
      assert.equal((await findUser(db, user.id))?.display_name, 'Committed name');

      let read: Promise<{ name: string | undefined; openAtRead: boolean }> | undefined;
      let open = false;
      await db.transaction().execute(async (trx) => {
        open = true;
        await trx.updateTable('users').set({ display_name: 'Not yet committed' }).where('id', '=', user.id).execute();
        read = findUser(db, user.id).then((u) => ({ name: u?.display_name, openAtRead: open }));
        // The read finishes while the write is still open (it never waits for it); a read that waited would be
        // seen here as one that ends only after the transaction (openAtRead false), however slow the machine.
        await Promise.race([read, new Promise((resolve) => setTimeout(resolve, 15_000))]);
        open = false;
      });
      const r = await read!;
      // Both engines read on a connection of their own (SQLite: the read-only one): the committed state at the
      // time of the read, without waiting for the transaction.
      if (engine === 'sqlite') assert.equal(sqlite?.inTransaction, false);
      assert.equal(r.openAtRead, true);
      assert.equal(r.name, 'Committed name');
      assert.equal((await findUser(db, user.id))?.display_name, 'Not yet committed');
    });

    test('keep working when a migration changes their table', async () => {
      const org = await buildOrganisation(t);
      const user = await buildUser(t, org.id, ['caseworker']);
      const { db } = t.deps.database;
      // Use several pooled connections, so the statement is prepared on more than one.
      await Promise.all(Array.from({ length: 5 }, () => findUser(db, user.id)));
      await sql`alter table users add column prepared_test_extra text`.execute(db);
      try {
        const found = await Promise.all(Array.from({ length: 5 }, () => findUser(db, user.id)));
        for (const u of found) assert.equal(u?.id, user.id);
      } finally {
        await sql`alter table users drop column prepared_test_extra`.execute(db);
      }
      assert.equal((await findUser(db, user.id))?.id, user.id);
    });
  });
}
