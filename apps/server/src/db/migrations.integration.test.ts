import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { engines, freshDatabase } from '../../test/harness.ts';
import { DomainError } from '../errors.ts';
import type { Database } from './database.ts';
import { translateDatabaseError } from './dialects/index.ts';
import { migrateDown, migrateToLatest, migrationStatus } from './migrator.ts';

async function tableNames(d: Database): Promise<string[]> {
  const q =
    d.engine === 'sqlite'
      ? sql<{
          name: string;
        }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%'`
      : sql<{
          name: string;
        }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_name not like 'kysely_%'`;
  return (await q.execute(d.db)).rows.map((r) => r.name).sort();
}

for (const { engine, skip } of engines()) {
  describe(`migrations (${engine})`, { skip }, () => {
    test('run up, all the way down, and up again', async () => {
      const { database, drop } = await freshDatabase(engine);
      try {
        const up = await migrateToLatest(database.db, engine);
        assert.ok(up.length >= 1);
        const tables = await tableNames(database);
        assert.ok(tables.includes('users') && tables.includes('audit_log'));
        assert.ok(tables.includes('evidence_membership'), 'the evidence base: consent expiries applied');
        assert.ok((await migrationStatus(database.db, engine)).every((m) => m.executed));
        const down = await migrateDown(database.db, engine);
        assert.equal(down.length, up.length);
        assert.deepEqual(await tableNames(database), []);
        await migrateToLatest(database.db, engine);
        assert.deepEqual(await tableNames(database), tables);
        assert.deepEqual(await migrateToLatest(database.db, engine), [], 'a second run does nothing');
      } finally {
        await drop();
      }
    });

    test('two databases side by side (schemas of one PostgreSQL) each keep their own migration records', async () => {
      // The second is migrated while the first, fully migrated, holds its bookkeeping tables: the second must
      // create its own, not take the first's for them.
      const first = await freshDatabase(engine);
      const second = await freshDatabase(engine);
      try {
        const all = await migrateToLatest(first.database.db, engine);
        assert.deepEqual(await migrateToLatest(second.database.db, engine), all);
        assert.ok((await migrationStatus(second.database.db, engine)).every((m) => m.executed));
        assert.ok((await tableNames(second.database)).includes('users'));
        // Undoing the second's last migration leaves the first as it was.
        await migrateDown(second.database.db, engine, 1);
        assert.ok((await migrationStatus(first.database.db, engine)).every((m) => m.executed));
        assert.equal((await migrationStatus(second.database.db, engine)).filter((m) => !m.executed).length, 1);
      } finally {
        await first.drop();
        await second.drop();
      }
    });

    test('constraint violations become the same domain errors on both engines', async () => {
      const { database, drop } = await freshDatabase(engine);
      try {
        await migrateToLatest(database.db, engine);
        const now = new Date().toISOString();
        const org = {
          id: '11111111-1111-4111-8111-111111111111',
          code: 'DUP',
          name: 'A',
          kind: 'civil_society',
          country: 'SDN',
          referrals_paused: 0,
          demo: 0,
          created_at: now,
          updated_at: now,
          version: 1,
        };
        await database.db.insertInto('organisations').values(org).execute();
        const dup = await database.db
          .insertInto('organisations')
          .values({ ...org, id: '22222222-2222-4222-8222-222222222222' })
          .execute()
          .catch((e) => e);
        const e1 = translateDatabaseError(dup);
        assert.ok(e1 instanceof DomainError);
        assert.equal(e1.code, 'conflict');
        assert.doesNotMatch(e1.message, /DUP/, 'the value is not repeated');
        const fk = await database.db
          .insertInto('user_roles')
          .values({ user_id: '33333333-3333-4333-8333-333333333333', role: 'admin' })
          .execute()
          .catch((e) => e);
        const e2 = translateDatabaseError(fk);
        assert.ok(e2 instanceof DomainError);
        assert.equal(e2.code, 'invalid_reference');
        const other = new Error('boom');
        assert.equal(translateDatabaseError(other), other);
      } finally {
        await drop();
      }
    });
  });
}
