import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { engines, freshDatabase } from '../../test/harness.ts';
import { migrateToLatest } from '../db/migrator.ts';
import { processingRegister } from './processing-register.ts';

for (const { engine, skip } of engines()) {
  describe(`processing register (${engine})`, { skip }, () => {
    test('every column of every table is classified, and every classification names a real column', async () => {
      const { database, drop } = await freshDatabase(engine);
      try {
        await migrateToLatest(database.db, engine);
        const rows =
          engine === 'sqlite'
            ? (
                await sql<{
                  t: string;
                  c: string;
                }>`select m.name as t, p.name as c from sqlite_master m join pragma_table_info(m.name) p where m.type = 'table' and m.name not like 'sqlite_%' and m.name not like 'kysely_%'`.execute(
                  database.db,
                )
              ).rows
            : (
                await sql<{
                  t: string;
                  c: string;
                }>`select table_name as t, column_name as c from information_schema.columns where table_schema = current_schema() and table_name not like 'kysely_%'`.execute(
                  database.db,
                )
              ).rows;
        const live = new Set(rows.map((r) => `${r.t}.${r.c}`));
        const registered = new Set(
          Object.entries(processingRegister).flatMap(([t, cols]) => Object.keys(cols).map((c) => `${t}.${c}`)),
        );
        const unclassified = [...live].filter((k) => !registered.has(k));
        assert.deepEqual(unclassified, [], `columns without a classification: ${unclassified.join(', ')}`);
        const stale = [...registered].filter((k) => !live.has(k));
        assert.deepEqual(stale, [], `classified columns that do not exist: ${stale.join(', ')}`);
      } finally {
        await drop();
      }
    });
  });
}
