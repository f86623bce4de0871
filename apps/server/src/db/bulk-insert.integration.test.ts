import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { buildOrganisation, engines, startTestApp, type TestApp } from '../../test/harness.ts';
import type { ImportKeyTable } from '../imports/imports.table.ts';
import { insertFlat, insertMany } from './bulk-insert.ts';

// The bulk inserts of the import (db/bulk-insert.ts): multi-row statements on PostgreSQL, one-row statements on the
// transaction's own connection in an SQLite transaction, multi-row `insert or ignore` for a set of keys.
for (const { engine, skip } of engines()) {
  describe(`bulk inserts (${engine})`, { skip }, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine);
    });
    after(() => t?.close());

    const keyRow = (organisationId: string, i: number): ImportKeyTable => ({
      organisation_id: organisationId,
      record_type: 'beneficiary',
      source_key: `bulk-${i}`,
      record_id: randomUUID(),
      row_hash: `hash-${i}`,
      created_at: '2026-11-29T08:00:00.000Z',
      updated_at: '2026-11-29T08:00:00.000Z',
    });
    const COLUMNS = [
      'organisation_id',
      'record_type',
      'source_key',
      'record_id',
      'row_hash',
      'created_at',
      'updated_at',
    ] as const;

    test('write every row with its values, across chunks', async () => {
      const org = await buildOrganisation(t);
      const rows = Array.from({ length: 7 }, (_, i) => keyRow(org.id, i));
      const { db } = t.deps.database;
      await db.transaction().execute((trx) => insertMany(trx, 'import_keys', COLUMNS, rows, 3));
      const stored = await db
        .selectFrom('import_keys')
        .selectAll()
        .where('organisation_id', '=', org.id)
        .orderBy('source_key')
        .execute();
      assert.deepEqual(stored, rows);
    });

    test('a refused row fails the call, and the rolled-back transaction leaves nothing', async () => {
      const org = await buildOrganisation(t);
      const rows = Array.from({ length: 5 }, (_, i) => keyRow(org.id, i));
      rows[3] = keyRow(randomUUID(), 3); // no such organisation: the foreign key refuses the row
      const { db } = t.deps.database;
      await assert.rejects(db.transaction().execute((trx) => insertMany(trx, 'import_keys', COLUMNS, rows, 2)));
      const stored = await db
        .selectFrom('import_keys')
        .select('source_key')
        .where('organisation_id', '=', org.id)
        .execute();
      assert.deepEqual(stored, []);
    });

    test('key rows: a repeat of a stored row is refused, or left out when asked', async () => {
      const { db } = t.deps.database;
      const no = 900_000_000 + Math.floor(Math.random() * 1_000_000);
      const values = [11, no, 12, no, 13, no, 14, no, 15, no];
      await db
        .transaction()
        .execute((trx) => insertFlat(trx, 'beneficiary_name_keys', ['key_hash', 'person_no'], values, 2, true));
      await assert.rejects(
        db
          .transaction()
          .execute((trx) => insertFlat(trx, 'beneficiary_name_keys', ['key_hash', 'person_no'], [16, no, 12, no], 2)),
      );
      await db
        .transaction()
        .execute((trx) =>
          insertFlat(trx, 'beneficiary_name_keys', ['key_hash', 'person_no'], [16, no, 12, no, 17, no], 2, true),
        );
      const stored = await db
        .selectFrom('beneficiary_name_keys')
        .select('key_hash')
        .where('person_no', '=', no)
        .orderBy('key_hash')
        .execute();
      assert.deepEqual(
        stored.map((r) => Number(r.key_hash)),
        [11, 12, 13, 14, 15, 16, 17],
      );
      await db.deleteFrom('beneficiary_name_keys').where('person_no', '=', no).execute();
    });
  });
}
