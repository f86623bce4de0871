// The embedded database while another process holds SQLite's only write lock (a `corridor import` beside the
// server): reads go on, writes wait without stalling the process, and a write that waits too long gets a 503.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { DomainError } from '../errors.ts';
import { findUser } from '../identity/identity.repository.ts';
import { type Database, openDatabase } from './database.ts';
import { readRowsInTransaction } from './dialects/sqlite-driver.ts';
import { migrateToLatest } from './migrator.ts';

describe('embedded database beside another writer', () => {
  let dir: string;
  let file: string;
  let database: Database;
  let other: SQLite.Database;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corridor-writer-'));
    file = path.join(dir, 'corridor.sqlite');
    database = openDatabase({ sqliteFile: file, busyTimeoutMs: 1500 });
    await migrateToLatest(database.db, database.engine);
    await sql`insert into organisations (id, code, name, kind, country, created_at, updated_at)
      values ('00000000-0000-4000-8000-000000000001', 'LOCK', 'Lock test', 'civil_society', 'SDN', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`.execute(
      database.db,
    );
    // Another process's connection (same file, its own handle), as `corridor import` would have.
    other = new SQLite(file);
  });
  after(async () => {
    other.close();
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const holdLock = () => {
    other.exec('begin immediate');
    other.exec(`update organisations set name = 'Uncommitted' where code = 'LOCK'`);
  };

  test('reads answer at once and see only committed rows while the other holds the write lock', async () => {
    holdLock();
    try {
      const t0 = Date.now();
      const r = await database.db.selectFrom('organisations').select('name').where('code', '=', 'LOCK').execute();
      assert.equal(r[0]?.name, 'Lock test');
      assert.equal(await findUser(database.db, '00000000-0000-4000-8000-00000000ffff'), undefined);
      assert.ok(Date.now() - t0 < 500, 'reads did not wait for the lock');
    } finally {
      other.exec('rollback');
    }
  });

  test('a transaction waits for the lock without stalling the process, then runs', async () => {
    holdLock();
    const ticks: number[] = [];
    const timer = setInterval(() => ticks.push(Date.now()), 10);
    setTimeout(() => other.exec('rollback'), 300);
    const t0 = Date.now();
    await database.db.transaction().execute(async (trx) => {
      await trx.updateTable('organisations').set({ name: 'Renamed' }).where('code', '=', 'LOCK').execute();
    });
    clearInterval(timer);
    const waited = Date.now() - t0;
    assert.ok(waited >= 250, `the transaction waited for the lock (${waited} ms)`);
    // The event loop kept turning while the transaction waited: no gap of more than 150 ms between ticks.
    const gaps = ticks.slice(1).map((t, i) => t - ticks[i]!);
    assert.ok(ticks.length > 10 && Math.max(...gaps) < 150, `largest gap ${Math.max(...gaps)} ms`);
    const r = await database.db.selectFrom('organisations').select('name').where('code', '=', 'LOCK').execute();
    assert.equal(r[0]?.name, 'Renamed');
  });

  test('single writes outside a transaction wait the same way', async () => {
    holdLock();
    setTimeout(() => other.exec('rollback'), 200);
    await database.db.updateTable('organisations').set({ name: 'Again' }).where('code', '=', 'LOCK').execute();
    const r = await database.db.selectFrom('organisations').select('name').where('code', '=', 'LOCK').execute();
    assert.equal(r[0]?.name, 'Again');
  });

  test('a write that waits longer than the busy timeout is refused with service_unavailable, and nothing is written', async () => {
    holdLock();
    try {
      await assert.rejects(
        database.db.transaction().execute(async (trx) => {
          await trx.updateTable('organisations').set({ name: 'Never' }).where('code', '=', 'LOCK').execute();
        }),
        (err: unknown) => err instanceof DomainError && err.code === 'service_unavailable',
      );
    } finally {
      other.exec('rollback');
    }
    const r = await database.db.selectFrom('organisations').select('name').where('code', '=', 'LOCK').execute();
    assert.equal(r[0]?.name, 'Again');
    // The process's own writer is free again.
    await database.db.updateTable('organisations').set({ name: 'Free' }).where('code', '=', 'LOCK').execute();
  });

  test('transactions of this process run one after another, each seeing the previous one committed', async () => {
    await sql`create table if not exists lock_counter (n integer not null)`.execute(database.db);
    await sql`insert into lock_counter values (0)`.execute(database.db);
    await Promise.all(
      Array.from({ length: 20 }, () =>
        database.db.transaction().execute(async (trx) => {
          const r = await sql<{ n: number }>`select n from lock_counter`.execute(trx);
          await new Promise((resolve) => setTimeout(resolve, 1));
          await sql`update lock_counter set n = ${r.rows[0]!.n + 1}`.execute(trx);
        }),
      ),
    );
    const r = await sql<{ n: number }>`select n from lock_counter`.execute(database.db);
    assert.equal(r.rows[0]!.n, 20);
  });

  test('a commit the database refuses leaves nothing behind and the writer free for the next transactions', async () => {
    let inside = 0;
    let most = 0;
    const counted = () =>
      database.db.transaction().execute(async (trx) => {
        inside++;
        most = Math.max(most, inside);
        await sql`update lock_counter set n = n + 1`.execute(trx);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inside--;
      });
    const failing = database.db.transaction().execute(async (trx) => {
      // Checked at commit: a user of an organisation that does not exist.
      await sql`pragma defer_foreign_keys = on`.execute(trx);
      await sql`insert into users (id, organisation_id, email, display_name, password_hash, locale, created_at, updated_at)
        values ('00000000-0000-4000-8000-00000000aaaa', '00000000-0000-4000-8000-00000000dead', 'x@example.invalid', 'X', 'x', 'en',
        '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`.execute(trx);
      // Others queue for the writer meanwhile.
      await new Promise((resolve) => setTimeout(resolve, 20));
    });
    const others = [counted(), counted(), counted()];
    await assert.rejects(failing, (err: unknown) =>
      String((err as { code?: unknown }).code).startsWith('SQLITE_CONSTRAINT'),
    );
    await Promise.all(others);
    // They ran one after the other: the failed transaction let go of the writer once, not twice.
    assert.equal(most, 1);
    const r = await sql<{ n: number }>`select count(*) as n from users`.execute(database.db);
    assert.equal(Number(r.rows[0]!.n), 0);
  });
  test('a read on the connection of a transaction answers arrays and sees its uncommitted writes', async () => {
    const text = `select code, name from organisations where code = ? /* rows as arrays (test) */`;
    // Outside a transaction there is no connection of its own: the caller goes through Kysely.
    assert.equal(await readRowsInTransaction(database.db, text, ['LOCK']), undefined);
    const committed = await database.db.selectFrom('organisations').select('name').where('code', '=', 'LOCK').execute();
    await database.db
      .transaction()
      .execute(async (trx) => {
        await sql`update organisations set name = 'Inside' where code = 'LOCK'`.execute(trx);
        assert.deepEqual(await readRowsInTransaction(trx, text, ['LOCK']), [['LOCK', 'Inside']]);
        // Others' statements of another text still answer objects.
        const r = await trx.selectFrom('organisations').select('name').where('code', '=', 'LOCK').execute();
        assert.deepEqual(r, [{ name: 'Inside' }]);
        throw new Error('roll back');
      })
      .catch((err: unknown) => assert.equal((err as Error).message, 'roll back'));
    const r = await database.db.selectFrom('organisations').select('name').where('code', '=', 'LOCK').execute();
    assert.deepEqual(r, committed, 'rolled back');
  });
});
