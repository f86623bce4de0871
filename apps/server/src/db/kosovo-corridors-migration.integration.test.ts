// Migration 20261130T1200_kosovo_corridors: corridor histories stored under the World Bank's KSV take XKX, on both
// engines; a quarter already held under XKX is kept and its KSV twin dropped.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { engines, freshDatabase } from '../../test/harness.ts';
import { up } from './migrations/20261130T1200_kosovo_corridors.ts';
import { migrateToLatest } from './migrator.ts';

for (const { engine, skip } of engines()) {
  describe(`migration 20261130T1200_kosovo_corridors (${engine})`, { skip }, () => {
    test('KSV corridors become XKX, in either direction, without two rows for one quarter', async () => {
      const { database, drop } = await freshDatabase(engine);
      try {
        const db = database.db;
        await migrateToLatest(db, engine);
        const row = (period: string, source: string, destination: string, cost: number) => ({
          period,
          source_code: source,
          destination_code: destination,
          avg_cost_200: cost,
          avg_cost_500: null,
          avg_fx_margin_200: null,
          avg_fx_margin_500: null,
          providers: 3,
          dataset: 'test',
          loaded_at: new Date().toISOString(),
        });
        await db
          .insertInto('remittance_corridor_history')
          .values([
            row('2025_3Q', 'DEU', 'KSV', 5.1),
            row('2025_4Q', 'DEU', 'KSV', 5.2),
            row('2025_4Q', 'DEU', 'XKX', 4.9),
            row('2025_1Q', 'KSV', 'ALB', 7.5),
            row('2025_1Q', 'ARE', 'BGD', 3.4),
          ])
          .execute();
        await up(db);
        const rows = await db
          .selectFrom('remittance_corridor_history')
          .select(['period', 'source_code', 'destination_code', 'avg_cost_200'])
          .orderBy('source_code')
          .orderBy('destination_code')
          .orderBy('period')
          .execute();
        assert.deepEqual(
          rows.map((r) => `${r.source_code}>${r.destination_code} ${r.period} ${Number(r.avg_cost_200)}`),
          ['ARE>BGD 2025_1Q 3.4', 'DEU>XKX 2025_3Q 5.1', 'DEU>XKX 2025_4Q 4.9', 'XKX>ALB 2025_1Q 7.5'],
        );
      } finally {
        await drop();
      }
    });
  });
}
